"""The report's dict as the page shows it: labelled rows, percentages, charts."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lien.activity import charts
from lien.activity.report import UNKNOWN
from lien.appointments.enums import Status as AppointmentStatus
from lien.appointments.enums import Vehicle
from lien.orientations.enums import Difficulty, Outcome, StructureKind
from lien.people.enums import AgeBand
from lien.prevention.enums import TestKind, TestResult, Topic

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{number_format(rate * 100, 1)} %"


def _rows(counts: dict[str, int] | None, labels: Mapping[str, "StrOrPromise"]) -> list[tuple[str, int]]:
    if not counts:
        return []
    return [(str(labels.get(code, code)), n) for code, n in counts.items()]


def _age_labels() -> dict[str, "StrOrPromise"]:
    return dict(AgeBand.choices) | {UNKNOWN: _("Non renseigné")}


def report_page(report: dict) -> dict:
    people, orientations, prevention = report["people"], report["orientations"], report["prevention"]
    ages = _rows(people["by_age_band"], _age_labels())
    communes = [(row["name"], row["count"]) for row in people["by_commune"]]
    coverage = []
    if people["by_coverage"] is not None:
        from lien.people.models import Person

        labels = dict(Person._meta.get_field("coverage").choices or ()) | {UNKNOWN: _("Non renseignée")}
        coverage = _rows(people["by_coverage"], labels)
    barriers = []
    if report["barriers"] is not None:
        from lien.assessments.enums import Barrier

        barriers = [
            row for row in _rows(report["barriers"]["people_by_barrier"], dict(Barrier.choices)) if row[1]
        ]
    kinds = dict(StructureKind.choices)
    failed_series = [Outcome.WENT, Outcome.DID_NOT_GO, Outcome.REFUSED, Outcome.PENDING]
    orientation_rows = [
        {
            "label": str(kinds[kind]),
            "total": row["total"],
            "values": [row[outcome] for outcome in failed_series],
            "went_rate": percent(row["went_rate"]),
        }
        for kind, row in orientations["by_structure_kind"].items()
        if row["total"]
    ]
    tests = prevention["tests"]
    test_rows = [
        {"label": str(TestKind(kind).label), "values": [counts[result] for result in TestResult.values]}
        for kind, counts in tests["by_kind"].items()
    ]
    rights_rows = []
    if report["rights"] is not None:
        from lien.rights.enums import ProcedureKind

        rights_rows = [
            (str(label), report["rights"]["opened_by_kind"][code], report["rights"]["granted_by_kind"][code])
            for code, label in ProcedureKind.choices
            if report["rights"]["opened_by_kind"][code] or report["rights"]["granted_by_kind"][code]
        ]
    advice = _rows(prevention["advice"]["by_topic"], dict(Topic.choices))
    themes = _rows(prevention["collective_actions"]["by_theme"], dict(Topic.choices))
    return {
        "ages": ages,
        "ages_chart": charts.bars(
            ages, title=_("Personnes rencontrées par tranche d'âge"), total=people["met"]
        ),
        "communes": communes,
        "communes_chart": charts.bars(
            communes[:15], title=_("Personnes rencontrées par commune (15 premières)")
        ),
        "coverage": coverage,
        "coverage_chart": charts.bars(
            coverage, title=_("Couverture maladie des personnes rencontrées"), total=people["met"]
        ),
        "barriers": barriers,
        "barriers_chart": charts.bars(barriers, title=_("Freins à l'accès aux soins les plus rencontrés")),
        "orientation_rows": orientation_rows,
        "orientation_series": [str(Outcome(code).label) for code in failed_series],
        "orientations_chart": charts.stacked(
            [(row["label"], row["values"]) for row in orientation_rows],
            series=[str(Outcome(code).label) for code in failed_series],
            title=_("Orientations par type de structure et leur suite"),
        ),
        "went_rate": percent(orientations["went_rate"]),
        "difficulties": [
            row for row in _rows(orientations["by_difficulty"], dict(Difficulty.choices)) if row[1]
        ],
        "appointment_rows": _rows(report["appointments"]["by_status"], dict(AppointmentStatus.choices)),
        "attendance_rate": percent(report["appointments"]["attendance_rate"]),
        "vehicles": [
            row for row in _rows(report["accompaniments"]["by_vehicle"], dict(Vehicle.choices)) if row[1]
        ],
        "hours": number_format(report["accompaniments"]["minutes"] / 60, 1),
        "advice": [row for row in advice if row[1]],
        "advice_chart": charts.bars(advice, title=_("Conseils de prévention par thème")),
        "results": [str(label) for label in TestResult.labels],
        "test_rows": test_rows,
        "linkage_rate": percent(tests["linkage_rate"]),
        "themes": [row for row in themes if row[1]],
        "rights_rows": rights_rows,
    }
