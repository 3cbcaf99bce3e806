import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lien.accounts.models import User
from lien.notifications.enums import NotificationKind
from lien.notifications.models import Notification
from lien.notifications.selectors import unread_for
from lien.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from lien.saisines.models import FollowUpTask
from lien.saisines.tasks import overdue_service_answers_notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_it_notifies_each_active_user_once_per_key(team, notify_one):
    mediator, deputy = team.mediator, team.users["deputy"]
    inactive = UserFactory(email="parti@cpam-lien.example", is_active=False)
    first = notify(
        users=[mediator, deputy, inactive, mediator],
        kind=NotificationKind.EQUITY_PROPOSED,
        text="La saisine 2026-0042 attend votre décision sur une proposition en équité.",
        url="/saisines/42/",
        key="equity_proposed:42",
        organisation=team.fund,
    )
    assert {n.user for n in first} == {mediator, deputy}
    again = notify(
        users=[mediator, deputy],
        kind=NotificationKind.EQUITY_PROPOSED,
        text="Autre texte",
        url="/saisines/42/",
        key="equity_proposed:42",
    )
    assert again == []
    assert Notification.objects.count() == 2
    assert notify_one(mediator, key="autre") is not None  # another key, another notification


def test_it_emails_the_text_and_the_link_and_no_name(
    team, receive, requester, mailoutbox, django_capture_on_commit_callbacks
):
    saisine = receive(requester=requester, subject="Hélène Éluard conteste un indu.")
    FollowUpTask.objects.create(
        saisine=saisine,
        kind=FollowUpTask.Kind.SERVICE_ANSWER,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_service_answers_notify() == 1
    (message,) = mailoutbox
    assert message.to == [team.mediator.email]
    assert message.subject == "Lien — Réponse d'un service en retard"
    link = settings.LIEN_BASE_URL.rstrip("/") + reverse("saisines:detail", args=[saisine.pk])
    assert saisine.reference in message.body and link in message.body
    for name in ("Hélène", "Éluard", "Eluard"):
        assert name not in message.subject and name not in message.body
    assert Notification.objects.get().emailed_at is not None


def test_it_sends_nothing_before_the_transaction_commits(team, notify_one, mailoutbox):
    notification = notify_one(team.mediator)
    assert mailoutbox == [] and notification.emailed_at is None


def test_a_user_without_an_address_is_notified_without_mail(
    team, notify_one, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=team.mediator.pk).update(email="")
    team.mediator.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_one(team.mediator)
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None and list(unread_for(team.mediator)) == [notification]


def test_a_mail_server_down_leaves_the_notification_unsent_and_raises_nothing(
    team, notify_one, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    with caplog.at_level(logging.ERROR, logger="lien.notifications.services"):
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify_one(team.mediator)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert list(unread_for(team.mediator)) == [notification]  # the home page still shows it
    assert "could not be sent" in caplog.text
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("url", ["https://ailleurs.example/", "//ailleurs.example/", "saisines/"])
def test_it_links_to_a_path_of_lien_only(team, notify_one, url):
    with pytest.raises(ValueError):
        notify_one(team.mediator, url=url)


def test_it_refuses_an_unknown_kind(team, notify_one):
    with pytest.raises(ValueError):
        notify_one(team.mediator, kind="whatever")


def test_a_user_marks_their_own_notification_read_once(team, notify_one):
    notification = notify_one(team.mediator)
    notification_mark_read(user=team.mediator, notification=notification)
    read_at = notification.read_at
    assert read_at is not None
    notification_mark_read(user=team.mediator, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at == read_at and list(unread_for(team.mediator)) == []


def test_nobody_marks_another_users_notification_read(team, notify_one):
    notification = notify_one(team.mediator)
    with pytest.raises(Http404):
        notification_mark_read(user=team.users["deputy"], notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_marks_all_of_ones_notifications_read_and_no_one_elses(team, notify_one):
    notify_one(team.mediator, key="a")
    notify_one(team.mediator, key="b")
    theirs = notify_one(team.users["deputy"], key="a")
    assert notifications_mark_all_read(user=team.mediator) == 2
    assert unread_for(team.mediator).count() == 0
    assert list(unread_for(team.users["deputy"])) == [theirs]
