"""The lifecycle of an accompaniment by a patient partner (seed 003): proposed to the patient,
who signs a consent, chooses a partner and makes the contact; withdrawn by the patient at any
time, or ended."""

from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm
from lien.partners.enums import AccompanimentStatus as Status
from lien.partners.models import PartnerAccompaniment
from lien.workflow.engine import Workflow, action, register

ACCOMPANY = Perm.PARTNER_ACCOMPANY

ACCOMPANIMENTS: Workflow[PartnerAccompaniment] = register(
    Workflow(
        key="partner_accompaniment",
        model=PartnerAccompaniment,
        states=Status,
        actions=(
            action(
                "propose",
                _("Proposer un·e patient·e partenaire"),
                sources=(),
                target=Status.PROPOSED,
                permission=Perm.PARTNER_PROPOSE,
            ),
            action(
                "record_consent",
                _("Enregistrer le consentement signé"),
                sources=[Status.PROPOSED],
                target=Status.CONSENTED,
                permission=ACCOMPANY,
            ),
            action(
                "choose_partner",
                _("Noter le choix du ou de la patient·e et la prise de contact"),
                sources=[Status.CONSENTED],
                target=Status.CONTACTED,
                permission=ACCOMPANY,
            ),
            action(
                "withdraw",
                _("Le ou la patient·e se retire"),
                sources=[Status.PROPOSED, Status.CONSENTED, Status.CONTACTED],
                target=Status.ENDED,
                permission=ACCOMPANY,
            ),
            action(
                "end",
                _("Terminer l'accompagnement"),
                sources=[Status.CONTACTED],
                target=Status.ENDED,
                permission=ACCOMPANY,
            ),
        ),
    )
)
