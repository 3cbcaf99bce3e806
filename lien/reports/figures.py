"""What a person reads in a report, derived from the counts: labels, percentages, comparisons.

Plain functions without database access, so that they are tested on their own and the
templates only print.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int
    percent: float | None  # share of the denominator, in %, one decimal
    children: list["Row"] = field(default_factory=list)


def percentages(counts: Sequence[int], total: int | None = None) -> list[float | None]:
    """Each count as a percentage of ``total`` (default: their sum), rounded to one decimal.

    Rounded by the largest remainder, so that counts that make up the total add up to
    exactly 100.0 (independent rounding can give 99.9 or 100.1).
    """
    total = sum(counts) if total is None else total
    if not total:
        return [None] * len(counts)
    exact = [count * 1000 / total for count in counts]  # in tenths of a percent
    tenths = [int(value) for value in exact]
    missing = round(sum(exact)) - sum(tenths)
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - tenths[i], reverse=True)
    for i in by_remainder[: max(missing, 0)]:
        tenths[i] += 1
    return [value / 10 for value in tenths]


def percent(count: int, total: int) -> float | None:
    return round(count * 100 / total, 1) if total else None


def evolution(current: int, previous: int) -> float | None:
    """Change from ``previous`` to ``current``, in % (None when there is nothing to compare)."""
    return round((current - previous) * 100 / previous, 1) if previous else None


def rows(
    counts: Mapping[str, int],
    labels: Mapping[str, "StrOrPromise"],
    *,
    total: int | None = None,
    unknown_label: str = "",
    skip_zeros: bool = False,
) -> list[Row]:
    """One row per code, in the order of ``labels``; what ``total`` has beyond the counts is
    shown as a row ``unknown_label`` (e.g. saisines closed without an outcome)."""
    codes = [code for code in labels if not (skip_zeros and not counts.get(code, 0))]
    values = [counts.get(code, 0) for code in codes]
    rest = (total - sum(counts.values())) if total is not None else 0
    if rest > 0 and unknown_label:
        codes, values = [*codes, UNKNOWN], [*values, rest]
        labels = {**labels, UNKNOWN: unknown_label}
    shares = percentages(values, total if total is not None else None)
    return [
        Row(code=code, label=str(labels[code]), count=count, percent=share)
        for code, count, share in zip(codes, values, shares, strict=True)
    ]


def process_rows(
    by_process: Mapping[str, int],
    by_subprocess: Mapping[str, int],
    process_labels: Mapping[str, "StrOrPromise"],
    subprocess_labels: Mapping[str, Mapping[str, "StrOrPromise"]],
    *,
    total: int,
) -> list[Row]:
    """Processes with their subprocesses (as a share of all saisines, like their parent)."""
    result = []
    for row in rows(by_process, process_labels, total=total):
        subs = subprocess_labels.get(row.code, {})
        children = [
            Row(
                code=f"{row.code}.{sub}",
                label=str(label),
                count=by_subprocess.get(f"{row.code}.{sub}", 0),
                percent=percent(by_subprocess.get(f"{row.code}.{sub}", 0), total),
            )
            for sub, label in subs.items()
        ]
        result.append(Row(row.code, row.label, row.count, row.percent, children))
    return result


def month_labels(*, short: bool = False) -> list[str]:
    names = MONTHS_AP if short else MONTHS
    return [str(names[month]) for month in range(1, 13)]


def month_rows(current: Sequence[int], previous: Sequence[int]) -> list[dict]:
    """The months of the year with last year's count and the change."""
    labels = month_labels()
    shares = percentages(current)
    return [
        {
            "label": labels[i],
            "count": current[i],
            "percent": shares[i],
            "previous": previous[i],
            "evolution": evolution(current[i], previous[i]),
        }
        for i in range(12)
    ]


def year_rows(totals: Mapping[int, int]) -> list[dict]:
    """Years in order, each with its change from the year before."""
    years = sorted(totals)
    return [
        {
            "year": year,
            "total": totals[year],
            "evolution": evolution(totals[year], totals[year - 1]) if year - 1 in totals else None,
        }
        for year in years
    ]


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Codes by decreasing count, then by code."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def commune_rows(
    by_commune: Mapping[str, int], names: Mapping[str, str], *, total: int, limit: int = 10
) -> tuple[list[Row], int, int]:
    """The ``limit`` communes with most saisines, the count of the others, and of the unknown."""
    ordered = ranked(by_commune)
    top = [
        Row(code=code, label=names.get(code, ""), count=count, percent=percent(count, total))
        for code, count in ordered[:limit]
    ]
    others = sum(count for _code, count in ordered[limit:])
    unknown = total - sum(by_commune.values())
    return top, others, unknown


def delay_figures(delays: Mapping, *, objective_days: int, within_objective: int) -> dict:
    """Processing delay against the closure objective."""
    closed = delays.get("closed") or 0
    mean = delays.get("mean")
    return {
        "closed": closed,
        "mean": mean,
        "median": delays.get("median"),
        "p90": delays.get("p90"),
        "objective": objective_days,
        "gap": round(mean - objective_days, 1) if mean is not None else None,
        "within_objective": within_objective,
        "within_objective_percent": percent(within_objective, closed),
        "meets_objective": mean is not None and mean <= objective_days,
    }


UNKNOWN_OUTCOME = _("Non renseignée")
UNKNOWN_MODE = _("Non renseigné")
