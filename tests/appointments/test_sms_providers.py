"""The SMS providers, each against its local fake (tests/appointments/fake_providers.py): the
documented request, the honest receipt, the delivery receipts played into the webhook, retries
with back-off, permanent refusals and the e-mail fallback."""

import json
from datetime import date, timedelta

import httpx
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.appointments.enums import ReceiptStatus, ReminderChoice, ReminderKind
from lien.appointments.models import Reminder
from lien.appointments.services import reminder_send, reminders_send_due
from lien.appointments.sms import HttpSmsBackend, get_backend, needs_unicode
from tests.appointments.fake_providers import API_KEY, BASE_URL, FAKES, SECRET, SENDER
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(params=sorted(FAKES))
def fake(request, settings, monkeypatch):
    """Lien configured for one provider, which is its fake."""
    fake = FAKES[request.param]()
    settings.SMS_BACKEND = request.param
    settings.SMS_API_KEY, settings.SMS_SENDER, settings.SMS_WEBHOOK_SECRET = API_KEY, SENDER, SECRET
    settings.SMS_API_URL, settings.LIEN_BASE_URL = fake.api_url, BASE_URL
    monkeypatch.setattr(HttpSmsBackend, "transport", fake.transport())
    yield fake
    assert fake.problems == [], "requests off the provider's documented shape"


@pytest.fixture
def person(world):
    return followed_person(world, phone="06 12 34 56 78", email="josette@example.org")


def _remind(world, person, hours=20):
    appointment = book(world, person, NOW + timedelta(hours=hours), reminder=ReminderChoice.SMS)
    return appointment, reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)


def _play(client, fake, message, *, delivered):
    path, payload = fake.callback(message, delivered=delivered, at=NOW + timedelta(minutes=1))
    return client.post(path, data=json.dumps(payload), content_type="application/json")


def test_it_sends_the_documented_request_and_records_the_provider_id(world, person, fake):
    appointment, receipt = _remind(world, person)
    (message,) = fake.accepted
    assert message.number == "33612345678"
    assert "Bonjour Josette" in message.text
    assert (receipt.status, receipt.backend, receipt.provider_message_id) == (
        ReceiptStatus.SENT,
        f"sms:{fake.name}",
        message.message_id,
    )
    assert receipt.sent_at == NOW and receipt.next_attempt_at is None
    assert mail.outbox == []  # no fallback: the text message left


def test_its_delivery_receipts_reach_the_receipt(world, person, fake, client):
    _, receipt = _remind(world, person)
    (message,) = fake.accepted
    response = _play(client, fake, message, delivered=True)
    assert response.status_code == 200
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.DELIVERED and receipt.delivered_at is not None
    again = _play(client, fake, message, delivered=True)  # the provider repeats itself
    assert again.status_code == 200
    assert Reminder.objects.get().delivered_at == receipt.delivered_at
    late_failure = _play(client, fake, message, delivered=False)  # delivered stays delivered
    assert late_failure.status_code == 200
    assert Reminder.objects.get().status == ReceiptStatus.DELIVERED
    assert mail.outbox == []


def test_a_failure_receipt_fails_it_and_the_email_goes_instead(world, person, fake, client):
    appointment, receipt = _remind(world, person)
    (message,) = fake.accepted
    assert _play(client, fake, message, delivered=False).status_code == 200
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.FAILED and receipt.error
    fallback = receipt.fallback
    assert (fallback.channel, fallback.status, fallback.recipient) == ("email", "sent", "josette@example.org")
    (email,) = mail.outbox
    assert email.to == ["josette@example.org"] and "Bonjour Josette" in email.body
    _play(client, fake, message, delivered=False)  # again: nothing more
    assert len(mail.outbox) == 1 and appointment.reminders.count() == 2


def test_a_503_is_retried_with_back_off_then_sent(world, person, fake):
    fake.script = [httpx.Response(503), httpx.Response(503)]
    appointment = book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    assert reminders_send_due() == 0
    receipt = Reminder.objects.get()
    assert (receipt.status, receipt.attempts, receipt.next_attempt_at) == (
        ReceiptStatus.QUEUED,
        1,
        NOW + timedelta(minutes=5),
    )
    assert "HTTP 503" in receipt.error
    assert reminders_send_due() == 0 and fake.calls == 1  # not before its time
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert reminders_send_due() == 0
    receipt.refresh_from_db()
    assert (receipt.attempts, receipt.next_attempt_at) == (2, NOW + timedelta(minutes=20))
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        assert reminders_send_due() == 1
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts, receipt.error) == (ReceiptStatus.SENT, 3, "")
    assert len(fake.accepted) == 1 and appointment.reminders.count() == 1 and mail.outbox == []


def test_transient_failures_give_up_after_four_attempts_then_the_email(world, person, fake):
    fake.script = [
        httpx.Response(429),
        httpx.ConnectError("refused"),
        httpx.Response(502),
        httpx.Response(500),
    ]
    book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    moments = [NOW, NOW + timedelta(minutes=5), NOW + timedelta(minutes=20), NOW + timedelta(minutes=65)]
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            reminders_send_due()
    receipt = Reminder.objects.get(channel="sms")
    assert (receipt.status, receipt.attempts, receipt.next_attempt_at) == (ReceiptStatus.FAILED, 4, None)
    assert "HTTP 500" in receipt.error
    assert receipt.fallback.status == ReceiptStatus.SENT and len(mail.outbox) == 1
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        assert reminders_send_due() == 0
    assert fake.calls == 4


def test_a_permanent_400_fails_at_once_and_the_email_goes(world, person, fake):
    fake.script = [httpx.Response(400, json={"code": "invalid_parameter", "message": "Invalid phone number"})]
    appointment, receipt = _remind(world, person)
    assert (receipt.status, receipt.attempts, receipt.next_attempt_at) == (ReceiptStatus.FAILED, 1, None)
    assert receipt.error == "refusé par le fournisseur (HTTP 400) : Invalid phone number"
    assert receipt.fallback.channel == "email" and len(mail.outbox) == 1
    assert reminders_send_due() == 0 and fake.calls == 1


def test_without_an_email_a_permanent_failure_stays_failed(world, fake):
    person = followed_person(world, phone="06 12 34 56 78", email="")
    fake.script = [httpx.Response(401, json={"message": "Key not found"})]
    _, receipt = _remind(world, person)
    assert receipt.status == ReceiptStatus.FAILED and mail.outbox == []
    assert not Reminder.objects.filter(channel="email").exists()


def test_a_number_that_cannot_be_read_or_a_landline_never_reaches_the_provider(world, fake):
    for number, error in [
        ("12", "numéro de téléphone non reconnu"),
        ("04 68 00 00 00", "ce numéro n'est pas un numéro de mobile"),
    ]:
        person = followed_person(world, phone=number, email="")
        _, receipt = _remind(world, person)
        assert receipt.status == ReceiptStatus.FAILED and receipt.error.startswith(error)
    assert fake.calls == 0


def test_an_overseas_number_goes_with_its_country_code(world, fake):
    _remind(world, followed_person(world, phone="0690 12 34 56"))
    assert fake.accepted[0].number == "590690123456"


def test_smsfactor_refusals_in_its_answer_are_permanent(world, person, settings, monkeypatch):
    fake = FAKES["smsfactor"]()
    settings.SMS_BACKEND, settings.SMS_API_KEY, settings.SMS_SENDER = "smsfactor", API_KEY, SENDER
    settings.SMS_WEBHOOK_SECRET, settings.SMS_API_URL = SECRET, fake.api_url
    monkeypatch.setattr(HttpSmsBackend, "transport", fake.transport())
    fake.script = [
        httpx.Response(200, json={"status": -3, "message": "Not enough credits"}),
        httpx.Response(200, json={"status": 1, "message": "OK", "ticket": "1", "sent": 0, "invalid": 1}),
    ]
    _, first = _remind(world, followed_person(world, email=""))
    _, second = _remind(world, followed_person(world, email=""), hours=30)
    assert (first.status, first.error) == (
        ReceiptStatus.FAILED,
        "refusé par SMSFactor (-3) : Not enough credits",
    )
    assert (second.status, second.error) == (
        ReceiptStatus.FAILED,
        "numéro refusé par SMSFactor (invalide, liste noire ou NPAI)",
    )


def test_the_text_goes_as_unicode_only_when_it_must(world, person, fake):
    assert not needs_unicode("Bonjour Josette, votre rendez-vous à 14 h, à l'heure ? é è ù")
    assert needs_unicode("À apporter : carte Vitale") and needs_unicode("En cas d'empêchement")
    _remind(world, person)
    plain = book(world, person, NOW + timedelta(hours=30), reminder=ReminderChoice.SMS, to_bring="Vitale")
    reminder_send(appointment=plain, kind=ReminderKind.REMINDER)
    assert [message.unicode for message in fake.accepted] == [False, True]  # « À apporter »


def test_a_provider_needs_its_key_and_a_valid_sender(settings):
    settings.SMS_BACKEND, settings.SMS_API_KEY, settings.SMS_SENDER = "brevo", "", SENDER
    with pytest.raises(ImproperlyConfigured, match="LIEN_SMS_API_KEY"):
        get_backend()
    settings.SMS_API_KEY = API_KEY
    for sender in ["Lien-Santé", "AB", "Association Lien", ""]:
        settings.SMS_SENDER = sender
        with pytest.raises(ImproperlyConfigured, match="LIEN_SMS_SENDER"):
            get_backend()
    for sender in ["Lien", "AssoLien 11", "33612345678"]:
        settings.SMS_SENDER = sender
        get_backend()


def test_the_job_costs_a_constant_number_of_queries_per_reminder(world, fake):
    def run(count: int) -> int:
        for offset in range(count):
            person = followed_person(world, phone=f"06 12 34 56 {10 + offset:02d}")
            book(world, person, NOW + timedelta(hours=20, minutes=offset), reminder=ReminderChoice.SMS)
        with CaptureQueriesContext(connection) as queries:
            assert reminders_send_due() == count
        return len(queries)

    one, three, five = run(1), run(3), run(5)
    per_reminder = (three - one) // 2
    assert five - three == three - one == 2 * per_reminder  # linear: nothing grows with the others
    assert per_reminder <= 12


def test_the_pages_follow_the_message_from_retry_to_receipt(world, person, fake, client, client_for):
    fake.script = [httpx.Response(503)]
    appointment = book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    mediator = client_for(world.users["community_mediator"])
    pages = [
        reverse("appointments:agenda"),
        reverse("followup:person", args=[person.pk]),
        reverse("person_detail", args=[person.pk]),
        reverse("appointments:detail", args=[appointment.pk]),
    ]
    reminders_send_due()
    retry = "Rappel par SMS : nouvel essai le 10 mars 2026 à 09:05 (essai 1 sur 4 : fournisseur indisponible"
    for url in pages:
        assert retry in mediator.get(url).content.decode(), url
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        reminders_send_due()
        mediator = client_for(world.users["community_mediator"])
        for url in pages:
            page = mediator.get(url).content.decode()
            assert "Rappel par SMS : envoyé le 10 mars 2026 à 09:05, accusé de réception attendu" in page, url
        _play(client, fake, fake.accepted[0], delivered=True)
        for url in pages:
            assert "Rappel par SMS : reçu le 10 mars 2026 à 09:0" in mediator.get(url).content.decode(), url
