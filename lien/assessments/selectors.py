"""Reads of assessments: a person's history, compared over time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lien.assessments.enums import Barrier, Need
from lien.assessments.models import Assessment
from lien.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class Row:
    label: "StrOrPromise"
    marks: list[bool]


@dataclass
class Comparison:
    columns: list[Assessment]
    barriers: list[Row]
    needs: list[Row]
    lifted: list["StrOrPromise"]  # barriers of the previous assessment gone from the latest
    new: list["StrOrPromise"]  # barriers of the latest assessment absent from the previous one


def person_assessments(person: Person) -> list[Assessment]:
    """The person's assessments, oldest first, with their codes (three queries)."""
    return list(
        Assessment.objects.filter(person=person)
        .prefetch_related("barriers", "needs")
        .order_by("assessed_on", "id")
    )


def assessments_compare(assessments: list[Assessment], *, last: int = 5) -> Comparison:
    """A table of barriers and needs across the ``last`` assessments (given oldest first)."""
    columns = assessments[-last:]
    barrier_sets = [{row.barrier for row in assessment.barriers.all()} for assessment in columns]
    need_sets = [{row.need for row in assessment.needs.all()} for assessment in columns]

    def rows(choices, sets) -> list[Row]:
        return [
            Row(label, [code in codes for codes in sets])
            for code, label in choices
            if any(code in codes for codes in sets)
        ]

    lifted: list[StrOrPromise] = []
    new: list[StrOrPromise] = []
    if len(barrier_sets) >= 2:
        previous, latest = barrier_sets[-2], barrier_sets[-1]
        lifted = [label for code, label in Barrier.choices if code in previous - latest]
        new = [label for code, label in Barrier.choices if code in latest - previous]
    return Comparison(
        columns, rows(Barrier.choices, barrier_sets), rows(Need.choices, need_sets), lifted, new
    )
