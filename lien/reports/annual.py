"""The annual activity report of institutional mediation (INTERFACES.md, DOMAIN.md §2.9).

Counts and aggregates are computed by the database; only the distribution of processing
delays (one row per distinct delay) comes back to Python for the median and the 90th percentile.
"""

import math
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth

from lien.accounts.models import Organisation
from lien.accounts.permissions import subtree_ids
from lien.saisines.enums import (
    SUBPROCESS_KEYS,
    AuthorType,
    Channel,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
)
from lien.saisines.models import Saisine

ANSWER_LIMIT_DAYS = 7


def _counts(queryset, field: str, codes: list[str]) -> dict[str, int]:
    found = dict(queryset.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    return {code: found.get(code, 0) for code in codes}


def _percentiles(histogram: dict[int, int]) -> dict:
    closed = sum(histogram.values())
    if not closed:
        return {"closed": 0, "mean": None, "median": None, "p90": None}
    delays = sorted(histogram)
    total = sum(delay * count for delay, count in histogram.items())

    def nth(rank: int) -> int:  # the rank-th smallest delay, 1-based
        seen = 0
        for delay in delays:
            seen += histogram[delay]
            if seen >= rank:
                return delay
        return delays[-1]

    if closed % 2:
        median = float(nth(closed // 2 + 1))
    else:
        median = (nth(closed // 2) + nth(closed // 2 + 1)) / 2
    return {
        "closed": closed,
        "mean": round(total / closed, 1),
        "median": round(median, 1),
        "p90": nth(math.ceil(0.9 * closed)),
    }


def annual_report(*, organisation: Organisation, year: int) -> dict:
    """The machine-readable report of one organisation and everything below it."""
    scope = Saisine.objects.filter(organisation_id__in=subtree_ids(organisation.pk))
    received = scope.filter(received_on__year=year)
    closed = scope.filter(closed_on__year=year)

    by_month = dict(
        received.order_by()
        .annotate(month=ExtractMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    subprocess_counts = Counter(
        {
            f"{process}.{sub}": n
            for process, sub, n in received.exclude(subprocess="")
            .order_by()
            .values_list("process", "subprocess")
            .annotate(n=Count("id"))
            .values_list("process", "subprocess", "n")
        }
    )
    communes = (
        received.exclude(commune_insee="")
        .order_by()
        .values_list("commune_insee")
        .annotate(n=Count("id"))
        .values_list("commune_insee", "n")
    )
    histogram = dict(
        closed.order_by()
        .values_list("processing_delay_days")
        .annotate(n=Count("id"))
        .values_list("processing_delay_days", "n")
    )
    earlier_same_requester = Saisine.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        requester_key=OuterRef("requester_key"),
        received_on__lt=OuterRef("received_on"),
    )
    totals = received.aggregate(
        total=Count("id"),
        within_7=Count("id", filter=Q(answer_delay_days__lte=ANSWER_LIMIT_DAYS)),
    )
    reiterations = received.exclude(requester_key="").filter(Exists(earlier_same_requester)).count()
    total = totals["total"]
    return {
        "organisation": organisation.slug,
        "year": year,
        "total": total,
        "by_month": [by_month.get(month, 0) for month in range(1, 13)],
        "by_channel": _counts(received, "channel", Channel.values),
        "by_author_type": _counts(received, "author_type", AuthorType.values),
        "by_origin": _counts(received, "origin", Origin.values),
        "by_perimeter": _counts(received, "perimeter", Perimeter.values),
        "by_process": _counts(received, "process", Process.values),
        "by_subprocess": {key: subprocess_counts.get(key, 0) for key in SUBPROCESS_KEYS},
        "by_outcome": _counts(closed, "outcome", Outcome.values),
        "by_resolution_mode": _counts(closed, "resolution_mode", ResolutionMode.values),
        "by_commune": {code: n for code, n in sorted(communes) if n},
        "processing_delay_days": _percentiles({d: n for d, n in histogram.items() if d is not None}),
        "acknowledged_within_7_days": {
            "count": totals["within_7"],
            "share": round(totals["within_7"] / total, 4) if total else 0.0,
        },
        "reiterations": reiterations,
    }
