"""What the saisine pages show, decided in plain functions so that templates only read values:
the deadline of a saisine today, and the actions a user may take on it now."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, has_perm
from lien.saisines.enums import OPEN_STATUSES, TRANSITIONS, EquityDecision, Status
from lien.saisines.models import Saisine, SaisineEvent


@dataclass(frozen=True)
class Deadline:
    """The next date owed on an open saisine: the first answer, then the closure objective."""

    due_on: date | None
    days_left: int | None
    late: bool


def deadline_of(saisine: Saisine, today: date) -> Deadline:
    if saisine.status not in OPEN_STATUSES:
        return Deadline(due_on=None, days_left=None, late=False)
    answered = saisine.first_answer_on is not None
    due_on = saisine.objective_due_on if answered else saisine.answer_due_on
    late = (not answered and saisine.answer_due_on < today) or saisine.objective_due_on < today
    return Deadline(due_on=due_on, days_left=(due_on - today).days, late=late)


@dataclass(frozen=True)
class Actions:
    """The actions of the detail page the user may take now (permissions × transition table)."""

    add_note: bool = False
    add_document: bool = False
    answer_exchange: bool = False
    complete_task: bool = False
    record_perimeter: bool = False
    decide_receivability: bool = False
    acknowledge: bool = False
    request_exchange: bool = False
    record_cra: bool = False
    record_court_action: bool = False
    propose_equity: bool = False
    decide_equity: bool = False
    close: bool = False
    reopen: bool = False
    declare_conflict: bool = False

    def allows(self, action: str) -> bool:
        return bool(getattr(self, action))


def actions_for(user, saisine: Saisine) -> Actions:
    status = saisine.status
    allowed = TRANSITIONS.get(status, set())
    is_open = status in OPEN_STATUSES
    change = has_perm(user, Perm.SAISINE_CHANGE, saisine.organisation_id)
    pending = saisine.equity_decision == EquityDecision.PENDING
    refused = saisine.equity_decision == EquityDecision.REFUSED
    proposing = status == Status.IN_INSTRUCTION or (status == Status.PROPOSAL and refused)
    return Actions(
        add_note=change,
        add_document=change,
        answer_exchange=change,
        complete_task=change,
        record_perimeter=change and status in {Status.RECEIVED, Status.UNDER_REVIEW},
        decide_receivability=change and status in {Status.RECEIVED, Status.UNDER_REVIEW},
        acknowledge=change and status in {Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL},
        request_exchange=change and is_open,
        record_cra=change and is_open,
        record_court_action=change and Status.ENDED_COURT_ACTION in allowed,
        propose_equity=proposing and has_perm(user, Perm.EQUITY_PROPOSE, saisine.organisation_id),
        decide_equity=pending and is_open and has_perm(user, Perm.EQUITY_DECIDE, saisine.organisation_id),
        close=change and (Status.CLOSED in allowed or status == Status.RECEIVABLE),
        reopen=change and status in {Status.CLOSED, Status.NOT_RECEIVABLE} and Status.UNDER_REVIEW in allowed,
        declare_conflict=change and is_open,
    )


# The permission each action needs; the others need Perm.SAISINE_CHANGE.
ACTION_PERMS = {"propose_equity": Perm.EQUITY_PROPOSE, "decide_equity": Perm.EQUITY_DECIDE}


def refusal(saisine: Saisine, action: str) -> str:
    """Why an action the page does not offer now was refused."""
    if action == "decide_equity":
        return gettext("Aucune proposition en équité n'attend de décision.")
    if action == "propose_equity" and saisine.equity_decision == EquityDecision.PENDING:
        return gettext("Une proposition en équité attend déjà la décision du directeur.")
    return gettext("Cette action n'est pas possible pour une saisine au statut « %(status)s ».") % {
        "status": saisine.get_status_display()
    }


EVENT_LABELS = {
    "received": _("Réception"),
    "imported": _("Import"),
    "transition": _("Changement de statut"),
    "perimeter": _("Périmètre enregistré"),
    "transferred": _("Transmission au service réclamations"),
    "acknowledged": _("Accusé de recevabilité"),
    "cra": _("CRA"),
    "equity_proposed": _("Proposition en équité"),
    "equity_decided": _("Décision en équité"),
    "conflict": _("Conflit d'intérêts"),
    "exchange_requested": _("Demande à un service"),
    "exchange_answered": _("Réponse d'un service"),
    "document_added": _("Document ajouté"),
}


@dataclass(frozen=True)
class EventRow:
    event: SaisineEvent
    label: str
    from_status: str
    to_status: str


def event_rows(events) -> list[EventRow]:
    def status_label(code: str) -> str:
        return Status(code).label if code in Status.values else code

    return [
        EventRow(
            event=event,
            label=str(EVENT_LABELS.get(event.kind, event.kind)),
            from_status=status_label(event.from_status),
            to_status=status_label(event.to_status),
        )
        for event in events
    ]


QUEUE_LABELS = {
    "due_soon": _("Réponse due sous 7 jours"),
    "late": _("En retard"),
    "awaiting_service": _("En attente d'un service"),
    "awaiting_director": _("En attente du directeur"),
}
