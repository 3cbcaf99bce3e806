"""What the saisine pages show, decided in plain functions so that templates only read values:
the deadline of a saisine today, and the actions a user may take on it now."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.saisines.enums import OPEN_STATUSES, Status
from lien.saisines.models import Saisine, SaisineEvent
from lien.saisines.workflow import SAISINES

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Deadline:
    """The next date owed on a saisine: the first answer (also owed by a saisine declared not
    receivable until its notice is sent), then, on an open one, the closure objective."""

    due_on: date | None
    days_left: int | None
    late: bool
    days_late: int = 0


def deadline_of(saisine: Saisine, today: date) -> Deadline:
    owes_answer = saisine.owes_first_answer
    if not owes_answer and saisine.status not in OPEN_STATUSES:
        return Deadline(due_on=None, days_left=None, late=False)
    due_on = saisine.answer_due_on if owes_answer else saisine.objective_due_on
    # Late from the first date missed: the answer owed, else the closure objective.
    missed = due_on if due_on < today else saisine.objective_due_on
    late = missed < today and (due_on is missed or saisine.status in OPEN_STATUSES)
    return Deadline(
        due_on=due_on,
        days_left=(due_on - today).days,
        late=late,
        days_late=(today - missed).days if late else 0,
    )


# The action panels of the page and the named actions (``workflow.SAISINES``) each performs:
# the receivability panel decides either way.
PANEL_ACTIONS: dict[str, tuple[str, ...]] = {
    "examine": ("examine",),
    "record_perimeter": ("record_perimeter",),
    "decide_receivability": ("declare_receivable", "declare_not_receivable"),
    "acknowledge": ("acknowledge",),
    "instruct": ("instruct",),
    "record_cra": ("record_cra",),
    "propose_equity": ("propose_equity",),
    "decide_equity": ("decide_equity",),
    "resume_instruction": ("resume_instruction",),
    "close": ("close",),
    "record_court_action": ("record_court_action",),
    "reopen": ("reopen",),
    "declare_conflict": ("declare_conflict",),
    "request_exchange": ("request_exchange",),
    "answer_exchange": ("answer_exchange",),
    "add_note": ("add_note",),
    "add_document": ("add_document",),
    "complete_task": ("complete_task",),
}


def open_panels(user: User, saisine: Saisine) -> dict[str, bool]:
    """Which panels the page shows this user now: those with an action the table allows."""
    names = {a.name for a in SAISINES.available(user, saisine)}
    return {panel: any(name in names for name in acts) for panel, acts in PANEL_ACTIONS.items()}


def panel_permitted(user: User, saisine: Saisine, panel: str) -> bool:
    return any(SAISINES.permitted(user, saisine, name) for name in PANEL_ACTIONS[panel])


def refusal(user: User, saisine: Saisine, panel: str) -> str:
    """Why the panel's action was refused now (the table's reason)."""
    for name in PANEL_ACTIONS[panel]:
        reason = SAISINES.refusal(saisine, name, user)
        if reason:
            return reason
    return gettext("Cette action n'est pas possible maintenant.")


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
    "notice_sent": _("Notification de non-recevabilité envoyée"),
    "conclusions_sent": _("Conclusions envoyées"),
    # The named actions (workflow.SAISINES), as the history reads them.
    "examine": _("Mise en examen"),
    "record_perimeter": _("Périmètre enregistré"),
    "declare_receivable": _("Déclarée recevable"),
    "declare_not_receivable": _("Déclarée non recevable"),
    "acknowledge": _("Accusé de recevabilité"),
    "instruct": _("Instruction commencée"),
    "request_exchange": _("Demande à un service"),
    "answer_exchange": _("Réponse d'un service"),
    "record_cra": _("CRA"),
    "propose_equity": _("Proposition en équité"),
    "decide_equity": _("Décision en équité"),
    "resume_instruction": _("Instruction reprise"),
    "close": _("Clôture"),
    "record_court_action": _("Recours contentieux"),
    "record_later_court_action": _("Recours contentieux après la clôture"),
    "reopen": _("Réouverture"),
    "declare_conflict": _("Conflit d'intérêts"),
    "add_document": _("Document ajouté"),
}


def _action_label(kind: str) -> str:
    return str(SAISINES[kind].label) if kind in SAISINES else kind


@dataclass(frozen=True)
class EventRow:
    event: SaisineEvent
    label: str
    from_status: "str | StrPromise"
    to_status: "str | StrPromise"


def event_rows(events: Iterable[SaisineEvent]) -> list[EventRow]:
    def status_label(code: str) -> "str | StrPromise":
        return Status(code).label if code in Status.values else code

    return [
        EventRow(
            event=event,
            label=str(EVENT_LABELS.get(event.kind) or _action_label(event.kind)),
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
    "mine": _("Mes dossiers"),
}
