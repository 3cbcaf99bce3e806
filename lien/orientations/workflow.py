"""The lifecycle of an orientation's outcome: did the person go to the structure?

Each action names the outcomes it is open from and the outcome it leads to. A failure (did not
go, refused) says why — the difficulty feeds the partnership file of the directory, and so does
a waiting list, from which the person goes, gives up or is refused — and an outcome recorded too
early can be corrected: back to pending, or "went" after "did not go". The services of
``services.py`` perform them; the page and the API list them from here.
"""

from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm
from lien.followup.workflow import person_not_anonymised
from lien.orientations.enums import Outcome
from lien.orientations.models import Orientation
from lien.workflow.engine import Workflow, action, register

CHANGE = Perm.FOLLOWUP_CHANGE
GUARDS = [person_not_anonymised]

ORIENTATIONS: Workflow[Orientation] = register(
    Workflow(
        key="orientation",
        model=Orientation,
        states=Outcome,
        state_field="outcome",
        actions=(
            action(
                "orient",
                _("Orienter la personne"),
                sources=(),
                target=Outcome.PENDING,
                permission=CHANGE,
                guards=GUARDS,
            ),
            action(
                "record_went",
                _("La personne y est allée"),
                sources=[Outcome.PENDING, Outcome.WAITING_LIST, Outcome.DID_NOT_GO],
                target=Outcome.WENT,
                permission=CHANGE,
                guards=GUARDS,
            ),
            action(
                "record_did_not_go",
                _("La personne n'y est pas allée"),
                sources=[Outcome.PENDING, Outcome.WAITING_LIST],
                target=Outcome.DID_NOT_GO,
                permission=CHANGE,
                guards=GUARDS,
            ),
            action(
                "record_refused",
                _("La structure a refusé la personne"),
                sources=[Outcome.PENDING, Outcome.WAITING_LIST],
                target=Outcome.REFUSED,
                permission=CHANGE,
                guards=GUARDS,
            ),
            action(
                "record_waiting_list",
                _("La personne est sur liste d'attente"),
                sources=[Outcome.PENDING],
                target=Outcome.WAITING_LIST,
                permission=CHANGE,
                guards=GUARDS,
            ),
            action(
                "reset_outcome",
                _("Remettre la suite en attente (correction)"),
                sources=[Outcome.WENT, Outcome.DID_NOT_GO, Outcome.REFUSED, Outcome.WAITING_LIST],
                target=Outcome.PENDING,
                permission=CHANGE,
                guards=GUARDS,
            ),
        ),
    )
)
