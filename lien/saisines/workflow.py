"""The lifecycle of a saisine: every action a user may take on it, in one table.

Each action names the statuses it is open from, the status it leads to (None: the case stays
where it is), the permission it needs and the guards that must hold. The services of
``services.py`` perform them; the page and the API list them from here.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.saisines.enums import OPEN_STATUSES, EquityDecision, ResolutionMode, Status
from lien.saisines.models import Saisine
from lien.workflow.engine import Workflow, action, register

ANY = list(Status.values)
OPEN = list(OPEN_STATUSES)


def _no_court_action(saisine: Saisine, user: User | None) -> Promise | None:
    if saisine.court_action_pending:
        return _("Un recours contentieux est engagé : la saisine ne peut pas être recevable.")
    return None


def _no_pending_equity(saisine: Saisine, user: User | None) -> Promise | None:
    if saisine.equity_decision == EquityDecision.PENDING:
        return _("Une proposition en équité attend la décision du directeur.")
    return None


def _equity_pending(saisine: Saisine, user: User | None) -> Promise | None:
    if saisine.equity_decision != EquityDecision.PENDING:
        return _("Aucune proposition en équité n'attend de décision.")
    return None


def _not_already_accepted(saisine: Saisine, user: User | None) -> Promise | None:
    if saisine.status == Status.PROPOSAL and saisine.equity_decision == EquityDecision.ACCEPTED:
        return _("Le directeur a accepté la proposition en équité : clôturez la saisine.")
    return None


def _equity_mode_decided(saisine: Saisine, user: User | None) -> Promise | None:
    """A closure "in equity" counts as such in the annual report: the director must have accepted
    a proposal on this very saisine."""
    if (
        saisine.resolution_mode == ResolutionMode.EQUITY_PROPOSAL
        and saisine.equity_decision != EquityDecision.ACCEPTED
    ):
        return _("Une clôture en équité suppose une proposition acceptée par le directeur.")
    return None


def _recusal(saisine: Saisine, user: User) -> str | None:
    """A mediator who declared a conflict of interest takes no further action on the case."""
    if saisine.pk and saisine.conflicts.filter(declared_by=user).exists():
        return gettext("Vous avez déclaré un conflit d'intérêts sur ce dossier : il est confié au suppléant.")
    return None


CHANGE = Perm.SAISINE_CHANGE

SAISINES: Workflow[Saisine] = register(
    Workflow(
        key="saisine",
        model=Saisine,
        states=Status,
        recusal=_recusal,
        actions=(
            action(
                "receive", _("Enregistrer la saisine"), sources=(), target=Status.RECEIVED, permission=CHANGE
            ),
            action(
                "examine",
                _("Mettre en examen"),
                sources=[Status.RECEIVED],
                target=Status.UNDER_REVIEW,
                permission=CHANGE,
            ),
            action(
                "record_perimeter",
                _("Qualifier le périmètre"),
                sources=[Status.RECEIVED, Status.UNDER_REVIEW],
                target=Status.UNDER_REVIEW,
                permission=CHANGE,
            ),
            action(
                "declare_receivable",
                _("Déclarer recevable"),
                sources=[Status.RECEIVED, Status.UNDER_REVIEW],
                target=Status.RECEIVABLE,
                permission=CHANGE,
                guards=[_no_court_action],
            ),
            action(
                "declare_not_receivable",
                _("Déclarer non recevable"),
                sources=[Status.RECEIVED, Status.UNDER_REVIEW],
                target=Status.NOT_RECEIVABLE,
                permission=CHANGE,
            ),
            action(
                "acknowledge",
                _("Accuser réception de la recevabilité"),
                sources=[Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL],
                permission=CHANGE,
            ),
            action(
                "instruct",
                _("Commencer l'instruction"),
                sources=[Status.RECEIVABLE],
                target=Status.IN_INSTRUCTION,
                permission=CHANGE,
            ),
            action(
                "request_exchange", _("Solliciter un service de la caisse"), sources=OPEN, permission=CHANGE
            ),
            action("answer_exchange", _("Enregistrer la réponse du service"), sources=ANY, permission=CHANGE),
            action("record_cra", _("Relation avec la CRA"), sources=OPEN, permission=CHANGE),
            action(
                "propose_equity",
                _("Proposer une solution en équité au directeur"),
                # As soon as the case is receivable: no service need be asked first.
                sources=[Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL],
                target=Status.PROPOSAL,
                permission=Perm.EQUITY_PROPOSE,
                guards=[_no_pending_equity, _not_already_accepted],
            ),
            action(
                "decide_equity",
                _("Décider de la proposition en équité"),
                sources=OPEN,
                permission=Perm.EQUITY_DECIDE,
                guards=[_equity_pending],
            ),
            action(
                "resume_instruction",
                _("Reprendre l'instruction"),
                sources=[Status.PROPOSAL],
                target=Status.IN_INSTRUCTION,
                permission=CHANGE,
                guards=[_no_pending_equity],
            ),
            action(
                "close",
                _("Clôturer la saisine"),
                sources=[Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL, Status.NOT_RECEIVABLE],
                target=Status.CLOSED,
                permission=CHANGE,
                guards=[_no_pending_equity, _equity_mode_decided],
            ),
            action(
                "record_court_action",
                _("Enregistrer un recours contentieux (met fin à la médiation)"),
                sources=OPEN,
                target=Status.ENDED_COURT_ACTION,
                permission=CHANGE,
            ),
            action(
                "record_later_court_action",
                _("Enregistrer un recours contentieux postérieur à la clôture"),
                sources=[Status.CLOSED, Status.NOT_RECEIVABLE],
                permission=CHANGE,
                offered=False,
            ),
            action(
                "reopen",
                _("Rouvrir la saisine (nouvel examen)"),
                sources=[Status.CLOSED, Status.NOT_RECEIVABLE],
                target=Status.UNDER_REVIEW,
                permission=CHANGE,
            ),
            action("declare_conflict", _("Déclarer un conflit d'intérêts"), sources=OPEN, permission=CHANGE),
            action("add_note", _("Ajouter une note"), sources=ANY, permission=CHANGE),
            action("add_document", _("Ajouter un document"), sources=ANY, permission=CHANGE),
            action("complete_task", _("Marquer une tâche comme faite"), sources=ANY, permission=CHANGE),
        ),
    )
)
