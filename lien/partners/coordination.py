"""The coordinator's view of a patient-partner programme (issue 12, point 6): what waits for the
coordination — trainings to validate, conventions ending or ended, proposals waiting for the
patient's consent or choice — and the figures of a period. One function, ``overview``, that the
page and the API both read.

The coordination keeps the registry; it does not follow the patients. Nothing here names a
patient: the accompaniments are counted, the pending ones listed by number, date and who
proposed them. Apps above add their own section (the workshops) through ``register``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.partners.enums import AccompanimentStatus, EndReason
from lien.partners.models import (
    Convention,
    PartnerAccompaniment,
    PartnerDifficulty,
    PartnerMeeting,
    PatientPartner,
    Training,
)

# A convention ending within this many days is shown to the coordination (as the notification).
CONVENTION_WARNING_DAYS = 30
# A proposal left this many days without the patient's answer is shown as waiting long.
PROPOSAL_WAITING_DAYS = 30


@dataclass(frozen=True)
class Figures:
    """The programme's figures over a period, each a count of rows dated in the period."""

    partners_active: int
    partners_proposable: int
    proposals: int
    consents: int
    contacts: int
    ended: int
    withdrawn: int
    meetings: int
    meeting_minutes: int
    difficulties: int
    difficulties_handled: int


@dataclass(frozen=True)
class Pending:
    """An accompaniment waiting for the patient: a number and dates, never a name."""

    id: int
    status: str
    proposed_on: date
    proposed_by: str
    days: int
    partner: str


@dataclass
class Overview:
    organisation_ids: set[int]
    start: date
    end: date
    today: date
    figures: Figures
    trainings_to_validate: list[Training]
    conventions_ending: list[Convention]
    conventions_ended: list[Convention]
    pending: list[Pending]
    # Sections of the apps above, each a dict with "template" and its context.
    sections: list[dict[str, Any]] = field(default_factory=list)


type Section = Callable[[User, set[int], date, date], dict[str, Any] | None]
_SECTIONS: list[Section] = []


def register(section: Section) -> Section:
    """An app above adds a section (its template and context) to the coordinator's view."""
    _SECTIONS.append(section)
    return section


def coordinated_organisations(user: User) -> set[int]:
    """The organisations whose registry the user keeps."""
    return organisation_ids_for(user, Perm.PARTNERS_MANAGE)


def _related(organisation_ids: set[int]) -> "QuerySet[PartnerAccompaniment]":
    """The accompaniments of the programme: with one of its partners, or — before the patient's
    choice — proposing one of them."""
    return PartnerAccompaniment.objects.filter(
        Q(partner__organisation_id__in=organisation_ids)
        | Q(partner__isnull=True, suggested__organisation_id__in=organisation_ids)
    )


def _figures(organisation_ids: set[int], start: date, end: date, today: date) -> Figures:
    partners = PatientPartner.objects.filter(organisation_id__in=organisation_ids, active=True)
    accompaniments = PartnerAccompaniment.objects.filter(pk__in=_related(organisation_ids).values("pk"))
    in_period = Q(ended_on__range=(start, end))
    ends = accompaniments.aggregate(
        proposals=Count("pk", filter=Q(proposed_on__range=(start, end))),
        consents=Count("pk", filter=Q(consented_on__range=(start, end))),
        contacts=Count("pk", filter=Q(contacted_on__range=(start, end))),
        ended=Count("pk", filter=in_period),
        withdrawn=Count("pk", filter=in_period & Q(end_reason=EndReason.WITHDRAWN)),
    )
    meetings = PartnerMeeting.objects.filter(
        accompaniment__partner__organisation_id__in=organisation_ids, met_on__range=(start, end)
    ).aggregate(count=Count("pk"), minutes=Sum("duration_minutes"))
    difficulties = PartnerDifficulty.objects.filter(
        accompaniment__partner__organisation_id__in=organisation_ids, signalled_on__range=(start, end)
    ).aggregate(count=Count("pk"), handled=Count("pk", filter=Q(handled_at__isnull=False)))
    return Figures(
        partners_active=partners.count(),
        partners_proposable=partners.proposable(today).count(),
        proposals=ends["proposals"],
        consents=ends["consents"],
        contacts=ends["contacts"],
        ended=ends["ended"],
        withdrawn=ends["withdrawn"],
        meetings=meetings["count"],
        meeting_minutes=meetings["minutes"] or 0,
        difficulties=difficulties["count"],
        difficulties_handled=difficulties["handled"],
    )


def _pending(organisation_ids: set[int], today: date) -> list[Pending]:
    """The proposals still waiting for the patient (consent, then choice), oldest first."""
    rows = (
        PartnerAccompaniment.objects.filter(
            pk__in=_related(organisation_ids).values("pk"),
            status__in=[AccompanimentStatus.PROPOSED, AccompanimentStatus.CONSENTED],
        )
        .select_related("proposed_by", "partner")
        .order_by("proposed_on", "pk")
    )
    return [
        Pending(
            id=row.pk,
            status=row.get_status_display(),
            proposed_on=row.proposed_on,
            proposed_by=row.proposed_by.get_full_name(),
            days=(today - row.proposed_on).days,
            partner=row.partner.display_name if row.partner else "",
        )
        for row in rows
    ]


def overview(user: User, *, start: date, end: date, today: date) -> Overview:
    """What the coordination of ``user``'s organisations sees for the period ``start``–``end``."""
    organisation_ids = coordinated_organisations(user)
    trainings = (
        Training.objects.filter(partner__organisation_id__in=organisation_ids, validated_at__isnull=True)
        .select_related("partner")
        .order_by("completed_on", "pk")
    )
    conventions = (
        Convention.objects.filter(partner__organisation_id__in=organisation_ids, partner__active=True)
        .select_related("partner")
        .order_by("ends_on", "pk")
    )
    ending = conventions.filter(ends_on__range=(today, today + timedelta(days=CONVENTION_WARNING_DAYS)))
    # Ended and not followed by one in force: the partner cannot be proposed any more.
    ended = conventions.filter(
        ends_on__range=(today - timedelta(days=CONVENTION_WARNING_DAYS), today - timedelta(days=1))
    ).exclude(partner__in=PatientPartner.objects.proposable(today))
    result = Overview(
        organisation_ids=organisation_ids,
        start=start,
        end=end,
        today=today,
        figures=_figures(organisation_ids, start, end, today),
        trainings_to_validate=list(trainings),
        conventions_ending=list(ending),
        conventions_ended=list(ended),
        pending=_pending(organisation_ids, today),
    )
    for section in _SECTIONS:
        contributed = section(user, organisation_ids, start, end)
        if contributed is not None:
            result.sections.append(contributed)
    return result


@dataclass(frozen=True)
class Waiting:
    """What waits for the coordination, counted for the home page (three queries)."""

    trainings: int
    conventions: int
    proposals: int

    def __bool__(self) -> bool:
        return bool(self.trainings or self.conventions or self.proposals)


def waiting_for(user: User, today: date) -> Waiting | None:
    """The counts of ``overview``'s lists, for a user who keeps a registry (else None)."""
    organisation_ids = coordinated_organisations(user)
    if not organisation_ids:
        return None
    return Waiting(
        trainings=Training.objects.filter(
            partner__organisation_id__in=organisation_ids, validated_at__isnull=True
        ).count(),
        conventions=Convention.objects.filter(
            partner__organisation_id__in=organisation_ids,
            partner__active=True,
            ends_on__range=(today, today + timedelta(days=CONVENTION_WARNING_DAYS)),
        ).count(),
        proposals=PartnerAccompaniment.objects.filter(
            pk__in=_related(organisation_ids).values("pk"),
            status__in=[AccompanimentStatus.PROPOSED, AccompanimentStatus.CONSENTED],
        ).count(),
    )
