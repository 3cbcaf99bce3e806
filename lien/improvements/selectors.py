"""Reads of improvement proposals for the list page and the annual report."""

from django.db.models import Count, Q

from lien.improvements.enums import Status
from lien.improvements.models import ImprovementProposal, ImprovementProposalQuerySet


def proposals_for(user, *, status: str = "") -> ImprovementProposalQuerySet:
    proposals = ImprovementProposal.objects.visible_to(user)
    if status:
        proposals = proposals.filter(status=status)
    return (
        proposals.select_related("organisation")
        .annotate(evidence_count=Count("saisines"))
        .order_by("-created_at", "-id")
    )


def status_counts(proposals) -> dict[str, int]:
    """Every status with its count (zeros included), in one query."""
    found = dict(
        proposals.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in Status.values}


def proposals_of_year(organisation_ids, year: int) -> ImprovementProposalQuerySet:
    """Proposals of these organisations raised, sent or answered in the year."""
    return ImprovementProposal.objects.filter(organisation_id__in=organisation_ids).filter(
        Q(created_at__year=year) | Q(sent_on__year=year) | Q(answered_on__year=year)
    )
