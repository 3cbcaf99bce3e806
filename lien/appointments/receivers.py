from django.dispatch import receiver

from lien.appointments.enums import ReminderChoice, Status
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.people.signals import person_anonymised


@receiver(person_anonymised, dispatch_uid="appointments_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Dates, places, statuses and kilometres stay for statistics. The receipts lose the address
    and the message (they named the person), and no reminder leaves any more: there is nobody
    to reach."""
    Reminder.objects.filter(appointment__person=person).update(recipient="", body="")
    Appointment.objects.filter(person=person).update(to_bring="")
    Appointment.objects.filter(person=person, status=Status.PLANNED).update(reminder=ReminderChoice.NONE)
    Accompaniment.objects.filter(person=person).update(note="")
