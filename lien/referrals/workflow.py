"""The lifecycle of a referral: received, taken in charge (the person's file linked), then
closed or declined — each with a short feedback the doctor reads."""

from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm
from lien.referrals.enums import Status
from lien.referrals.models import Referral
from lien.workflow.engine import Workflow, action, register

HANDLE = Perm.REFERRAL_HANDLE

REFERRALS: Workflow[Referral] = register(
    Workflow(
        key="referral",
        model=Referral,
        states=Status,
        actions=(
            action(
                "refer",
                _("Adresser un·e patient·e"),
                sources=(),
                target=Status.NEW,
                permission=Perm.REFERRAL_CREATE,
            ),
            action(
                "take", _("Prendre en charge"), sources=[Status.NEW], target=Status.TAKEN, permission=HANDLE
            ),
            action(
                "decline",
                _("Ne pas prendre en charge"),
                sources=[Status.NEW],
                target=Status.DECLINED,
                permission=HANDLE,
            ),
            action(
                "close",
                _("Terminer l'accompagnement"),
                sources=[Status.TAKEN],
                target=Status.CLOSED,
                permission=HANDLE,
            ),
            action(
                "give_feedback",
                _("Donner des nouvelles au médecin"),
                sources=[Status.TAKEN, Status.CLOSED],
                permission=HANDLE,
            ),
        ),
    )
)
