"""Reads of appointments: the team agenda of a week (appointments, accompaniments, permanences)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from lien.accounts.models import User
from lien.appointments.enums import Status
from lien.appointments.models import Accompaniment, Appointment
from lien.appointments.states import reminder_states, with_reminder_state
from lien.lib.dates import start_of_day


@dataclass
class AgendaItem:
    kind: str  # "appointment", "accompaniment" or "permanence"
    starts: time | None
    title: str
    place: str
    who: str
    url: str = ""
    needs_accompaniment: bool = False
    reminder: str = ""  # the state of the appointment's reminder (states.reminder_state)
    # The organisation of the person the item names (none for a permanence): the API journals
    # the read of the agenda in it.
    organisation_id: int | None = None


@dataclass
class AgendaDay:
    day: date
    items: list[AgendaItem] = field(default_factory=list)


# The agenda reads weeks between these days: a date far outside (year 1, year 9999) has no
# appointment and cannot be turned into a moment of the server's time zone.
EARLIEST_WEEK, LATEST_WEEK = date(1900, 1, 1), date(2999, 12, 31)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week, ``day`` taken within [EARLIEST_WEEK, LATEST_WEEK]."""
    day = min(max(day, EARLIEST_WEEK), LATEST_WEEK)
    return day - timedelta(days=day.weekday())


def _bounds(monday: date) -> tuple[datetime, datetime]:
    start = start_of_day(monday)
    return start, start + timedelta(days=7)


def _permanences(
    organisation_ids: set[int], monday: date, member: User | None
) -> list[tuple[date, AgendaItem]]:
    """The outreach sessions of the week (permanences, visits, rounds), when outreach is installed."""
    try:
        session_model = apps.get_model("outreach", "OutreachSession")
    except LookupError:
        return []
    sessions = (
        session_model.objects.filter(
            organisation_id__in=organisation_ids, held_on__gte=monday, held_on__lt=monday + timedelta(days=7)
        )
        .select_related("commune")
        .prefetch_related("team")
    )
    if member is not None:
        sessions = sessions.filter(team=member)
    return [
        (
            session.held_on,
            AgendaItem(
                kind="permanence",
                starts=None,
                title=f"{session.get_kind_display()} — {session.place}",
                place=session.commune.name if session.commune else "",
                who=", ".join(str(user) for user in session.team.all()),
            ),
        )
        for session in sessions
    ]


def week_agenda(*, organisation_ids: set[int], monday: date, member: User | None = None) -> list[AgendaDay]:
    """The seven days from ``monday``: appointments (not cancelled), accompaniments, permanences;
    only those of ``member`` when one is given."""
    start, end = _bounds(monday)
    appointments = (
        Appointment.objects.filter(
            organisation_id__in=organisation_ids, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(status=Status.CANCELLED)
        .select_related("person", "mediator")
        .order_by("starts_at")
    )
    accompaniments = Accompaniment.objects.filter(
        organisation_id__in=organisation_ids, on__gte=monday, on__lt=monday + timedelta(days=7)
    ).select_related("person", "accompanied_by")
    if member is not None:
        appointments = appointments.filter(mediator=member)
        accompaniments = accompaniments.filter(accompanied_by=member)
    days = [AgendaDay(monday + timedelta(days=offset)) for offset in range(7)]
    listed = list(with_reminder_state(appointments))
    reminders = reminder_states(listed)
    for appointment in listed:
        local = timezone.localtime(appointment.starts_at)
        days[(local.date() - monday).days].items.append(
            AgendaItem(
                kind="appointment",
                starts=local.time(),
                title=f"{appointment.person.display_name} — {appointment.professional}",
                place=appointment.place,
                who=str(appointment.mediator or ""),
                url=reverse("appointments:detail", args=[appointment.pk]),
                needs_accompaniment=appointment.accompaniment_needed,
                reminder=reminders[appointment.pk],
                organisation_id=appointment.organisation_id,
            )
        )
    for accompaniment in accompaniments:
        days[(accompaniment.on - monday).days].items.append(
            AgendaItem(
                kind="accompaniment",
                starts=None,
                title=f"Accompagnement de {accompaniment.person.display_name}",
                place=accompaniment.destination,
                who=str(accompaniment.accompanied_by),
                organisation_id=accompaniment.organisation_id,
            )
        )
    for held_on, item in _permanences(organisation_ids, monday, member):
        days[(held_on - monday).days].items.append(item)
    for agenda_day in days:
        agenda_day.items.sort(key=lambda item: (item.starts is None, item.starts or time.min))
    return days
