"""The lifecycle of a procedure of access to rights: every action a user may take on it.

Each action names the steps it is open from, the step it leads to (None: the procedure stays
where it is), the permission it needs and the guards that must hold. A granted right is never
reopened: it is renewed by a new procedure (``renew`` on the granted one, ``start`` on the new
one). The services of ``services.py`` perform them; the page and the API list them from here.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.rights.enums import Status
from lien.rights.models import Procedure
from lien.workflow.engine import Workflow, action, register

CHANGE = Perm.RIGHTS_CHANGE


def _person_not_anonymised(procedure: Procedure, user: User | None) -> Promise | None:
    if procedure.person.is_anonymised:
        return _("Cette fiche est anonymisée.")
    return None


def _not_renewed_yet(procedure: Procedure, user: User | None) -> Promise | None:
    if procedure.renewals.exclude(status=Status.ABANDONED).exists():
        return _("Le renouvellement est déjà commencé.")
    return None


PROCEDURES: Workflow[Procedure] = register(
    Workflow(
        key="procedure",
        model=Procedure,
        states=Status,
        actions=(
            action(
                "start",
                _("Commencer la démarche"),
                sources=(),
                target=Status.DOCUMENTS,
                permission=CHANGE,
                guards=[_person_not_anonymised],
            ),
            action(
                "file",
                _("Déposer le dossier"),
                sources=[Status.DOCUMENTS],
                target=Status.FILED,
                permission=CHANGE,
            ),
            action(
                # A file sent back for a missing document returns to the documents.
                "return_to_documents",
                _("Dossier renvoyé : pièce manquante"),
                sources=[Status.FILED],
                target=Status.DOCUMENTS,
                permission=CHANGE,
            ),
            action(
                "grant",
                _("Droits accordés"),
                sources=[Status.FILED],
                target=Status.GRANTED,
                permission=CHANGE,
            ),
            action(
                "refuse",
                _("Demande refusée"),
                sources=[Status.FILED],
                target=Status.REFUSED,
                permission=CHANGE,
            ),
            action(
                "abandon",
                _("Abandonner la démarche"),
                sources=[Status.DOCUMENTS, Status.FILED],
                target=Status.ABANDONED,
                permission=CHANGE,
            ),
            action(
                # After a refusal (new documents, an appeal) or an abandon: gather again.
                "resume",
                _("Reprendre la démarche"),
                sources=[Status.REFUSED, Status.ABANDONED],
                target=Status.DOCUMENTS,
                permission=CHANGE,
            ),
            action(
                # Granted rights stay granted: the renewal is a new procedure, started once.
                "renew",
                _("Commencer le renouvellement"),
                sources=[Status.GRANTED],
                permission=CHANGE,
                guards=[_person_not_anonymised, _not_renewed_yet],
            ),
        ),
    )
)
