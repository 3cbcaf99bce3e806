"""What the home page shows a user, decided from their roles in plain functions: the template
only reads the values.

- the mediation team of a fund (institutional mediator, assistant, deputy): the work queues
  with their counts and "Mes dossiers";
- the director of a fund: the equity proposals awaiting their decision and the fund's key figures
  of the year;
- a coordinator above the funds (national, regional, or of a fund): the figures of the network;
- community roles, and any role held in an association: the home as it was (person search,
  files viewed recently);
- everyone: their unread notifications.

The queries do not grow with the saisines: a fixed number per section, and one annual report
per fund or network the user answers for.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import Membership, Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.followup.selectors import CallRow, call_rows_for
from lien.notifications.models import Notification
from lien.notifications.selectors import unread_for
from lien.partners.coordination import Waiting, waiting_for
from lien.reports.annual import annual_report
from lien.saisines.display import QUEUE_LABELS, Deadline, deadline_of
from lien.saisines.models import Saisine
from lien.saisines.selectors import QUEUES, SaisineFilters, queue_counts, saisines_for

DESK_ROLES = frozenset({Role.INSTITUTIONAL_MEDIATOR, Role.ASSISTANT, Role.DEPUTY})
# A coordinator of an association reads the programme's activity, not saisines: their home stays
# the community one.
NETWORK_KINDS = frozenset({OrganisationKind.NATIONAL, OrganisationKind.REGIONAL, OrganisationKind.FUND})
MY_CASES = 10
PROPOSALS = 50
NOTIFICATIONS = 5
CALLS = 5


@dataclass(frozen=True)
class QueueLink:
    code: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class CaseRow:
    reference: str
    url: str
    status: str
    deadline: Deadline


@dataclass(frozen=True)
class Desk:
    """The work of a fund's mediation team (over every fund where the user holds such a role)."""

    queues: list[QueueLink]
    my_cases: list[CaseRow]
    my_cases_count: int
    my_cases_url: str


@dataclass(frozen=True)
class KeyFigures:
    organisation: str
    year: int
    received: int
    closed: int
    mean_delay_days: float | None
    within_7_percent: float | None
    reiterations: int
    report_url: str


@dataclass(frozen=True)
class DirectorDesk:
    organisation: str
    proposals: list[CaseRow]
    proposals_url: str  # the work list of every proposal awaiting a decision
    figures: KeyFigures


@dataclass(frozen=True)
class Home:
    memberships: list[Membership]
    desk: Desk | None
    director_desks: list[DirectorDesk]
    networks: list[KeyFigures]
    community: bool  # the person search and the files viewed recently
    notifications: list[Notification]
    # The most urgent people to call back (the follow-up team of a community organisation).
    calls: list[CallRow] = field(default_factory=list)
    calls_count: int = 0
    # What waits for the coordination of a patient-partner registry (None: keeps none).
    partner_programme: Waiting | None = None


def _queue_url(code: str) -> str:
    return f"{reverse('saisines:list')}?{urlencode({'queue': code})}"


def _case_row(saisine: Saisine, today: date) -> CaseRow:
    return CaseRow(
        reference=saisine.reference,
        url=reverse("saisines:detail", args=[saisine.pk]),
        status=saisine.get_status_display(),
        deadline=deadline_of(saisine, today),
    )


def desk_for(user: User, *, today: date) -> Desk:
    counts = queue_counts(user, today=today)
    mine = saisines_for(user, SaisineFilters(queue="mine"), today=today)[:MY_CASES]
    return Desk(
        queues=[QueueLink(code, str(QUEUE_LABELS[code]), counts[code], _queue_url(code)) for code in QUEUES],
        my_cases=[_case_row(saisine, today) for saisine in mine],
        my_cases_count=counts["mine"],
        my_cases_url=_queue_url("mine"),
    )


def key_figures(organisation: Organisation, year: int) -> KeyFigures:
    report = annual_report(organisation=organisation, year=year)
    total = report["total"]
    query = urlencode({"organisation": organisation.slug, "year": year})
    return KeyFigures(
        organisation=organisation.name,
        year=year,
        received=total,
        closed=report["processing_delay_days"]["closed"],
        mean_delay_days=report["processing_delay_days"]["mean"],
        within_7_percent=100 * report["acknowledged_within_7_days"]["share"] if total else None,
        reiterations=report["reiterations"],
        report_url=f"{reverse('report_annual')}?{query}",
    )


def director_desks_for(user: User, funds: list[Organisation], *, today: date) -> list[DirectorDesk]:
    """For each fund the user directs: the proposals awaiting their decision, and its figures."""
    pending = saisines_for(user, SaisineFilters(queue="awaiting_director"), today=today).filter(
        organisation__in=funds
    )[:PROPOSALS]
    by_fund: dict[int, list[CaseRow]] = defaultdict(list)
    for saisine in pending:
        by_fund[saisine.organisation_id].append(_case_row(saisine, today))
    return [
        DirectorDesk(
            organisation=fund.name,
            proposals=by_fund[fund.pk],
            proposals_url=_queue_url("awaiting_director"),
            figures=key_figures(fund, today.year),
        )
        for fund in funds
    ]


def _institutional(membership: Membership) -> bool:
    """Whether this role has an institutional home (a desk, a director's or a network's)."""
    kind, role = membership.organisation.kind, membership.role
    if role == Role.COORDINATOR:
        return kind in NETWORK_KINDS
    return kind == OrganisationKind.FUND and (role in DESK_ROLES or role == Role.DIRECTOR)


def home_for(user: User, *, today: date) -> Home:
    memberships = list(user.memberships.select_related("organisation"))
    in_fund = [m for m in memberships if m.organisation.kind == OrganisationKind.FUND]
    # One role per user, organisation and role (membership_unique_role): no fund comes twice.
    directed = [m.organisation for m in in_fund if m.role == Role.DIRECTOR]
    networks = [m.organisation for m in memberships if m.role == Role.COORDINATOR and _institutional(m)]
    community = not all(_institutional(m) for m in memberships) or not memberships
    calls = (
        call_rows_for(user, today=today, mine=True)
        if community and has_perm(user, Perm.FOLLOWUP_VIEW)
        else []
    )
    return Home(
        calls=calls[:CALLS],
        calls_count=len(calls),
        memberships=memberships,
        desk=desk_for(user, today=today) if any(m.role in DESK_ROLES for m in in_fund) else None,
        director_desks=director_desks_for(user, directed, today=today) if directed else [],
        networks=[key_figures(organisation, today.year) for organisation in networks],
        # A community role, a role held in an association, or no role at all (the page then says
        # to ask for one): the home as it was.
        community=community,
        notifications=list(unread_for(user)[:NOTIFICATIONS]),
        partner_programme=waiting_for(user, today),
    )
