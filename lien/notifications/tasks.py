"""Periodic job of the notifications (``lien tick``)."""

from django.tasks import task

from lien.notifications.services import notification_emails_retry


@task
def retry_notification_emails() -> int:
    """The e-mails of notifications whose next attempt has come, tried again."""
    return notification_emails_retry()
