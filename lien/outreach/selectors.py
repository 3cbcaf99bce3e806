"""Reads of outreach: sessions with their counts, the session of the day, a session's summary."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import Count, Q

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.outreach.enums import Topic
from lien.outreach.models import Contact, OutreachSession
from lien.people.enums import AgeBand, Gender


@dataclass
class SessionFilters:
    kind: str = ""
    held_from: date | None = None
    held_to: date | None = None


def sessions_for(user: User, filters: SessionFilters | None = None):
    filters = filters or SessionFilters()
    sessions = (
        OutreachSession.objects.visible_to(user)
        .select_related("organisation", "commune")
        .annotate(  # a join does not go through the manager: deleted contacts are left out here
            contacts_count=Count("contacts", filter=Q(contacts__deleted_at__isnull=True), distinct=True),
            identified_count=Count(
                "contacts",
                filter=Q(contacts__person__isnull=False, contacts__deleted_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-id")
    )
    if filters.kind:
        sessions = sessions.filter(kind=filters.kind)
    if filters.held_from:
        sessions = sessions.filter(held_on__gte=filters.held_from)
    if filters.held_to:
        sessions = sessions.filter(held_on__lte=filters.held_to)
    return sessions


def todays_sessions(user: User, today: date) -> list[OutreachSession]:
    """Sessions of the day where the user may record, the user's own first."""
    sessions = (
        OutreachSession.objects.filter(
            organisation_id__in=organisation_ids_for(user, Perm.OUTREACH_RECORD), held_on=today
        )
        .select_related("commune", "organisation")
        .annotate(mine=Count("team", filter=Q(team=user)))
        .order_by("-mine", "-id")
    )
    return list(sessions)


def contact_for_client_id(*, session: OutreachSession, client_id: UUID) -> Contact | None:
    """The contact a phone already sent with this identifier (the same contact sent again)."""
    # A deleted one too: sent again, it stays deleted (and its identifier is taken).
    return Contact.all_objects.filter(organisation_id=session.organisation_id, client_id=client_id).first()


@dataclass
class SessionSummary:
    total: int
    identified: int
    anonymous: int
    # (code, label, count), in the order of the codes
    by_topic: list[tuple[str, str, int]]
    by_age_band: list[tuple[str, str, int]]
    by_gender: list[tuple[str, str, int]]


def session_summary(session: OutreachSession) -> SessionSummary:
    """Counts of a session: in two queries, whatever the number of contacts."""
    contacts = list(Contact.objects.filter(session=session).values_list("person_id", "age_band", "gender"))
    topics = Counter(Contact.objects.filter(session=session).values_list("topics__topic", flat=True))
    age_bands = Counter(age for _, age, _ in contacts)
    genders = Counter(gender for _, _, gender in contacts)
    identified = sum(1 for person_id, _, _ in contacts if person_id)
    return SessionSummary(
        total=len(contacts),
        identified=identified,
        anonymous=len(contacts) - identified,
        by_topic=[(code, str(label), topics[code]) for code, label in Topic.choices if topics[code]],
        by_age_band=[
            (code, str(label), age_bands[code]) for code, label in AgeBand.choices if age_bands[code]
        ],
        by_gender=[(code, str(label), genders[code]) for code, label in Gender.choices if genders[code]],
    )
