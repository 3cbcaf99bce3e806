"""A consent withdrawal stops what was under way: the follow-up ends and the appointments to come
are cancelled, each through its named action, and no reminder leaves afterwards."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.permissions import ROLE_PERMISSIONS, Perm
from lien.appointments.models import Appointment
from lien.appointments.services import appointment_record_attended
from lien.appointments.sms import LocmemBackend
from lien.appointments.tasks import send_due_appointment_reminders
from lien.followup.models import Followup
from lien.followup.services import contact_record
from lien.people.services import consent_withdraw
from lien.workflow.models import ActionLog
from tests.community import (
    aware,
    book,
    sms_outbox,  # noqa: F401 — fixture
)
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


def test_the_follow_up_ends_through_its_named_action(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world)
    today = timezone.localdate()
    contact_record(acting_user=mediator, person=person, on=today, channel="phone", next_contact_on=today)

    consent_withdraw(acting_user=mediator, person=person)

    followup = Followup.objects.get(person=person)
    assert (followup.status, followup.end_reason, followup.ended_on, followup.next_contact_on) == (
        "ended",
        "declined",
        today,
        None,
    )
    log = ActionLog.objects.of("followup", followup.pk).last()
    assert (log.action, log.actor, log.from_state, log.to_state) == ("end", mediator, "active", "ended")
    assert not Followup.objects.active().exists()


def test_a_withdrawal_dated_before_the_follow_up_ends_it_the_day_it_started(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world)  # consent of 2 January 2024
    today = timezone.localdate()
    contact_record(acting_user=mediator, person=person, on=today, channel="phone")

    consent_withdraw(acting_user=mediator, person=person, withdrawn_on=today - timedelta(days=30))

    assert Followup.objects.get(person=person).ended_on == today


@pytest.fixture
def afternoon():
    """16:00: tomorrow's appointments at 14:00 are due for their reminder (a day before), whatever
    the hour the suite runs at — at 01:00 they were not yet, and the control sent nothing."""
    with time_machine.travel(aware(date(2026, 6, 15), hour=16), tick=False):
        yield


@pytest.mark.usefixtures("sms_outbox", "afternoon")
def test_the_appointments_to_come_are_cancelled_and_no_reminder_leaves(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world, phone="06 12 34 56 78")
    other = consented_person(world, first_name="Paule", phone="06 98 76 54 32")
    now = timezone.now()
    tomorrow = aware(timezone.localdate() + timedelta(days=1), hour=14)
    to_come = book(world, person, tomorrow, reminder="sms")
    past = book(world, person, now - timedelta(days=2))
    attended = book(world, person, now - timedelta(days=3))
    appointment_record_attended(acting_user=mediator, appointment=attended)
    control = book(world, other, tomorrow, reminder="sms")

    consent_withdraw(acting_user=mediator, person=person)

    statuses = dict(Appointment.objects.values_list("pk", "status"))
    assert (statuses[to_come.pk], statuses[past.pk], statuses[attended.pk]) == (
        "cancelled",
        "planned",
        "attended",
    )
    log = ActionLog.objects.of("appointment", to_come.pk).last()
    assert (log.action, log.actor) == ("cancel", mediator)
    assert not ActionLog.objects.of("appointment", past.pk).filter(action="cancel").exists()

    # The periodic job, run when the reminders of tomorrow are due: only the other person's leaves.
    send_due_appointment_reminders.enqueue()
    sent = LocmemBackend.outbox
    recipients = ["".join(ch for ch in message["to"] if ch.isdigit())[-8:] for message in sent]
    assert recipients == ["98765432"]
    assert control.reminders.exists() and not to_come.reminders.exists()


def test_whoever_may_withdraw_a_consent_may_close_what_is_under_way():
    """The follow-up's and the appointments' actions are taken as the one who records the
    withdrawal: a role that withdraws without them would see every withdrawal refused."""
    for role, perms in ROLE_PERMISSIONS.items():
        if Perm.CONSENT_WITHDRAW in perms:
            assert Perm.FOLLOWUP_CHANGE in perms, role
    assert {role for role, perms in ROLE_PERMISSIONS.items() if Perm.CONSENT_WITHDRAW in perms} == {
        Role.COMMUNITY_MEDIATOR
    }
