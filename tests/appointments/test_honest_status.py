"""With no SMS provider configured (``console``, the default), nothing says "sent": the receipt is
"not sent" with its reason, the e-mail goes instead when the person has an address, and every page
that plans or shows a reminder says « non envoyé : aucun fournisseur SMS configuré »."""

import importlib
from datetime import date, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.urls import reverse

from lien.appointments.enums import ReceiptStatus, ReminderChoice, ReminderKind
from lien.appointments.models import Reminder
from lien.appointments.services import reminder_send, reminders_send_due
from lien.appointments.sms import LocmemBackend
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)
NOT_SENT = "non envoyé : aucun fournisseur SMS configuré"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def console(settings):
    settings.SMS_BACKEND = "console"


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def test_the_console_never_records_sent(world, console, mediator, capsys):
    appointment = book(world, followed_person(world, email=""), NOW + timedelta(days=1), reminder="sms")
    receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER, acting_user=mediator)
    assert (receipt.status, receipt.error, receipt.sent_at, receipt.backend) == (
        ReceiptStatus.NOT_SENT,
        "aucun fournisseur SMS configuré",
        None,
        "sms:console",
    )
    assert "SMS to +33612345678 (not sent" in capsys.readouterr().out
    again = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER, acting_user=mediator)
    assert again == receipt and capsys.readouterr().out == ""  # not printed twice


def test_the_email_goes_instead_and_the_receipts_say_so(world, console, mediator, client_for):
    person = followed_person(world, email="josette@example.org")
    appointment = book(world, person, NOW + timedelta(days=1), reminder="sms")
    response = client_for(mediator).post(
        reverse("appointments:remind", args=[appointment.pk]), {"kind": "reminder"}, follow=True
    )
    text = response.content.decode()
    assert f"Rappel avant le rendez-vous par SMS : {NOT_SENT}." in text
    assert "Envoyé par courriel à josette@example.org à la place." in text
    sms = Reminder.objects.get(channel="sms")
    assert sms.status == ReceiptStatus.NOT_SENT and sms.fallback.status == ReceiptStatus.SENT
    (email,) = mail.outbox
    assert email.to == ["josette@example.org"]
    assert "Envoyé le 10 mars 2026 à 09:00, à la place du SMS" in text  # the e-mail did leave


def test_no_page_says_sent_when_nothing_left(world, console, mediator, client_for):
    person = followed_person(world, email="")
    client = client_for(mediator)
    tomorrow = book(world, person, NOW + timedelta(days=1), reminder="sms")
    later = book(world, person, NOW + timedelta(days=4), reminder="sms")  # its reminder not yet due
    soon = book(world, person, NOW + timedelta(hours=2), reminder="sms")
    reminder_send(appointment=tomorrow, kind=ReminderKind.REMINDER, acting_user=mediator)
    response = client.post(reverse("appointments:remind", args=[soon.pk]), {"kind": "booking"}, follow=True)
    assert f"Confirmation du rendez-vous par SMS : {NOT_SENT}." in response.content.decode()
    pages = {
        "appointment": reverse("appointments:detail", args=[tomorrow.pk]),
        "planned appointment": reverse("appointments:detail", args=[later.pk]),
        "agenda": reverse("appointments:agenda"),
        "follow-up": reverse("followup:person", args=[person.pk]),
        "person": reverse("person_detail", args=[person.pk]),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert f"Rappel par SMS : {NOT_SENT}" in page, name
        assert "Envoyé" not in page and "envoyé le" not in page, name
    detail = client.get(pages["appointment"]).content.decode()
    assert "Aucun fournisseur SMS n'est configuré : les SMS ne partent pas." in detail
    assert f"{NOT_SENT[0].upper()}{NOT_SENT[1:]}" in detail  # the receipt's own line
    with time_machine.travel(NOW + timedelta(days=2), tick=False):  # past, its outcome to record
        calls = client_for(mediator).get(reverse("followup:call_list")).content.decode()
    assert f"Rappel par SMS : {NOT_SENT}" in calls


def test_the_job_records_not_sent_once_then_sends_when_a_provider_comes(world, console, settings):
    person = followed_person(world, email="")
    appointment = book(world, person, NOW + timedelta(hours=20), reminder=ReminderChoice.SMS)
    assert reminders_send_due() == 0
    assert reminders_send_due() == 0
    receipt = Reminder.objects.get()
    assert (receipt.status, receipt.attempts) == (ReceiptStatus.NOT_SENT, 1)
    settings.SMS_BACKEND = "locmem"  # the team configured a provider
    LocmemBackend.outbox.clear()
    assert reminders_send_due() == 1
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SENT and receipt.sent_at == NOW
    assert [message["to"] for message in LocmemBackend.outbox] == ["+33612345678"]
    assert appointment.reminders.count() == 1
    LocmemBackend.outbox.clear()


def test_a_provider_after_the_email_fallback_sends_nothing_more(world, console, settings):
    appointment = book(
        world, followed_person(world, email="josette@example.org"), NOW + timedelta(hours=20), reminder="sms"
    )
    reminders_send_due()
    settings.SMS_BACKEND = "locmem"
    LocmemBackend.outbox.clear()
    assert reminders_send_due() == 0
    assert LocmemBackend.outbox == [] and len(mail.outbox) == 1 and appointment.reminders.count() == 2


def test_a_missing_number_goes_by_email_and_says_why(world, console):
    person = followed_person(world, email="josette@example.org")
    appointment = book(world, person, NOW + timedelta(hours=20), reminder="sms")
    person.phone = ""
    person.save()
    reminders_send_due()
    sms = Reminder.objects.get(channel="sms")
    assert (sms.status, sms.error) == (
        ReceiptStatus.FAILED,
        "la fiche de la personne n'a pas de numéro de téléphone",
    )
    assert sms.fallback.status == ReceiptStatus.SENT and appointment.reminders.count() == 2


def test_waiting_retries_of_an_appointment_no_longer_to_come_are_given_up(world, settings):
    settings.SMS_BACKEND = "tests.appointments.test_reminders.BrokenBackend"
    appointment = book(world, followed_person(world, email=""), NOW + timedelta(hours=2), reminder="sms")
    reminders_send_due()
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        reminders_send_due()
    receipt = Reminder.objects.get(appointment=appointment)
    assert (receipt.status, receipt.error) == (
        ReceiptStatus.FAILED,
        "abandonné : le rendez-vous n'est plus à venir",
    )


def test_the_migration_turns_old_console_receipts_into_not_sent(world, mediator, settings):
    settings.SMS_BACKEND = "locmem"
    appointment = book(world, followed_person(world), NOW + timedelta(days=1), reminder="sms")
    receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
    Reminder.objects.filter(pk=receipt.pk).update(backend="sms:console")  # as the console used to
    migration = importlib.import_module("lien.appointments.migrations.0003_reminder_console_not_sent")
    migration.say_not_sent(apps, None)
    receipt.refresh_from_db()
    assert (receipt.status, receipt.sent_at, receipt.error) == (
        "not_sent",
        None,
        "aucun fournisseur SMS configuré",
    )
    migration.say_sent_again(apps, None)
    receipt.refresh_from_db()
    assert (receipt.status, receipt.sent_at) == ("sent", receipt.created_at)
    LocmemBackend.outbox.clear()
