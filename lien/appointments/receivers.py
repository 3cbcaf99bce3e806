from datetime import date

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from lien.accounts.models import User
from lien.appointments.enums import ReminderChoice, Status
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.appointments.services import (
    GAVE_UP,
    NO_PHONE,
    RENEWAL_GAVE_UP,
    WITHDRAWN,
    appointment_cancel,
    reminders_cancel_on_withdrawal,
)
from lien.appointments.sms import NOT_CONFIGURED
from lien.people.models import Person
from lien.people.signals import ERASED_TEXT, consent_withdrawn, person_anonymised

# The reasons a receipt gives in Lien's own words, kept at the erasure: they name nobody.
OWN_REASONS = [NOT_CONFIGURED, NO_PHONE, GAVE_UP, RENEWAL_GAVE_UP, WITHDRAWN]


@receiver(consent_withdrawn, dispatch_uid="appointments_cancel_on_withdrawal")
def cancel_appointments_to_come(
    sender: type[Person], person: Person, acting_user: User, withdrawn_on: date, **kwargs: object
) -> None:
    """The appointments still to come leave the agenda through their named action ``cancel``
    (logged with who recorded the withdrawal): no reminder leaves for a cancelled appointment.
    Past ones keep their status (or the one the team still has to record). A message waiting for
    its retry, of an appointment or announcing rights to renew, is cancelled: none leaves."""
    to_come = Appointment.objects.select_for_update().filter(
        person=person, status=Status.PLANNED, starts_at__gt=timezone.now()
    )
    for appointment in to_come.order_by("starts_at", "pk"):
        appointment.person = person
        appointment_cancel(acting_user=acting_user, appointment=appointment)
    reminders_cancel_on_withdrawal(person=person)


@receiver(person_anonymised, dispatch_uid="appointments_erase_free_text")
def erase_free_text(sender: type[Person], person: Person, **kwargs: object) -> None:
    """Dates, durations, statuses, vehicles and kilometres stay for statistics. Who the person
    saw, where and at which address, where they were accompanied, and the notes go: with a date
    they tell the person's care (a cardiologist, a CeGIDD). The receipts (of appointments and of
    rights to renew) lose the address, the message, the backend's error (it named the person;
    Lien's own reasons stay) and the provider's id of the message (a late delivery receipt is
    then ignored), and no reminder leaves any more: there is nobody to reach (the appointments to
    come were cancelled at the withdrawal, the rights are no longer announced)."""
    receipts = Reminder.objects.filter(
        Q(appointment__person=person) | Q(rights_reminder__procedure__person=person)
    )
    receipts.update(recipient="", body="", provider_message_id="")
    receipts.exclude(error__in=OWN_REASONS).update(error="")  # Lien's own reasons name nobody
    Appointment.objects.filter(person=person).update(
        professional=ERASED_TEXT, place=ERASED_TEXT, address="", to_bring="", reminder=ReminderChoice.NONE
    )
    Accompaniment.objects.filter(person=person).update(destination=ERASED_TEXT, note="")
