"""Reminders: sent once per appointment, channel and kind, by hand or by the periodic job."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from icalendar import Calendar

from lien.appointments.enums import ReceiptStatus, ReminderChoice, ReminderKind
from lien.appointments.models import Reminder
from lien.appointments.services import appointment_cancel, reminder_send, reminders_send_due
from lien.appointments.sms import FileBackend, SmsError, get_backend
from lien.followup.services import followup_settings_save
from lien.journal.models import Action, JournalEntry
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def person(world):
    return followed_person(world, email="josette@example.org")


def test_it_sends_a_reminder_by_sms_once_and_keeps_the_receipt(world, person, sms_outbox):
    appointment = book(
        world, person, NOW + timedelta(days=1, hours=5), reminder=ReminderChoice.SMS, to_bring="Carte Vitale"
    )
    first = reminder_send(
        appointment=appointment, kind=ReminderKind.REMINDER, acting_user=world.users["community_mediator"]
    )
    again = reminder_send(
        appointment=appointment, kind=ReminderKind.REMINDER, acting_user=world.users["community_mediator"]
    )
    assert first == again
    assert (first.status, first.recipient, first.backend) == (
        ReceiptStatus.SENT,
        "06 12 34 56 78",
        "sms:locmem",
    )
    assert len(sms_outbox) == 1
    body = sms_outbox[0]["body"]
    assert "Bonjour Josette" in body and "mercredi 11 mars 2026 à 14 h 00" in body and "Carte Vitale" in body
    assert JournalEntry.objects.filter(person=person, action=Action.EXPORT).count() == 1


def test_the_database_refuses_a_second_receipt_for_the_same_message(world, person, sms_outbox):
    from django.db import IntegrityError, transaction

    appointment = book(world, person, NOW + timedelta(days=1), reminder=ReminderChoice.SMS)
    receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            appointment=appointment,
            channel="sms",
            kind="reminder",
            recipient="x",
            body="x",
            status="sent",
            backend="x",
            sent_at=receipt.sent_at,
        )


def test_it_sends_the_email_with_the_calendar_file(world, person):
    appointment = book(world, person, NOW + timedelta(days=2), reminder=ReminderChoice.EMAIL)
    receipt = reminder_send(appointment=appointment, kind=ReminderKind.BOOKING)
    assert receipt.channel == "email"
    (message,) = mail.outbox
    assert message.to == ["josette@example.org"]
    assert message.subject == "Rendez-vous pris le 12 mars 2026"
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == NOW + timedelta(days=2)


def test_the_periodic_job_sends_due_reminders_once(world, person, sms_outbox):
    tomorrow = book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    book(world, person, NOW + timedelta(days=3), reminder=ReminderChoice.SMS)  # not yet due
    book(world, person, NOW + timedelta(hours=5), reminder=ReminderChoice.NONE)  # the person said no
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    call_command("tick")  # the job as cron runs it
    assert [r.appointment for r in Reminder.objects.all()] == [tomorrow]
    assert len(sms_outbox) == 1
    assert Reminder.objects.get().created_by is None


def test_the_job_follows_the_delay_of_the_organisation(world, person, sms_outbox):
    followup_settings_save(
        acting_user=world.users["community_mediator"],
        organisation=world.organisation,
        rupture_days=60,
        reminder_days_before=3,
        contact_phone="04 65 71 00 12",
    )
    book(world, person, NOW + timedelta(days=2, hours=12), reminder=ReminderChoice.SMS)
    assert reminders_send_due() == 1
    assert "appelez-nous au 04 65 71 00 12" in sms_outbox[0]["body"]


def test_a_transient_failure_is_kept_and_retried_after_a_delay(world, person, settings, sms_outbox):
    settings.SMS_BACKEND = "tests.appointments.test_reminders.BrokenBackend"
    appointment = book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    assert reminders_send_due() == 0
    receipt = Reminder.objects.get()
    assert (receipt.status, receipt.error, receipt.attempts, receipt.next_attempt_at) == (
        ReceiptStatus.QUEUED,
        "réseau indisponible",
        1,
        NOW + timedelta(minutes=5),
    )
    settings.SMS_BACKEND = "locmem"
    assert reminders_send_due() == 0  # not before its time
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert reminders_send_due() == 1
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts, receipt.next_attempt_at) == (ReceiptStatus.SENT, 2, None)
    assert appointment.reminders.count() == 1


def test_no_reminder_for_a_past_cancelled_or_unreachable_appointment(world, person, sms_outbox):
    past = book(world, person, NOW - timedelta(hours=1), reminder=ReminderChoice.SMS)
    with pytest.raises(ValidationError):
        reminder_send(appointment=past, kind=ReminderKind.REMINDER)
    cancelled = book(world, person, NOW + timedelta(hours=3), reminder=ReminderChoice.SMS)
    appointment_cancel(acting_user=world.users["community_mediator"], appointment=cancelled)
    assert reminders_send_due() == 0
    with pytest.raises(ValidationError):
        book(world, followed_person(world, phone=""), NOW + timedelta(days=1), reminder=ReminderChoice.SMS)


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", tmp_path / "sms"
    backend = get_backend()
    assert isinstance(backend, FileBackend)
    assert backend.send(to="+33600000000", body="Bonjour", reference="1") == ""
    (written,) = (tmp_path / "sms").iterdir()
    assert written.read_text(encoding="utf-8") == "To: +33600000000\n\nBonjour\n"


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.SMS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_backend()
    settings.SMS_BACKEND = "lien.appointments.sms.SmsError"
    with pytest.raises(ImproperlyConfigured):
        get_backend()


class BrokenBackend(FileBackend):
    name = "broken"
    delivers = True

    def send(self, *, to: str, body: str, reference: str) -> str:
        raise SmsError("réseau indisponible")
