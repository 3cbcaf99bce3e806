"""The one way views and the API reach a programme, a session or a registration: within the
organisations where the user reads the workshops (``workshops.view``), keeps them (``write``:
``workshops.manage``) or registers people (``workshops.register``); 404 otherwise, for missing and
forbidden alike. A patient partner reaches only the sessions they facilitate, as a record of a few
columns (``FacilitatedSession``): never a registration, never a name."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.workshops.enums import SessionTheme
from lien.workshops.models import WorkshopProgramme, WorkshopRegistration, WorkshopSession


def get_programme_for_user(user: User, pk: int, *, write: bool = False) -> WorkshopProgramme:
    programme = (
        WorkshopProgramme.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )
    if programme is None or (write and not has_perm(user, Perm.WORKSHOPS_MANAGE, programme.organisation_id)):
        raise Http404("Programme introuvable.")
    if not write:
        JournalEntry.log_view(user=user, obj=programme, organisation=programme.organisation)
    return programme


def get_programme_to_register(user: User, pk: int) -> WorkshopProgramme:
    """A programme where the user registers people (``workshops.register``)."""
    programme = (
        WorkshopProgramme.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    )
    if programme is None or not has_perm(user, Perm.WORKSHOPS_REGISTER, programme.organisation_id):
        raise Http404("Programme introuvable.")
    return programme


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> WorkshopSession:
    session = (
        WorkshopSession.objects.visible_to(user)
        .select_related("programme__organisation")
        .filter(pk=pk)
        .first()
    )
    if session is None or (
        write and not has_perm(user, Perm.WORKSHOPS_MANAGE, session.programme.organisation_id)
    ):
        raise Http404("Séance introuvable.")
    return session


def attendance_sheet(user: User, pk: int) -> tuple[WorkshopSession, list[WorkshopRegistration]]:
    """A session the user keeps and the people registered on its day, by name: the sheet's
    reading is journalled."""
    session = get_session_for_user(user, pk, write=True)
    registrations = list(
        WorkshopRegistration.objects.filter(programme_id=session.programme_id, person__isnull=False)
        .in_force(session.day)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    organisation = session.programme.organisation
    JournalEntry.log_view(user=user, obj=session, organisation=organisation)
    JournalEntry.log_views(user=user, objs=registrations, organisation=organisation)
    return session, registrations


def get_registration_for_user(user: User, pk: int) -> WorkshopRegistration:
    """A registration the user may withdraw (``workshops.register``); the write is journalled by
    the service."""
    registration = (
        WorkshopRegistration.objects.visible_to(user)
        .select_related("programme__organisation", "person")
        .filter(pk=pk)
        .first()
    )
    if registration is None or not has_perm(
        user, Perm.WORKSHOPS_REGISTER, registration.programme.organisation_id
    ):
        raise Http404("Inscription introuvable.")
    return registration


@dataclass(frozen=True)
class FacilitatedSession:
    """All a patient partner reads of a session they facilitate: when, where, what about, for
    which programme, and how many people are registered — never who."""

    id: int
    programme_title: str
    starts_at: datetime
    duration_minutes: int
    place: str
    theme: str
    theme_label: str
    participants: int


def facilitated_sessions(user: User) -> list[FacilitatedSession]:
    """The sessions a patient partner facilitates, the most recent first. Two queries: the
    sessions' columns, then the registration dates of their programmes (counted here)."""
    rows = list(
        WorkshopSession.objects.facilitated_by(user)
        .order_by("-starts_at", "-pk")
        .values("pk", "programme_id", "programme__title", "starts_at", "duration_minutes", "place", "theme")
    )
    dates: dict[int, list[tuple]] = {}
    for programme_id, registered_on, withdrawn_on in WorkshopRegistration.objects.filter(
        programme_id__in={row["programme_id"] for row in rows}
    ).values_list("programme_id", "registered_on", "withdrawn_on"):
        dates.setdefault(programme_id, []).append((registered_on, withdrawn_on))
    sessions = []
    for row in rows:
        day = timezone.localtime(row["starts_at"]).date()
        count = sum(
            1
            for registered_on, withdrawn_on in dates.get(row["programme_id"], [])
            if registered_on <= day and (withdrawn_on is None or withdrawn_on > day)
        )
        sessions.append(
            FacilitatedSession(
                id=row["pk"],
                programme_title=row["programme__title"],
                starts_at=row["starts_at"],
                duration_minutes=row["duration_minutes"],
                place=row["place"],
                theme=row["theme"],
                theme_label=str(SessionTheme(row["theme"]).label),
                participants=count,
            )
        )
    return sessions
