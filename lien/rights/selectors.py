"""Reads of procedures: the mediator's list (reminders first), a person's procedures."""

from dataclasses import dataclass

from django.db.models import Count, Q

from lien.rights.enums import OPEN_STATUSES
from lien.rights.models import Procedure, RightsReminder


@dataclass
class ProcedureFilters:
    kind: str = ""
    status: str = ""


def open_reminders(user):
    return (
        RightsReminder.objects.visible_to(user)
        .open()
        .select_related("procedure__person", "procedure__followed_by")
        .order_by("due_on", "id")
    )


def procedures_for(user, filters: ProcedureFilters):
    """Procedures in progress by default; any step when a status is chosen."""
    procedures = (
        Procedure.objects.visible_to(user)
        .select_related("person", "followed_by")
        .annotate(
            documents_count=Count("documents", distinct=True),
            gathered_count=Count("documents", filter=Q(documents__gathered_on__isnull=False), distinct=True),
        )
        .order_by("started_on", "id")
    )
    procedures = (
        procedures.filter(status=filters.status)
        if filters.status
        else procedures.filter(status__in=OPEN_STATUSES)
    )
    if filters.kind:
        procedures = procedures.filter(kind=filters.kind)
    return procedures
