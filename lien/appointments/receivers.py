from django.dispatch import receiver

from lien.appointments.enums import ReminderChoice, Status
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.people.signals import ERASED_TEXT, person_anonymised


@receiver(person_anonymised, dispatch_uid="appointments_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Dates, durations, statuses, vehicles and kilometres stay for statistics. Who the person
    saw, where and at which address, where they were accompanied, and the notes go: with a date
    they tell the person's care (a cardiologist, a CeGIDD). The receipts lose the address, the
    message and the backend's error (they named the person), and no reminder leaves any more:
    there is nobody to reach."""
    Reminder.objects.filter(appointment__person=person).update(recipient="", body="", error="")
    Appointment.objects.filter(person=person).update(
        professional=ERASED_TEXT, place=ERASED_TEXT, address="", to_bring=""
    )
    Appointment.objects.filter(person=person, status=Status.PLANNED).update(reminder=ReminderChoice.NONE)
    Accompaniment.objects.filter(person=person).update(destination=ERASED_TEXT, note="")
