"""Background work of appointments, enqueued by ``lien tick`` (see lien/shell/tasks.py)."""

from django.tasks import task


@task
def send_due_appointment_reminders() -> int:
    """Send the messages that are due (reminders of appointments, rights to renew announced to the
    people who chose it); running it twice sends nothing twice."""
    from lien.appointments.services import reminders_send_due

    return reminders_send_due()
