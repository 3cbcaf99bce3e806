"""The dashboard of a network (issue 13, point 4): a coordinator of a regional or national
organisation reads the activity of the organisations below, aggregated — never a personal record.

For a root organisation and a period, one row per organisation directly below (each summing its
own subtree), one for the root's own activity, and the network's total:

- **saisines** (funds): received in the period, of which answered within 7 days, closed in the
  period, open today, of which late today (``saisines.selectors.late_condition``, the work list's
  « en retard »);
- **accompaniment** (associations, health centres): people accompanied and new people
  (``activity.definitions``, the one definition of every page), orientations made and their
  outcome today, appointments and those attended;
- **directory gaps**: services the organisations keep in the directory, and the needs met in
  assessments with no service of a matching thematic within ``radius_km`` of the commune
  (``advocacy.needs``, the same crossing as the needs map) — commune × need pairs, and the people
  with at least one such need;
- **improvement proposals** (funds): written, sent and answered in the period, awaiting an
  answer today, implemented; and the list of those sent or answered in the period (their title,
  recipient, dates and status, never their text: it may quote a case).

**Queries.** One grouped query per source over the whole subtree, summed into the rows in Python;
the directory gaps take the needs tables' fixed queries once per row below and once for the total
(a need may be answered by a service of a sibling's network, so the total is not the rows' sum).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation
from lien.accounts.permissions import organisation_tree, subtree_in
from lien.activity.access import PROGRAMME_KINDS
from lien.activity.definitions import new_condition, people_accompanied
from lien.advocacy.needs import DEFAULT_RADIUS_KM, NeedsQuery, needs_tables
from lien.appointments.enums import Status as AppointmentStatus
from lien.appointments.models import Appointment
from lien.directory.models import Service
from lien.improvements.enums import Status as ProposalStatus
from lien.improvements.models import ImprovementProposal
from lien.lib.suppression import MARGIN
from lien.orientations.enums import FAILED_OUTCOMES, Outcome
from lien.orientations.models import Orientation
from lien.reports.annual import ANSWER_LIMIT_DAYS
from lien.saisines.enums import OPEN_STATUSES
from lien.saisines.models import Saisine
from lien.saisines.selectors import late_condition

PROPOSALS_LISTED = 50


@dataclass(frozen=True)
class Figures:
    """The counts of one row; ``None`` for a directory gap not computed (the root's own row)."""

    saisines_received: int = 0
    saisines_answered_in_time: int = 0
    saisines_closed: int = 0
    saisines_open: int = 0
    saisines_late: int = 0
    people_accompanied: int = 0
    people_new: int = 0
    orientations: int = 0
    orientations_went: int = 0
    orientations_failed: int = 0
    orientations_waiting_list: int = 0
    appointments: int = 0
    appointments_attended: int = 0
    directory_services: int = 0
    unmet_needs: int | None = None
    people_with_unmet_needs: int | None = None
    proposals_written: int = 0
    proposals_sent: int = 0
    proposals_answered: int = 0
    proposals_awaiting_answer: int = 0
    proposals_implemented: int = 0

    def as_dict(self) -> dict[str, int | None]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


GAPS = {"unmet_needs", "people_with_unmet_needs"}
COUNTED = [field.name for field in fields(Figures) if field.name not in GAPS]


@dataclass(frozen=True)
class Row:
    organisation: Organisation
    own: bool  # the root's own activity, without the organisations below
    below: int  # organisations below this row's organisation
    figures: Figures


@dataclass(frozen=True)
class Proposal:
    organisation: str
    kind: str
    title: str
    sent_to: str
    sent_on: date | None
    answered_on: date | None
    status: str
    status_label: str


@dataclass(frozen=True)
class Dashboard:
    root: Organisation
    start: date
    end: date
    today: date
    radius_km: int
    rows: tuple[Row, ...]
    total: Figures
    organisations: int  # in the network, the root included
    kinds: frozenset[str]  # of the network's organisations
    proposals: tuple[Proposal, ...]

    @property
    def mediates_saisines(self) -> bool:
        """Whether the network holds a fund (institutional mediation)."""
        return OrganisationKind.FUND in self.kinds

    @property
    def accompanies(self) -> bool:
        """Whether the network holds a programme (community mediation)."""
        return bool(self.kinds & PROGRAMME_KINDS)


def _grouped(queryset: QuerySet, **counts) -> dict[int, dict[str, int]]:
    """``counts`` (aggregates) per organisation, one query."""
    return {
        row.pop("organisation_id"): row
        for row in queryset.order_by().values("organisation_id").annotate(**counts)
    }


def _counts_by_organisation(scope: set[int], start: date, end: date, today: date) -> dict[int, Counter]:
    in_period = (start, end)
    sources: list[Mapping[int, Mapping[str, int]]] = [
        _grouped(
            Saisine.objects.filter(organisation_id__in=scope),
            saisines_received=Count("pk", filter=Q(received_on__range=in_period)),
            saisines_answered_in_time=Count(
                "pk", filter=Q(received_on__range=in_period, answer_delay_days__lte=ANSWER_LIMIT_DAYS)
            ),
            saisines_closed=Count("pk", filter=Q(closed_on__range=in_period)),
            saisines_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            saisines_late=Count("pk", filter=late_condition(today)),
        ),
        _grouped(people_accompanied(scope, start, end), people_accompanied=Count("pk")),
        _grouped(people_accompanied(scope, start, end).filter(new_condition(start)), people_new=Count("pk")),
        _grouped(
            Orientation.objects.filter(organisation_id__in=scope, oriented_on__range=in_period),
            orientations=Count("pk"),
            orientations_went=Count("pk", filter=Q(outcome=Outcome.WENT)),
            orientations_failed=Count("pk", filter=Q(outcome__in=sorted(FAILED_OUTCOMES))),
            orientations_waiting_list=Count("pk", filter=Q(outcome=Outcome.WAITING_LIST)),
        ),
        _grouped(
            Appointment.objects.filter(organisation_id__in=scope).on_days(*in_period),
            appointments=Count("pk"),
            appointments_attended=Count("pk", filter=Q(status=AppointmentStatus.ATTENDED)),
        ),
        _grouped(Service.objects.filter(organisation_id__in=scope), directory_services=Count("pk")),
        _grouped(
            ImprovementProposal.objects.filter(organisation_id__in=scope),
            proposals_written=Count("pk", filter=Q(created_at__date__range=in_period)),
            proposals_sent=Count("pk", filter=Q(sent_on__range=in_period)),
            proposals_answered=Count("pk", filter=Q(answered_on__range=in_period)),
            proposals_awaiting_answer=Count("pk", filter=Q(status=ProposalStatus.SENT)),
            proposals_implemented=Count(
                "pk", filter=Q(status=ProposalStatus.IMPLEMENTED, answered_on__range=in_period)
            ),
        ),
    ]
    counts: dict[int, Counter] = {}
    for source in sources:
        for organisation_id, values in source.items():
            counts.setdefault(organisation_id, Counter()).update(values)
    return counts


def _summed(counts: Mapping[int, Counter], ids: Iterable[int], gaps: tuple[int, int] | None) -> Figures:
    total: Counter = Counter()
    for organisation_id in ids:
        total.update(counts.get(organisation_id, {}))
    unmet, people = gaps if gaps is not None else (None, None)
    return Figures(
        **{name: total[name] for name in COUNTED}, unmet_needs=unmet, people_with_unmet_needs=people
    )


def _gaps(
    organisation: Organisation, start: date, end: date, radius_km: int, kinds: set[str]
) -> tuple[int, int] | None:
    """The needs without an answer of a subtree holding a programme (``None`` without one)."""
    if not kinds & PROGRAMME_KINDS:
        return None
    tables = needs_tables(
        NeedsQuery(organisation=organisation, start=start, end=end, radius_km=radius_km), threshold=0
    )
    return len(tables.unmet), tables.unmet_by_commune.get(MARGIN) or 0


def _proposals(scope: set[int], start: date, end: date) -> tuple[Proposal, ...]:
    moved = (
        ImprovementProposal.objects.filter(organisation_id__in=scope)
        .filter(Q(sent_on__range=(start, end)) | Q(answered_on__range=(start, end)))
        .select_related("organisation")
        .order_by("-sent_on", "-pk")[:PROPOSALS_LISTED]
    )
    return tuple(
        Proposal(
            organisation=proposal.organisation.name,
            kind=proposal.get_kind_display(),
            title=proposal.title,
            sent_to=proposal.sent_to,
            sent_on=proposal.sent_on,
            answered_on=proposal.answered_on,
            status=proposal.status,
            status_label=proposal.get_status_display(),
        )
        for proposal in moved
    )


def network_dashboard(
    root: Organisation, start: date, end: date, *, today: date, radius_km: int = DEFAULT_RADIUS_KM
) -> Dashboard:
    """The dashboard of ``root``'s network over ``start``–``end`` (who may read it: ``access``)."""
    tree = organisation_tree()
    scope = subtree_in(tree, root.pk)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=scope)}
    counts = _counts_by_organisation(scope, start, end, today)
    children = sorted((organisations[pk] for pk in tree.get(root.pk, [])), key=lambda o: (o.name, o.pk))
    rows = [Row(organisation=root, own=True, below=0, figures=_summed(counts, [root.pk], None))]
    for child in children:
        subtree = subtree_in(tree, child.pk)
        kinds = {organisations[pk].kind for pk in subtree}
        rows.append(
            Row(
                organisation=child,
                own=False,
                below=len(subtree) - 1,
                figures=_summed(counts, subtree, _gaps(child, start, end, radius_km, kinds)),
            )
        )
    kinds = {organisation.kind for organisation in organisations.values()}
    return Dashboard(
        root=root,
        start=start,
        end=end,
        today=today,
        radius_km=radius_km,
        rows=tuple(rows),
        total=_summed(counts, scope, _gaps(root, start, end, radius_km, kinds)),
        organisations=len(scope),
        kinds=frozenset(kinds),
        proposals=_proposals(scope, start, end),
    )


# The columns of the page, the CSV and the API, in order, with their French heading.
COLUMNS: list[tuple[str, object]] = [
    ("saisines_received", _("Saisines reçues")),
    ("saisines_answered_in_time", _("dont réponse sous 7 jours")),
    ("saisines_closed", _("Saisines clôturées")),
    ("saisines_open", _("Saisines en cours (aujourd'hui)")),
    ("saisines_late", _("dont en retard")),
    ("people_accompanied", _("Personnes accompagnées")),
    ("people_new", _("dont nouvelles")),
    ("orientations", _("Orientations")),
    ("orientations_went", _("dont abouties")),
    ("orientations_failed", _("dont non abouties ou refusées")),
    ("orientations_waiting_list", _("dont en liste d'attente")),
    ("appointments", _("Rendez-vous")),
    ("appointments_attended", _("dont honorés")),
    ("directory_services", _("Services dans l'annuaire")),
    ("unmet_needs", _("Besoins sans service proche (commune × besoin)")),
    ("people_with_unmet_needs", _("Personnes concernées")),
    ("proposals_written", _("Propositions d'amélioration rédigées")),
    ("proposals_sent", _("transmises")),
    ("proposals_answered", _("réponses reçues")),
    ("proposals_awaiting_answer", _("en attente de réponse (aujourd'hui)")),
    ("proposals_implemented", _("mises en œuvre")),
]
