"""The linkage to care of a reactive rapid test, from the orientation to the confirmation.

Each action records one thing that happened to the person on the way to care, names the
linkage statuses it is open from and the status it leads to. Only a reactive result is linked;
the linkage ends at the confirmation (or not) of the diagnosis, and a person lost to follow-up
can be oriented again or be seen after all. The services of ``services.py`` perform them; the
test's page and the API list them from here.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.prevention.enums import LinkageStatus, TestResult
from lien.prevention.models import RapidTest
from lien.workflow.engine import Workflow, action, register

RECORD = Perm.PREVENTION_RECORD


def _reactive(test: RapidTest, user: User | None) -> Promise | None:
    if test.result != TestResult.REACTIVE:
        return _("Seul un résultat réactif est orienté vers le soin.")
    return None


LINKAGES: Workflow[RapidTest] = register(
    Workflow(
        key="rapid_test_linkage",
        model=RapidTest,
        states=LinkageStatus,
        state_field="linkage_status",
        actions=(
            action(
                "orient",
                _("Orienter vers le soin"),
                sources=[LinkageStatus.NOT_ORIENTED, LinkageStatus.LOST],
                target=LinkageStatus.ORIENTED,
                permission=RECORD,
                guards=[_reactive],
            ),
            action(
                "record_seen",
                _("Reçu·e par la structure de soins"),
                sources=[LinkageStatus.ORIENTED, LinkageStatus.LOST],
                target=LinkageStatus.SEEN,
                permission=RECORD,
                guards=[_reactive],
            ),
            action(
                "record_confirmed",
                _("Diagnostic confirmé, prise en charge"),
                sources=[LinkageStatus.SEEN],
                target=LinkageStatus.CONFIRMED,
                permission=RECORD,
                guards=[_reactive],
            ),
            action(
                "record_not_confirmed",
                _("Résultat non confirmé"),
                sources=[LinkageStatus.SEEN],
                target=LinkageStatus.NOT_CONFIRMED,
                permission=RECORD,
                guards=[_reactive],
            ),
            action(
                "record_lost",
                _("Perdu·e de vue"),
                sources=[LinkageStatus.ORIENTED, LinkageStatus.SEEN],
                target=LinkageStatus.LOST,
                permission=RECORD,
                guards=[_reactive],
            ),
        ),
    )
)
