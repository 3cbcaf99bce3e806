"""Reads of the follow-up: the last contact with each person, ruptures, the call list.

The last contact is what every record that says the team met or reached the person gives: the
sources the apps built on the follow-up register (``sections.py``), whose days ``ContactDay``
keeps in one indexed table (``contact_days.py``).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import DateField, F, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Greatest, TruncDate

from lien.accounts.enums import Role
from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for, role_grants
from lien.followup import sections
from lien.followup.enums import DEFAULT_RUPTURE_DAYS
from lien.followup.models import ContactDay, Followup, FollowupSettings

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def contact_sources() -> Iterator[tuple[type[Model], str, Combinable, Q]]:
    """``(model, date lookup, date expression, condition)`` of each registered source
    (``sections.contact_source``)."""
    for source in sections.contact_sources():
        field = source.lookup.removesuffix("__date")
        expression = TruncDate(field) if source.lookup.endswith("__date") else F(field)
        yield source.model, source.lookup, expression, source.condition


def _last_contact_day() -> Subquery:
    """The person's last day of contact (``ContactDay``, kept from every registered source)."""
    return Subquery(
        ContactDay.objects.filter(person_id=OuterRef("person_id")).order_by("-day").values("day")[:1],
        output_field=DateField(),
    )


class LastContact(TypedDict):
    """The annotation of ``with_last_contact``."""

    last_contact_on: date


def with_last_contact(
    queryset: QuerySet[Followup],
) -> "QuerySet[WithAnnotations[Followup, LastContact]]":
    """Annotate ``last_contact_on``: the latest contact, and at least the start of the follow-up."""
    floor = F("started_on")
    last = Coalesce(_last_contact_day(), floor, output_field=DateField())
    return queryset.annotate(last_contact_on=Greatest(last, floor, output_field=DateField()))


def rupture_cutoffs(organisation_ids: set[int], today: date) -> dict[int, date]:
    """Per organisation, the date before which a last contact means a rupture of follow-up."""
    delays = dict(
        FollowupSettings.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "rupture_days"
        )
    )
    return {org: today - timedelta(days=delays.get(org, DEFAULT_RUPTURE_DAYS)) for org in organisation_ids}


def _rupture_q(cutoffs: dict[int, date]) -> Q:
    condition = Q(pk__in=[])
    for org, cutoff in cutoffs.items():
        condition |= Q(organisation_id=org, last_contact_on__lt=cutoff)
    return condition


def followups_in_rupture(*, organisation_ids: set[int], today: date) -> QuerySet[Followup]:
    """Active follow-ups without any contact for longer than their organisation's delay."""
    cutoffs = rupture_cutoffs(organisation_ids, today)
    return (
        with_last_contact(
            Followup.objects.active().filter(
                organisation_id__in=organisation_ids, person__anonymised_at__isnull=True
            )
        )
        .filter(_rupture_q(cutoffs))
        .select_related("person", "referent")
        .order_by("last_contact_on", "pk")
    )


def _missed_since_last_contact() -> Combinable:
    """The date of a meeting the person missed since the last contact (registered sources)."""
    parts = [func() for func in sections.missed_meetings()]
    if not parts:
        return Value(None, output_field=DateField())
    return parts[0] if len(parts) == 1 else Coalesce(*parts, output_field=DateField())


# The ranks of the reasons the follow-up itself knows (``sections.Urgency`` for the others).
MISSED_RANK, RUPTURE_RANK, DUE_RANK = 20, 50, 60


@dataclass(frozen=True)
class Reason:
    urgency: sections.Urgency
    since: date


@dataclass
class CallRow:
    followup: Followup
    due_on: date | None = None
    silent_since: date | None = None
    missed_on: date | None = None
    # The reasons the apps built on the follow-up add (a reactive test, an orientation…).
    reasons: list[Reason] = field(default_factory=list)

    @property
    def urgency(self) -> tuple[int, date]:
        """(rank, date) of the most urgent reason: the call list's order."""
        found = [(reason.urgency.rank, reason.since) for reason in self.reasons]
        found += [
            (rank, day)
            for rank, day in (
                (MISSED_RANK, self.missed_on),
                (RUPTURE_RANK, self.silent_since),
                (DUE_RANK, self.due_on),
            )
            if day is not None
        ]
        return min(found)


@dataclass
class CallList:
    rows: list[CallRow] = field(default_factory=list)
    # What the apps built on the follow-up add to the list (``sections.call_section``).
    sections: list[dict[str, Any]] = field(default_factory=list)


def call_list_for(user: User, *, today: date, mine: bool = False) -> CallList:
    """The call-back list's rows (``call_rows_for``) and the sections the apps add (the past
    appointments whose outcome is still to record): the page's whole list."""
    ids = organisation_ids_for(user, Perm.FOLLOWUP_VIEW)
    return CallList(
        rows=call_rows_for(user, today=today, mine=mine), sections=sections.call_sections_for(user, ids, mine)
    )


def call_rows_for(user: User, *, today: date, mine: bool = False) -> list[CallRow]:
    """The people to call back, the urgent first: a reactive test awaiting confirmation, a missed
    appointment, an orientation without outcome after 30 days, rights lapsing within 60 days or
    lapsed (the reasons the apps register, ``sections.urgency``), then ruptures of follow-up and
    contacts due. One query for the rows and one per registered reason, whatever the size. The
    API and the home page read these alone, without the apps' sections."""
    ids = organisation_ids_for(user, Perm.FOLLOWUP_VIEW)
    cutoffs = rupture_cutoffs(ids, today)
    registered = [(known, source(user, ids, today)) for known, source in sections.urgencies()]
    urgent_people = {person_id for _known, found in registered for person_id in found}
    followups = (
        with_last_contact(
            Followup.objects.active().filter(organisation_id__in=ids, person__anonymised_at__isnull=True)
        )
        .annotate(missed_on=_missed_since_last_contact())
        .filter(
            Q(next_contact_on__lte=today)
            | _rupture_q(cutoffs)
            | Q(missed_on__isnull=False)
            | Q(person_id__in=urgent_people)
        )
        .select_related("person__commune", "referent")
    )
    if mine:
        followups = followups.filter(referent=user)
    rows = []
    for followup in followups:
        rows.append(
            CallRow(
                followup=followup,
                due_on=followup.next_contact_on
                if followup.next_contact_on and followup.next_contact_on <= today
                else None,
                silent_since=followup.last_contact_on
                if followup.last_contact_on < cutoffs[followup.organisation_id]
                else None,
                missed_on=followup.missed_on,
                reasons=[
                    Reason(known, found[followup.person_id])
                    for known, found in registered
                    if followup.person_id in found
                ],
            )
        )
    rows.sort(key=lambda row: (row.urgency, row.followup.pk))
    return rows


def team_members(organisation_ids: set[int] | list[int], perm: Perm = Perm.FOLLOWUP_VIEW) -> QuerySet[User]:
    """Active users holding ``perm`` in one of these organisations (referents, agenda, accompaniers)."""
    roles = [role.value for role in Role if role_grants(role, perm)]
    return (
        User.objects.filter(
            is_active=True, memberships__organisation_id__in=organisation_ids, memberships__role__in=roles
        )
        .distinct()
        .order_by("full_name", "email")
    )
