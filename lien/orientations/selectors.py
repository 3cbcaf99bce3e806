"""Reads of orientations: the pending ones, and the difficulties met per structure."""

from django.db.models import Count, Max, Q, QuerySet

from lien.orientations.enums import FAILED_OUTCOMES, Outcome
from lien.orientations.models import Orientation


def orientation_difficulties(queryset: QuerySet[Orientation]) -> list[dict]:
    """Per structure: orientations, successes and failures by difficulty — what the partnership
    file of the directory needs to know about each local actor."""
    rows = (
        queryset.order_by()
        .values("structure_kind", "structure_name")
        .annotate(
            total=Count("id"),
            went=Count("id", filter=Q(outcome=Outcome.WENT)),
            failed=Count("id", filter=Q(outcome__in=FAILED_OUTCOMES)),
            last_on=Max("oriented_on"),
        )
        .filter(failed__gt=0)
        .order_by("-failed", "structure_name")
    )
    difficulties: dict[tuple[str, str], dict[str, int]] = {}
    for kind, name, difficulty, n in (
        queryset.filter(outcome__in=FAILED_OUTCOMES)
        .order_by()
        .values_list("structure_kind", "structure_name", "difficulty")
        .annotate(n=Count("id"))
    ):
        difficulties.setdefault((kind, name), {})[difficulty] = n
    return [
        row | {"difficulties": difficulties.get((row["structure_kind"], row["structure_name"]), {})}
        for row in rows
    ]
