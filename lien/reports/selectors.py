"""Reads behind the report pages: the organisations a user may choose, and everything an
annual report page shows, in a fixed number of queries whatever the number of saisines."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for, subtree_ids
from lien.communes.models import Commune
from lien.improvements.enums import Status as ProposalStatus
from lien.improvements.selectors import proposals_of_year, status_counts
from lien.reports import charts, figures
from lien.reports.annual import annual_report
from lien.saisines import deadlines
from lien.saisines.enums import (
    SUBPROCESSES,
    AuthorType,
    Channel,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
    SaisineStatus,
)
from lien.saisines.models import MediationSettings, Saisine

PREVIOUS_YEARS = 3
GP_SEARCH = "care_access_complaint.gp_search"
TOP_COMMUNES = 10
MAX_PROPOSALS = 100


@dataclass(frozen=True)
class Choice:
    organisation: Organisation
    depth: int  # below the topmost organisation the user may choose


def report_organisations_for(user: User) -> list[Choice]:
    """The organisations whose statistics the user reads, each under its parent."""
    organisations = list(
        Organisation.objects.filter(pk__in=organisation_ids_for(user, Perm.STATISTICS_VIEW)).order_by("name")
    )
    ids = {organisation.pk for organisation in organisations}
    children: dict[int | None, list[Organisation]] = {}
    for organisation in organisations:
        parent = organisation.parent_id if organisation.parent_id in ids else None
        children.setdefault(parent, []).append(organisation)
    result: list[Choice] = []

    def walk(parent: int | None, depth: int) -> None:
        for organisation in children.get(parent, []):
            result.append(Choice(organisation, depth))
            walk(organisation.pk, depth + 1)

    walk(None, 0)
    return result


def objective_days_for(organisation: Organisation) -> int:
    found = MediationSettings.objects.filter(organisation=organisation).values_list(
        "objective_days", flat=True
    )
    return found.first() or deadlines.OBJECTIVE_DAYS


def months_by_year(organisation_ids, first_year: int, last_year: int) -> dict[int, list[int]]:
    """Saisines received per month, for each year of the range (zeros included)."""
    result = {year: [0] * 12 for year in range(first_year, last_year + 1)}
    counts = (
        Saisine.objects.filter(
            organisation_id__in=organisation_ids,
            received_on__gte=date(first_year, 1, 1),
            received_on__lt=date(last_year + 1, 1, 1),
        )
        .order_by()
        .annotate(year=ExtractYear("received_on"), month=ExtractMonth("received_on"))
        .values_list("year", "month")
        .annotate(n=Count("id"))
        .values_list("year", "month", "n")
    )
    for year, month, n in counts:
        result[year][month - 1] = n
    return result


def closed_within(organisation_ids, year: int, days: int) -> int:
    return Saisine.objects.filter(
        organisation_id__in=organisation_ids, closed_on__year=year, processing_delay_days__lte=days
    ).count()


def ended_by_court_action(organisation_ids, year: int) -> int:
    """Mediations ended in the year by a court action: their own outcome, counted apart from the
    closures (neither in the outcomes nor in the processing delays)."""
    return Saisine.objects.filter(
        organisation_id__in=organisation_ids, closed_on__year=year, status=SaisineStatus.ENDED_COURT_ACTION
    ).count()


def commune_names(codes) -> dict[str, str]:
    return dict(Commune.objects.filter(insee_code__in=list(codes)).values_list("insee_code", "name"))


def _labels(choices) -> dict[str, str]:
    return dict(choices.choices)


def proposals_summary(user: User, organisation_ids, year: int) -> dict:
    """Counts by status and titles of the year's proposals; only their funds' readers open them."""
    proposals = proposals_of_year(organisation_ids, year)
    readable = organisation_ids_for(user, Perm.SAISINE_VIEW)
    items = [
        {
            "pk": proposal.pk,
            "title": proposal.title,
            "kind": proposal.get_kind_display(),
            "status": proposal.get_status_display(),
            "organisation": proposal.organisation.name,
            "readable": proposal.organisation_id in readable,
        }
        for proposal in proposals.select_related("organisation").order_by("kind", "created_at")[
            :MAX_PROPOSALS
        ]
    ]
    counts = status_counts(proposals)
    return {
        "counts": [(ProposalStatus(code).label, n) for code, n in counts.items()],
        "total": sum(counts.values()),
        "items": items,
    }


def _count(count: int, total: int) -> dict:
    return {"count": count, "percent": figures.percent(count, total)}


def annual_report_page(*, user: User, organisation: Organisation, year: int) -> dict:
    """The JSON report of ``annual_report`` and what a person reads from it."""
    report = annual_report(organisation=organisation, year=year)
    ids = subtree_ids(organisation.pk)
    total, delays = report["total"], report["processing_delay_days"]
    closed = delays["closed"]
    history = months_by_year(ids, year - PREVIOUS_YEARS, year - 1)
    objective = objective_days_for(organisation)
    top_codes = [code for code, _n in figures.ranked(report["by_commune"])[:TOP_COMMUNES]]
    top, others, unknown = figures.commune_rows(
        report["by_commune"], commune_names(top_codes), total=total, limit=TOP_COMMUNES
    )
    page = {
        "report": report,
        "years": figures.year_rows({y: sum(months) for y, months in history.items()} | {year: total}),
        "months": figures.month_rows(report["by_month"], history[year - 1]),
        "by_channel": figures.rows(report["by_channel"], _labels(Channel), total=total),
        "by_origin": figures.rows(report["by_origin"], _labels(Origin), total=total),
        "by_author_type": figures.rows(report["by_author_type"], _labels(AuthorType), total=total),
        "by_perimeter": figures.rows(report["by_perimeter"], _labels(Perimeter), total=total),
        "by_process": figures.process_rows(
            report["by_process"], report["by_subprocess"], _labels(Process), SUBPROCESSES, total=total
        ),
        # Over the saisines closed in the year (a mediation ended by a court action is counted
        # apart: ``ended_by_court_action``).
        "by_outcome": figures.rows(
            report["by_outcome"], _labels(Outcome), total=closed, unknown_label=str(figures.UNKNOWN_OUTCOME)
        ),
        "by_resolution_mode": figures.rows(
            report["by_resolution_mode"],
            _labels(ResolutionMode),
            total=closed,
            unknown_label=str(figures.UNKNOWN_MODE),
        ),
        "delay": figures.delay_figures(
            delays, objective_days=objective, within_objective=closed_within(ids, year, objective)
        ),
        "within_7": _count(report["acknowledged_within_7_days"]["count"], total),
        "gp_search": _count(report["by_subprocess"].get(GP_SEARCH, 0), total),
        "reiterations": _count(report["reiterations"], total),
        "ended_by_court_action": ended_by_court_action(ids, year),
        "communes": {"top": top, "others": others, "unknown": unknown},
        "proposals": proposals_summary(user, ids, year),
    }
    page["charts"] = _charts(page, year=year, previous=history[year - 1])
    return page


def _bars(rows: list[figures.Row], title: str):
    return charts.horizontal_bars([(row.label, row.count, row.percent) for row in rows], title=title)


def _charts(page: dict, *, year: int, previous: list[int]) -> dict:
    delay = page["delay"]
    return {
        "months": charts.month_bars(
            page["report"]["by_month"],
            previous,
            labels=figures.month_labels(short=True),
            title=_("Saisines reçues par mois en %(year)s, comparées à %(previous)s")
            % {"year": year, "previous": year - 1},
            current_label=str(year),
            previous_label=str(year - 1),
        ),
        "channel": _bars(page["by_channel"], _("Saisines par canal")),
        "origin": _bars(page["by_origin"], _("Saisines par origine")),
        "process": _bars(page["by_process"], _("Saisines par processus")),
        "outcome": _bars(page["by_outcome"], _("Suites données aux saisines clôturées")),
        "delay": charts.delay_bars(
            mean=delay["mean"],
            median=delay["median"],
            p90=delay["p90"],
            objective=delay["objective"],
            title=_("Délai de traitement comparé à l'objectif de %(days)s jours")
            % {"days": delay["objective"]},
            labels=[_("Moyenne"), _("Médiane"), _("90 % des saisines")],
            objective_label=_("Objectif : %(days)s j") % {"days": delay["objective"]},
        ),
    }
