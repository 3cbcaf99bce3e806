"""The monthly reporting of a fund's activity, for its agents (DOMAIN.md §2.9).

Counts only, each computed by the database, over the organisation and everything below it.
"Open" and "late" are read at the end of the month (or today, for the current month) from
the stored dates: received, first answer, closed, and the deadlines fixed at receipt.
"""

import calendar
from datetime import date

from django.db.models import Count, Q

from lien.accounts.models import Organisation
from lien.accounts.permissions import subtree_ids
from lien.saisines.enums import OPEN_STATUSES, Channel, Origin, Outcome, Process
from lien.saisines.models import Saisine

ANSWER_LIMIT_DAYS = 7


def counts_by(queryset, field: str, codes: list[str]) -> dict[str, int]:
    found = dict(queryset.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    return {code: found.get(code, 0) for code in codes}


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def monthly_report(*, organisation: Organisation, year: int, month: int, today: date) -> dict:
    first, last = month_bounds(year, month)
    as_of = min(last, today)
    scope = Saisine.objects.filter(organisation_id__in=subtree_ids(organisation.pk))
    in_month = Q(received_on__gte=first, received_on__lte=last)
    closed_in_month = Q(closed_on__gte=first, closed_on__lte=last)
    open_at = Q(received_on__lte=as_of) & (
        Q(closed_on__gt=as_of) | Q(closed_on__isnull=True, status__in=OPEN_STATUSES)
    )
    no_answer_yet = Q(first_answer_on__isnull=True) | Q(first_answer_on__gt=as_of)
    late_answer = open_at & no_answer_yet & Q(answer_due_on__lt=as_of)
    late_objective = open_at & Q(objective_due_on__lt=as_of)
    totals = scope.filter(received_on__lte=last).aggregate(
        received=Count("id", filter=in_month),
        answered_within_7=Count("id", filter=in_month & Q(answer_delay_days__lte=ANSWER_LIMIT_DAYS)),
        closed=Count("id", filter=closed_in_month),
        open_at_end=Count("id", filter=open_at),
        late_answer=Count("id", filter=late_answer),
        late_objective=Count("id", filter=late_objective),
        late=Count("id", filter=late_answer | late_objective),
    )
    received = scope.filter(in_month)
    return {
        "organisation": organisation.slug,
        "year": year,
        "month": month,
        "as_of": as_of,
        **totals,
        "by_channel": counts_by(received, "channel", Channel.values),
        "by_process": counts_by(received, "process", Process.values),
        "by_origin": counts_by(received, "origin", Origin.values),
        "by_outcome": counts_by(scope.filter(closed_in_month), "outcome", Outcome.values),
    }
