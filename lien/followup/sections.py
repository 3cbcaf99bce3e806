"""What the apps built on the follow-up contribute to it, so that ``followup`` names none of them.

- **contact sources**: a record that says the team met or reached a person (an attended
  appointment, a rapid test, an assessment…) leaves a date; the last contact and the rupture of
  follow-up are computed by the database over every registered source.
- **missed meetings**: a meeting the person missed since the last contact puts them on the call
  list (the appointments app registers its missed appointments).
- **page sections**: a part of a person's follow-up page (orientations, appointments,
  accompaniments, prevention), as ``people/panels.py`` does for the person's page.
- **call list sections**: a part of the call list (the past appointments whose outcome is still to
  record).
- **urgencies**: a reason to call a person back, with its rank (the urgent first): a reactive
  test awaiting confirmation, an orientation without outcome, rights lapsing… Each source answers,
  in one query, which people of the organisations need a call and since when.

An app registers in its ``AppConfig.ready()``; the registries are filled before any request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, Subquery
from django.db.models.signals import post_delete, post_init, post_save

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from lien.accounts.models import User
    from lien.people.models import Person


@dataclass(frozen=True)
class ContactSource:
    """``model`` rows with ``person`` whose date (``lookup``, ``…__date`` for a datetime) is a
    contact when ``condition`` holds."""

    model: type[Model]
    lookup: str
    condition: Q


# A function of the person's follow-up row (``OuterRef("person_id")``, ``OuterRef("last_contact_on")``)
# that returns the date of a meeting missed since the last contact, or NULL.
MissedMeeting = Callable[[], Subquery]
# (user, person) -> the context of a section (``template`` and its data), or None to hide it.
Section = Callable[["User", "Person"], dict[str, Any] | None]
# (user, organisation ids, mine) -> the context of a call list section, or None.
CallSection = Callable[["User", set[int], bool], dict[str, Any] | None]

_CONTACT_SOURCES: list[ContactSource] = []
_MISSED_MEETINGS: list[MissedMeeting] = []
_SECTIONS: list[tuple[int, str, Section]] = []
_CALL_SECTIONS: list[tuple[int, str, CallSection]] = []


@dataclass(frozen=True)
class Urgency:
    """A reason to call a person back. ``rank`` orders the call list (lower first): a reactive
    test awaiting confirmation 10, a missed appointment 20, an orientation without outcome 30,
    rights lapsing or lapsed 40, a rupture of follow-up 50, a contact due 60."""

    rank: int
    code: str
    label: "StrPromise"


# (user, organisation ids, today) -> {person id: the date the reason dates from}. The source
# answers only what this user may know (a test result: those who see results).
UrgencySource = Callable[["User", set[int], date], dict[int, date]]
_URGENCIES: list[tuple[Urgency, UrgencySource]] = []


def urgency(rank: int, code: str, label: "StrPromise") -> Callable[[UrgencySource], UrgencySource]:
    """Register a reason to call people back (see ``Urgency``)."""

    def decorator(func: UrgencySource) -> UrgencySource:
        if all(known.code != code for known, _ in _URGENCIES):
            _URGENCIES.append((Urgency(rank, code, label), func))
            _URGENCIES.sort(key=lambda item: item[0].rank)
        return func

    return decorator


def urgencies() -> list[tuple[Urgency, UrgencySource]]:
    return list(_URGENCIES)


def contact_source(model: type[Model], lookup: str, condition: Q | None = None) -> None:
    """Register a source; each write of its rows keeps the days of contact in step
    (``contact_days``)."""
    source = ContactSource(model, lookup, condition if condition is not None else Q())
    if source not in _CONTACT_SOURCES:
        _CONTACT_SOURCES.append(source)
    from lien.followup import contact_days  # the registry is filled in AppConfig.ready()

    label = model._meta.label_lower
    post_init.connect(contact_days.on_source_loaded, sender=model, dispatch_uid=f"days_loaded_{label}")
    post_save.connect(contact_days.on_source_saved, sender=model, dispatch_uid=f"days_saved_{label}")
    post_delete.connect(contact_days.on_source_deleted, sender=model, dispatch_uid=f"days_gone_{label}")


def contact_sources() -> list[ContactSource]:
    return list(_CONTACT_SOURCES)


def missed_meeting(func: MissedMeeting) -> MissedMeeting:
    if func not in _MISSED_MEETINGS:
        _MISSED_MEETINGS.append(func)
    return func


def missed_meetings() -> list[MissedMeeting]:
    return list(_MISSED_MEETINGS)


def _add[F](registry: list[tuple[int, str, F]], order: int, func: F) -> None:
    name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"
    if all(existing != name for _, existing, _ in registry):
        registry.append((order, name, func))
        registry.sort(key=lambda item: (item[0], item[1]))


def section(order: int) -> Callable[[Section], Section]:
    """Register a section of the follow-up page (sections are shown by ``order``)."""

    def decorator(func: Section) -> Section:
        _add(_SECTIONS, order, func)
        return func

    return decorator


def call_section(order: int) -> Callable[[CallSection], CallSection]:
    """Register a section of the call list."""

    def decorator(func: CallSection) -> CallSection:
        _add(_CALL_SECTIONS, order, func)
        return func

    return decorator


def sections_for(user: "User", person: "Person") -> list[dict[str, Any]]:
    return [part for _, _, func in _SECTIONS if (part := func(user, person)) is not None]


def call_sections_for(user: "User", organisation_ids: set[int], mine: bool) -> list[dict[str, Any]]:
    return [part for _, _, func in _CALL_SECTIONS if (part := func(user, organisation_ids, mine)) is not None]
