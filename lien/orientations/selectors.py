"""Reads of orientations: the pending ones, and the difficulties met per structure."""

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce

from lien.orientations.enums import FAILED_OUTCOMES, Outcome
from lien.orientations.models import Orientation

# The structure an orientation counts for: the directory's structure of its service (the
# services of one structure together), or the structure typed.
STRUCTURE = Coalesce("directory_service__structure__name", "structure_name")


def orientation_difficulties(queryset: QuerySet[Orientation]) -> list[dict]:
    """Per structure: orientations, successes and failures by difficulty — what the partnership
    file of the directory needs to know about each local actor."""
    rows = (
        queryset.order_by()
        .annotate(structure_label=STRUCTURE)
        .values("structure_kind", "structure_label")
        .annotate(
            total=Count("id"),
            went=Count("id", filter=Q(outcome=Outcome.WENT)),
            failed=Count("id", filter=Q(outcome__in=FAILED_OUTCOMES)),
            last_on=Max("oriented_on"),
        )
        .filter(failed__gt=0)
        .order_by("-failed", "structure_label")
    )
    difficulties: dict[tuple[str, str], dict[str, int]] = {}
    for kind, name, difficulty, n in (
        queryset.filter(outcome__in=FAILED_OUTCOMES)
        .order_by()
        .annotate(structure_label=STRUCTURE)
        .values_list("structure_kind", "structure_label", "difficulty")
        .annotate(n=Count("id"))
    ):
        difficulties.setdefault((kind, name), {})[difficulty] = n
    return [
        {
            "structure_kind": row["structure_kind"],
            "structure_name": row["structure_label"],
            **{name: row[name] for name in ("total", "went", "failed", "last_on")},
            "difficulties": difficulties.get((row["structure_kind"], row["structure_label"]), {}),
        }
        for row in rows
    ]
