"""The person who chose it is told, once, that their rights are to renew: the periodic job sends
the message on the day the renewal reminder comes, with the receipts, retries, delivery receipts
and e-mail fallback of the reminders of appointments, and never says "sent" when nothing left."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from lien.appointments.enums import ReceiptStatus, ReminderKind
from lien.appointments.models import Reminder
from lien.appointments.services import (
    reminder_record_delivery,
    reminder_send,
    reminders_send_due,
    rights_renewal_send,
)
from lien.appointments.sms import DeliveryReport, LocmemBackend
from lien.appointments.texts import SMS_LENGTH, renewal_message
from lien.followup.services import followup_settings_save
from lien.people.services import consent_withdraw
from lien.rights.enums import ReminderKind as RightsReminderKind
from lien.rights.models import RightsReminder
from lien.rights.services import procedure_file, procedure_grant, procedure_renew, procedure_start
from tests.community import aware, book
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 5, 1)
RIGHTS_END = date(2027, 4, 30)  # the C2S granted on 1 May 2026 runs for a year
REMINDER_ON = date(2027, 3, 1)  # 60 days before


@pytest.fixture
def mediator(world):
    mediator = world.users["community_mediator"]
    mediator.full_name = "Sophie Martin"
    mediator.save(update_fields=["full_name"])
    followup_settings_save(
        acting_user=mediator,
        organisation=world.organisation,
        rupture_days=60,
        reminder_days_before=1,
        contact_phone="04 68 20 00 00",
    )
    return mediator


def granted(world, mediator, *, remind_person="sms", kind="c2s", **person):
    person = {"first_name": "Awa", "last_name": "Diallo", "phone": "06 12 34 56 78"} | person
    with time_machine.travel(date(2026, 5, 2), tick=False):
        someone = consented_person(world, **person)
        procedure = procedure_start(
            acting_user=mediator, person=someone, kind=kind, started_on=date(2026, 3, 2)
        )
        procedure_file(acting_user=mediator, procedure=procedure, filed_on=date(2026, 3, 10))
        procedure_grant(
            acting_user=mediator, procedure=procedure, decision_on=DECIDED, remind_person=remind_person
        )
    procedure.refresh_from_db()
    assert procedure.rights_end == RIGHTS_END and procedure.renewal_reminder_on == REMINDER_ON
    return procedure


def tick_on(day: date) -> None:
    """The periodic jobs as cron runs them, at 9:00 that day."""
    with time_machine.travel(date_at(day), tick=False):
        call_command("tick", stdout=StringIO())


def to_the_person() -> list:
    """The e-mails to the person (the team's alert goes to who follows the procedure)."""
    return [message for message in mail.outbox if message.to == ["awa.diallo@example.org"]]


def date_at(day: date, hour: int = 9):
    return aware(day, hour)


@pytest.mark.usefixtures("sms_outbox")
def test_the_job_tells_the_person_once_on_the_day_the_reminder_comes(world, mediator):
    procedure = granted(world, mediator)
    tick_on(REMINDER_ON - timedelta(days=1))
    assert LocmemBackend.outbox == [] and not Reminder.objects.exists()
    tick_on(REMINDER_ON)
    tick_on(REMINDER_ON)  # twice the same day
    tick_on(REMINDER_ON + timedelta(days=3))  # and the days after
    (message,) = LocmemBackend.outbox
    assert message["to"] == "+33612345678"
    assert message["body"] == (
        "Bonjour Awa, vos droits à la complémentaire santé solidaire finissent le 30/04/2027. "
        "Pour les renouveler, appelez Sophie au 04 68 20 00 00.\nAssociation locale"
    )
    assert len(message["body"]) <= SMS_LENGTH
    receipt = Reminder.objects.get()
    assert (receipt.kind, receipt.channel, receipt.status, receipt.appointment, receipt.created_by) == (
        ReminderKind.RIGHTS_RENEWAL,
        "sms",
        ReceiptStatus.SENT,
        None,
        None,
    )
    assert receipt.rights_reminder.procedure == procedure
    assert receipt.rights_reminder.kind == RightsReminderKind.RENEWAL_DUE


@pytest.mark.usefixtures("sms_outbox")
def test_nothing_leaves_when_the_person_did_not_choose_it(world, mediator):
    granted(world, mediator, remind_person="none")
    tick_on(REMINDER_ON)
    assert RightsReminder.objects.count() == 1  # the team's alert, as before
    assert LocmemBackend.outbox == [] and not Reminder.objects.exists()


@pytest.mark.usefixtures("sms_outbox")
def test_nothing_leaves_for_an_anonymised_person(world, mediator):
    procedure = granted(world, mediator)
    with time_machine.travel(REMINDER_ON - timedelta(days=10), tick=False):
        consent_withdraw(acting_user=mediator, person=procedure.person)
    procedure.refresh_from_db()
    assert procedure.remind_person == "none"
    tick_on(REMINDER_ON)
    assert LocmemBackend.outbox == [] and not Reminder.objects.exists()


@pytest.mark.usefixtures("sms_outbox")
def test_nothing_leaves_once_the_renewal_is_under_way(world, mediator):
    procedure = granted(world, mediator)
    with time_machine.travel(REMINDER_ON - timedelta(days=2), tick=False):
        procedure_renew(acting_user=mediator, procedure=procedure)
    tick_on(REMINDER_ON)
    assert LocmemBackend.outbox == [] and not Reminder.objects.exists()


def test_the_console_records_not_sent_and_the_email_goes_instead(world, mediator, settings, capsys):
    settings.SMS_BACKEND = "console"
    granted(world, mediator, email="awa.diallo@example.org")
    tick_on(REMINDER_ON)
    tick_on(REMINDER_ON)
    sms = Reminder.objects.get(channel="sms")
    assert (sms.status, sms.error, sms.sent_at) == (
        ReceiptStatus.NOT_SENT,
        "aucun fournisseur SMS configuré",
        None,
    )
    assert "SMS to +33612345678 (not sent" in capsys.readouterr().out
    email = sms.fallback
    assert (email.channel, email.status, email.kind) == ("email", ReceiptStatus.SENT, "rights_renewal")
    (sent,) = to_the_person()
    assert sent.subject == "Vos droits à renouveler avant le 30 avril 2027"
    assert sent.attachments == []


def test_the_console_without_an_address_records_not_sent_only(world, mediator, settings):
    settings.SMS_BACKEND = "console"
    granted(world, mediator)
    tick_on(REMINDER_ON)
    assert reminders_send_due() == 0
    receipt = Reminder.objects.get()
    assert receipt.status == ReceiptStatus.NOT_SENT and to_the_person() == []
    settings.SMS_BACKEND = "locmem"  # the team configured a provider: it leaves then, once
    LocmemBackend.outbox.clear()
    with time_machine.travel(date_at(REMINDER_ON + timedelta(days=1)), tick=False):
        assert reminders_send_due() == 1
        assert reminders_send_due() == 0
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SENT and len(LocmemBackend.outbox) == 1
    LocmemBackend.outbox.clear()


def test_a_failed_sms_falls_back_to_email(world, mediator, settings):
    settings.SMS_BACKEND = "tests.appointments.test_rights_renewal.RefusingBackend"
    granted(world, mediator, email="awa.diallo@example.org")
    tick_on(REMINDER_ON)
    sms = Reminder.objects.get(channel="sms")
    assert (sms.status, sms.error) == (ReceiptStatus.FAILED, "numéro refusé")
    assert sms.fallback.status == ReceiptStatus.SENT
    assert len(to_the_person()) == 1


@pytest.mark.usefixtures("sms_outbox")
def test_a_delivery_failure_reported_by_the_provider_falls_back_to_email(world, mediator):
    granted(world, mediator, email="awa.diallo@example.org")
    tick_on(REMINDER_ON)
    sms = Reminder.objects.get()
    with time_machine.travel(date_at(REMINDER_ON, 10), tick=False):
        reminder_record_delivery(
            provider="locmem", report=DeliveryReport(message_id=sms.provider_message_id, delivered=False)
        )
    sms.refresh_from_db()
    assert sms.status == ReceiptStatus.FAILED and sms.fallback.status == ReceiptStatus.SENT
    assert len(to_the_person()) == 1


def test_a_transient_failure_is_retried_then_given_up_when_the_renewal_starts(world, mediator, settings):
    settings.SMS_BACKEND = "tests.appointments.test_reminders.BrokenBackend"
    procedure = granted(world, mediator)
    tick_on(REMINDER_ON)
    receipt = Reminder.objects.get()
    assert (receipt.status, receipt.attempts) == (ReceiptStatus.QUEUED, 1)
    with time_machine.travel(date_at(REMINDER_ON, 10), tick=False):
        reminders_send_due()  # the second attempt fails too
        procedure_renew(acting_user=mediator, procedure=procedure)
    with time_machine.travel(date_at(REMINDER_ON, 11), tick=False):
        assert reminders_send_due() == 0
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts, receipt.error) == (
        ReceiptStatus.FAILED,
        2,
        "abandonné : ces droits ne sont plus à renouveler",
    )


def test_the_withdrawal_of_consent_cancels_a_queued_message(world, mediator, settings):
    settings.SMS_BACKEND = "tests.appointments.test_reminders.BrokenBackend"
    procedure = granted(world, mediator)
    tick_on(REMINDER_ON)
    assert Reminder.objects.get().status == ReceiptStatus.QUEUED
    settings.SMS_BACKEND = "locmem"
    LocmemBackend.outbox.clear()
    with time_machine.travel(date_at(REMINDER_ON, 9), tick=False):
        consent_withdraw(acting_user=mediator, person=procedure.person)
    receipt = Reminder.objects.get()
    assert (receipt.status, receipt.next_attempt_at, receipt.error, receipt.recipient, receipt.body) == (
        ReceiptStatus.FAILED,
        None,
        "annulé : la personne a retiré son consentement",
        "",
        "",
    )
    tick_on(REMINDER_ON + timedelta(days=1))
    assert LocmemBackend.outbox == [] and Reminder.objects.count() == 1


@pytest.mark.usefixtures("sms_outbox")
def test_it_is_not_sent_before_its_day_nor_for_a_corrected_deadline(world, mediator):
    procedure = granted(world, mediator)
    with time_machine.travel(date_at(REMINDER_ON - timedelta(days=1)), tick=False):
        reminder = RightsReminder.objects.create(
            organisation=procedure.organisation,
            procedure=procedure,
            kind=RightsReminderKind.RENEWAL_DUE,
            due_on=RIGHTS_END,
        )
        assert reminders_send_due() == 0  # the day has not come
    procedure.rights_end = RIGHTS_END + timedelta(days=30)  # the end was corrected
    procedure.save(update_fields=["rights_end"])
    with time_machine.travel(date_at(REMINDER_ON), tick=False):
        assert reminders_send_due() == 0
        with pytest.raises(Exception, match="plus à annoncer"):
            rights_renewal_send(rights_reminder=reminder)
    assert LocmemBackend.outbox == []


@pytest.mark.usefixtures("sms_outbox")
def test_the_message_names_no_right_that_tells_more_than_health_coverage(world, mediator):
    procedure = granted(world, mediator, kind="ame")
    tick_on(REMINDER_ON)
    (message,) = LocmemBackend.outbox
    assert "vos droits à la couverture santé" in message["body"]
    assert "AME" not in message["body"] and "médicale" not in message["body"]
    assert "Diallo" not in message["body"]
    assert procedure.person.first_name in message["body"]


def test_the_message_fits_one_sms_when_it_can(world, mediator):
    procedure = granted(world, mediator, remind_person="none")
    reminder = RightsReminder(
        organisation=procedure.organisation, procedure=procedure, kind="renewal_due", due_on=RIGHTS_END
    )
    text = renewal_message(reminder, contact_phone="04 68 20 00 00")
    assert "complémentaire santé solidaire" in text and "Sophie" in text and len(text) <= SMS_LENGTH
    procedure.organisation.name = "MdM Haute Vallée de l'Aude"  # a longer name: a shorter wording
    text = renewal_message(reminder, contact_phone="04 68 20 00 00")
    assert text == (
        "Bonjour Awa, vos droits à la C2S finissent le 30/04/2027. Pour les renouveler, appelez Sophie "
        "au 04 68 20 00 00 ou passez nous voir.\nMdM Haute Vallée de l'Aude"
    )
    assert len(text) <= SMS_LENGTH
    assert renewal_message(reminder) == (
        "Bonjour Awa, vos droits à la complémentaire santé solidaire finissent le 30 avril 2027. "
        "Pour les renouveler, passez nous voir.\nMdM Haute Vallée de l'Aude"
    )


@pytest.mark.usefixtures("sms_outbox")
def test_the_database_keeps_one_subject_and_one_message_per_subject(world, mediator):
    procedure = granted(world, mediator)
    tick_on(REMINDER_ON)
    receipt = Reminder.objects.get()
    fields = {
        "channel": "sms",
        "recipient": "x",
        "body": "x",
        "status": "not_sent",
        "backend": "x",
    }
    with pytest.raises(IntegrityError), transaction.atomic():  # the same message twice
        Reminder.objects.create(rights_reminder=receipt.rights_reminder, kind="rights_renewal", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():  # about nothing
        Reminder.objects.create(kind="rights_renewal", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():  # an appointment's kind
        Reminder.objects.create(rights_reminder=receipt.rights_reminder, kind="booking", **fields)
    assert procedure.reminders.get().messages.get() == receipt


class RefusingBackend(LocmemBackend):
    name = "refusing"

    def send(self, *, to: str, body: str, reference: str) -> str:
        from lien.appointments.sms import SmsError

        raise SmsError("numéro refusé", permanent=True)


@pytest.mark.usefixtures("sms_outbox")
def test_an_appointment_sends_only_its_own_kinds_of_message(world, mediator, client_for):
    with time_machine.travel(date_at(date(2026, 5, 4)), tick=False):
        person = consented_person(world, phone="06 12 34 56 78")
        appointment = book(world, person, date_at(date(2026, 5, 6)), reminder="sms")
        with pytest.raises(ValidationError, match="Type de message inconnu"):
            reminder_send(appointment=appointment, kind=ReminderKind.RIGHTS_RENEWAL)
        client = client_for(mediator)
        refused = client.post(
            f"/api/v1/appointments/{appointment.pk}/reminders",
            {"kind": "rights_renewal"},
            content_type="application/json",
        )
        assert refused.status_code == 422
        page = client.get(reverse("appointments:detail", args=[appointment.pk])).content.decode()
    assert "Envoyer : rappel avant le rendez-vous" in page and "renouvellement des droits" not in page
    assert not Reminder.objects.exists()
