"""The lifecycle of an improvement proposal: from its draft to the answer it received.

Each action names the statuses it is open from and the status it leads to. The facts each one
records (to whom and when it was sent, the answer and its date) are checked by its service in
``services.py``; the page lists the actions from here.
"""

from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm
from lien.improvements.enums import Status
from lien.improvements.models import ImprovementProposal
from lien.workflow.engine import Workflow, action, register

CHANGE = Perm.SAISINE_CHANGE
AWAITING_DECISION = [Status.SENT, Status.ANSWERED]

IMPROVEMENTS: Workflow[ImprovementProposal] = register(
    Workflow(
        key="improvement",
        model=ImprovementProposal,
        states=Status,
        actions=(
            action(
                "create", _("Rédiger une proposition"), sources=(), target=Status.DRAFT, permission=CHANGE
            ),
            action("send", _("Transmettre"), sources=[Status.DRAFT], target=Status.SENT, permission=CHANGE),
            action(
                "record_answer",
                _("Enregistrer la réponse"),
                sources=[Status.SENT],
                target=Status.ANSWERED,
                permission=CHANGE,
            ),
            action(
                "record_implemented",
                _("Noter la mise en œuvre"),
                sources=AWAITING_DECISION,
                target=Status.IMPLEMENTED,
                permission=CHANGE,
            ),
            action(
                "reject",
                _("Noter qu'elle n'est pas retenue"),
                sources=AWAITING_DECISION,
                target=Status.REJECTED,
                permission=CHANGE,
            ),
        ),
    )
)
