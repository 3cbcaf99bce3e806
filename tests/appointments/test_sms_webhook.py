"""POST /webhooks/sms/<provider>/: public, signed in by the shared secret only, idempotent, and
quiet (200) about messages it does not know so that no provider retries for ever."""

import json
import logging
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from lien.appointments.enums import ReceiptStatus, ReminderChoice, ReminderKind
from lien.appointments.models import Reminder
from lien.appointments.services import reminder_send
from lien.appointments.sms import HttpSmsBackend
from tests.appointments.fake_providers import API_KEY, BASE_URL, SECRET, SENDER, FakeBrevo
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)
URL = reverse("sms:webhook", args=["brevo"])


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def brevo(settings, monkeypatch):
    fake = FakeBrevo()
    settings.SMS_BACKEND, settings.SMS_API_KEY, settings.SMS_SENDER = "brevo", API_KEY, SENDER
    settings.SMS_WEBHOOK_SECRET, settings.SMS_API_URL, settings.LIEN_BASE_URL = SECRET, fake.api_url, BASE_URL
    monkeypatch.setattr(HttpSmsBackend, "transport", fake.transport())
    return fake


@pytest.fixture
def sent(world, brevo):
    """A reminder Brevo took: (its receipt, the delivery receipt Brevo would post)."""
    appointment = book(
        world, followed_person(world, email="josette@example.org"), NOW + timedelta(days=1), reminder="sms"
    )
    receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
    _, delivered = brevo.callback(brevo.accepted[0], delivered=True)
    return receipt, delivered


def _post(client, payload, url=URL, **extra):
    return client.post(url, data=json.dumps(payload), content_type="application/json", **extra)


def test_a_wrong_or_missing_secret_is_refused_and_changes_nothing(client, sent):
    receipt, delivered = sent
    for url in [URL, f"{URL}?token=", f"{URL}?token=not-the-secret", f"{URL}?secret={SECRET}"]:
        assert _post(client, delivered, url).status_code == 403
    assert _post(client, delivered, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SENT


def test_without_a_secret_configured_everything_is_refused(client, sent, settings):
    receipt, delivered = sent
    settings.SMS_WEBHOOK_SECRET = ""
    assert _post(client, delivered, f"{URL}?token=").status_code == 403
    assert Reminder.objects.get().status == ReceiptStatus.SENT


def test_the_secret_in_the_url_or_as_a_bearer_token_signs_in(client, sent):
    receipt, delivered = sent
    assert _post(client, delivered, f"{URL}?token={SECRET}").status_code == 200
    assert Reminder.objects.get().status == ReceiptStatus.DELIVERED
    assert _post(client, delivered, HTTP_AUTHORIZATION=f"Bearer {SECRET}").status_code == 200


def test_an_unknown_message_is_answered_200_and_logged(client, sent, caplog):
    _, delivered = sent
    with caplog.at_level(logging.WARNING, logger="lien.appointments.services"):
        response = _post(client, delivered | {"messageId": 42}, f"{URL}?token={SECRET}")
    assert response.status_code == 200
    assert "unknown message: brevo 42" in caplog.text
    assert Reminder.objects.get().status == ReceiptStatus.SENT


def test_an_event_that_says_nothing_new_changes_nothing(client, sent):
    receipt, delivered = sent
    for status in ["sent", "accepted", "replied"]:
        assert _post(client, delivered | {"msg_status": status}, f"{URL}?token={SECRET}").status_code == 200
    assert Reminder.objects.get().status == ReceiptStatus.SENT


def test_a_batch_of_events_is_read_whole(client, sent):
    _, delivered = sent
    response = _post(client, [delivered, delivered | {"messageId": 7}], f"{URL}?token={SECRET}")
    assert response.status_code == 200
    assert Reminder.objects.get().status == ReceiptStatus.DELIVERED


def test_it_answers_post_only_json_only_and_known_providers_only(client, sent):
    assert client.get(f"{URL}?token={SECRET}").status_code == 405
    bad = client.post(f"{URL}?token={SECRET}", data="not json", content_type="application/json")
    assert bad.status_code == 400
    other = reverse("sms:webhook", args=["pigeon"])
    assert _post(client, {}, f"{other}?token={SECRET}").status_code == 404
    assert _post(client, {}, other).status_code == 403  # the secret first: a stranger learns nothing


def test_a_late_receipt_after_the_erasure_of_the_person_is_ignored(client, sent, world):
    receipt, delivered = sent
    Reminder.objects.filter(pk=receipt.pk).update(provider_message_id="")  # as the erasure does
    assert _post(client, delivered, f"{URL}?token={SECRET}").status_code == 200
    assert Reminder.objects.get().status == ReceiptStatus.SENT


def test_the_sender_tells_brevo_where_to_report(brevo, world):
    appointment = book(world, followed_person(world), NOW + timedelta(days=1), reminder=ReminderChoice.SMS)
    reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
    assert brevo.accepted[0].webhook == f"{BASE_URL}{URL}?token={SECRET}"
