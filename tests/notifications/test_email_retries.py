"""A notification's e-mail that fails is tried again 5, 10, 20 and 40 minutes later by ``lien tick``
(issue 14, point 9), then given up; the notification is on the page all along, and the page says
what happened to the e-mail — never that it left when it did not."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lien.notifications.models import Notification
from lien.notifications.services import EMAIL_ATTEMPTS, notification_emails_retry
from lien.notifications.tasks import retry_notification_emails
from lien.shell.tasks import PERIODIC_JOBS
from tests.notifications.test_services import FailingBackend

pytestmark = pytest.mark.django_db

DOWN = {"default": {"BACKEND": f"{FailingBackend.__module__}.FailingBackend"}}
UP = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def failed(team, notify_one, settings, django_capture_on_commit_callbacks):
    settings.MAILERS = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_one(team.mediator)
    notification.refresh_from_db()
    return notification


def test_a_failed_email_is_tried_again_after_five_minutes_and_leaves_when_the_server_is_back(
    failed, settings, mailoutbox, team, client_for
):
    assert (failed.email_attempts, failed.emailed_at) == (1, None)
    assert failed.email_retry_at is not None
    page = client_for(team.mediator).get(reverse("notifications:list")).content.decode()
    assert "L'e-mail n'a pas pu partir : nouvel essai le" in page

    settings.MAILERS = UP
    assert notification_emails_retry(now=failed.email_retry_at - timedelta(seconds=1)) == 0
    assert mailoutbox == []
    assert notification_emails_retry(now=failed.email_retry_at) == 1
    (message,) = mailoutbox
    assert message.to == [team.mediator.email]
    failed.refresh_from_db()
    assert failed.emailed_at is not None and failed.email_retry_at is None and failed.email_attempts == 2
    assert notification_emails_retry(now=timezone.now() + timedelta(days=1)) == 0  # once only
    page = client_for(team.mediator).get(reverse("notifications:list")).content.decode()
    assert "pas pu partir" not in page


def test_the_attempts_back_off_then_give_up_and_the_page_says_so(failed, team, client_for):
    delays = []
    at = failed.email_retry_at
    while at is not None:
        with time_machine.travel(at, tick=False):
            previous = at
            assert notification_emails_retry() == 0
        failed.refresh_from_db()
        at = failed.email_retry_at
        if at is not None:
            delays.append(round((at - previous).total_seconds() / 60))
    assert delays == [10, 20, 40]
    assert failed.email_attempts == EMAIL_ATTEMPTS and failed.emailed_at is None
    assert failed.email_given_up
    assert Notification.objects.filter(pk=failed.pk, read_at__isnull=True).exists()
    page = client_for(team.mediator).get(reverse("notifications:list")).content.decode()
    assert "(5 essais) : cette notification n'est qu'ici." in page


def test_a_deactivated_user_is_not_written_to_again(failed, settings, mailoutbox, team):
    settings.MAILERS = UP
    team.mediator.is_active = False
    team.mediator.save()
    assert notification_emails_retry(now=timezone.now() + timedelta(hours=1)) == 0
    assert mailoutbox == []
    failed.refresh_from_db()
    assert failed.email_retry_at is None


def test_the_retry_is_a_periodic_job():
    assert retry_notification_emails in PERIODIC_JOBS
