"""Reads of procedures: the mediator's list (reminders first), a person's procedures, the renewals
to announce to the people who chose to be told."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from lien.people.enums import ReminderChoice
from lien.people.models import Person
from lien.rights.enums import OPEN_STATUSES, RENEWAL_NOTICE_DAYS, ReminderKind, Status
from lien.rights.models import Procedure, RightsReminder

# Rights lapsed longer ago than this are history, not an alert (e.g. on a first installation).
LAPSED_WINDOW_DAYS = 90


def rights_lapsing(today: date) -> QuerySet[Procedure]:
    """Granted rights that end within 60 days or ended within the last 90, with no renewal under
    way or granted: the renewal reminders and the call-back list read the same rule."""
    return (
        Procedure.objects.filter(
            status=Status.GRANTED,
            rights_end__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
            rights_end__gte=today - timedelta(days=LAPSED_WINDOW_DAYS),
            person__anonymised_at__isnull=True,
        )
        .exclude(renewals__status__in=[Status.DOCUMENTS, Status.FILED, Status.GRANTED])
        .distinct()
    )


def renewals_to_announce(today: date) -> QuerySet[RightsReminder]:
    """The reminders of rights to renew that the person is to be told of ``today`` (by the message
    the appointments app sends and keeps): the person chose it on the procedure
    (``remind_person``) and their file is still identified; the rights are granted and end on the
    reminder's date (not corrected since); from ``RENEWAL_NOTICE_DAYS`` before that date to the
    day itself; the reminder still open (no renewal under way, not superseded by the lapse)."""
    return RightsReminder.objects.filter(
        kind=ReminderKind.RENEWAL_DUE,
        done_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
        due_on=F("procedure__rights_end"),
        procedure__status=Status.GRANTED,
        procedure__person__in=Person.objects.identified(),
    ).exclude(procedure__remind_person=ReminderChoice.NONE)


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
