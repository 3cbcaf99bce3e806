"""What appointments and accompaniments add to the follow-up (``lien.followup.sections``): their
dates as contacts, missed appointments on the call list, their parts of the follow-up page and of
the call list. And to a procedure's page (``lien.rights.sections``): the messages that announce
the renewal to the person, whose receipts this app keeps."""

from typing import Any

from django.db.models import DateField, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from lien.accounts.models import User
from lien.appointments.enums import ReminderChoice, Status
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.appointments.sms import sms_configured
from lien.appointments.states import receipt_rows, reminder_states, renewal_message_state, with_reminder_state
from lien.followup import sections
from lien.people.models import Person
from lien.rights import sections as procedure_sections
from lien.rights.models import Procedure

sections.contact_source(Appointment, "starts_at__date", Q(status=Status.ATTENDED))
sections.contact_source(Accompaniment, "on")


@sections.missed_meeting
def missed_appointment() -> Subquery:
    """The last appointment the person missed after their last contact."""
    return Subquery(
        Appointment.objects.filter(
            person_id=OuterRef("person_id"),
            status=Status.MISSED,
            starts_at__date__gt=OuterRef("last_contact_on"),
        )
        .order_by()
        .values("person_id")
        .annotate(last=Max(TruncDate("starts_at")))
        .values("last")[:1],
        output_field=DateField(),
    )


@sections.section(20)
def appointments_section(user: User, person: Person) -> dict[str, Any]:
    now = timezone.now()
    appointments = Appointment.objects.visible_to(user).filter(person=person).select_related("mediator")
    upcoming = list(with_reminder_state(appointments.filter(status=Status.PLANNED, starts_at__gte=now)))
    states = reminder_states(upcoming)
    return {
        "template": "appointments/_followup_section.html",
        "upcoming": [(appointment, states[appointment.pk]) for appointment in upcoming],
        "past": list(
            appointments.exclude(status=Status.PLANNED, starts_at__gte=now).order_by("-starts_at")[:10]
        ),
    }


@sections.section(30)
def accompaniments_section(user: User, person: Person) -> dict[str, Any]:
    return {
        "template": "appointments/_followup_accompaniments.html",
        "accompaniments": list(
            Accompaniment.objects.visible_to(user).filter(person=person).select_related("accompanied_by")[:10]
        ),
    }


@sections.call_section(10)
def appointments_to_record(user: User, organisation_ids: set[int], mine: bool) -> dict[str, Any] | None:
    """The past appointments still planned: whether the person came is to record."""
    appointments = Appointment.objects.filter(
        organisation_id__in=organisation_ids, status=Status.PLANNED, starts_at__lt=timezone.now()
    ).select_related("person")
    if mine:
        appointments = appointments.filter(Q(mediator=user) | Q(mediator__isnull=True, created_by=user))
    rows = list(with_reminder_state(appointments).order_by("starts_at")[:50])
    if not rows:
        return None
    states = reminder_states(rows)
    return {
        "template": "appointments/_call_list_to_record.html",
        "appointments": [(appointment, states[appointment.pk]) for appointment in rows],
    }


@procedure_sections.register(10)
def renewal_messages_section(user: User, procedure: Procedure) -> dict[str, Any] | None:
    """The message that tells the person their rights are to renew: planned, or where it is."""
    receipts = list(
        Reminder.objects.filter(rights_reminder__procedure=procedure).select_related(
            "rights_reminder", "created_by"
        )
    )
    if procedure.remind_person == ReminderChoice.NONE and not receipts:
        return None
    configured = sms_configured()
    return {
        "template": "appointments/_procedure_messages.html",
        "state": renewal_message_state(
            procedure, receipts, configured=configured, today=timezone.localdate()
        ),
        "warn_no_provider": procedure.remind_person == ReminderChoice.SMS and not configured,
        "receipts": receipt_rows(receipts),
    }
