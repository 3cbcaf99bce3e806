"""Reminders well before rights lapse (60 days), created once per procedure and deadline."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from lien.people.services import consent_withdraw
from lien.rights.enums import DECISION_WAIT_DAYS, RENEWAL_NOTICE_DAYS, ReminderKind
from lien.rights.models import RightsReminder
from lien.rights.services import (
    procedure_file,
    procedure_grant,
    procedure_refuse,
    procedure_renew,
    procedure_start,
    rights_reminders_create,
)
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

DECIDED = date(2025, 3, 1)
RIGHTS_END = date(2026, 2, 28)  # the AME granted on 1 March 2025 runs for a year


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def ame(world, mediator):
    with time_machine.travel(date(2025, 3, 2), tick=False):
        person = consented_person(world, first_name="Nour", last_name="Haddou", coverage="ame")
        procedure = procedure_start(
            acting_user=mediator, person=person, kind="ame", started_on=date(2025, 1, 10)
        )
        procedure_file(acting_user=mediator, procedure=procedure, filed_on=date(2025, 1, 20))
        procedure_grant(acting_user=mediator, procedure=procedure, decision_on=DECIDED)
    procedure.refresh_from_db()
    assert procedure.rights_end == RIGHTS_END
    return procedure


def _tick_on(day: date) -> None:
    with time_machine.travel(day, tick=False):
        call_command("tick", stdout=StringIO())


def test_it_reminds_sixty_days_before_the_rights_lapse_and_not_earlier(ame):
    assert RENEWAL_NOTICE_DAYS == 60
    _tick_on(RIGHTS_END - timedelta(days=61))
    assert not RightsReminder.objects.exists()
    _tick_on(RIGHTS_END - timedelta(days=60))
    reminder = RightsReminder.objects.get()
    assert (reminder.procedure, reminder.kind, reminder.due_on, reminder.done_at) == (
        ame,
        ReminderKind.RENEWAL_DUE,
        RIGHTS_END,
        None,
    )


def test_it_creates_the_reminder_and_sends_the_email_only_once(ame, mediator):
    for day in (
        RIGHTS_END - timedelta(days=60),
        RIGHTS_END - timedelta(days=60),
        RIGHTS_END - timedelta(days=30),
    ):
        _tick_on(day)
    assert RightsReminder.objects.count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mediator.email]
    assert "28/02/2026" in message.body
    # No name and no kind of right in an e-mail.
    assert "Haddou" not in message.body and "AME" not in message.body
    assert RightsReminder.objects.get().notified_at is not None


def test_it_is_idempotent_when_called_directly(ame):
    day = RIGHTS_END - timedelta(days=10)
    assert rights_reminders_create(today=day) == 1
    assert rights_reminders_create(today=day) == 0
    assert RightsReminder.objects.count() == 1


def test_it_alerts_once_when_rights_have_lapsed_without_renewal(ame):
    _tick_on(RIGHTS_END - timedelta(days=20))
    _tick_on(RIGHTS_END + timedelta(days=1))
    _tick_on(RIGHTS_END + timedelta(days=5))
    kinds = dict(RightsReminder.objects.values_list("kind", "done_at"))
    assert set(kinds) == {ReminderKind.RENEWAL_DUE, ReminderKind.LAPSED}
    assert kinds[ReminderKind.RENEWAL_DUE] is not None  # superseded by the lapse
    assert kinds[ReminderKind.LAPSED] is None
    assert len(mail.outbox) == 2


def test_it_reminds_again_for_a_corrected_deadline(ame, mediator):
    rights_reminders_create(today=RIGHTS_END - timedelta(days=30))
    ame.rights_end = RIGHTS_END + timedelta(days=10)
    ame.save(update_fields=["rights_end"])
    rights_reminders_create(today=RIGHTS_END - timedelta(days=29))
    assert sorted(RightsReminder.objects.values_list("due_on", flat=True)) == [RIGHTS_END, ame.rights_end]


def test_it_closes_the_reminder_and_stops_reminding_once_the_renewal_is_started(ame, mediator):
    rights_reminders_create(today=RIGHTS_END - timedelta(days=50))
    with time_machine.travel(RIGHTS_END - timedelta(days=49), tick=False):
        renewal = procedure_renew(acting_user=mediator, procedure=ame)
    assert RightsReminder.objects.get().done_by == mediator
    assert renewal.renewal_of == ame
    rights_reminders_create(today=RIGHTS_END + timedelta(days=2))
    assert RightsReminder.objects.count() == 1


def test_it_reminds_nobody_about_an_anonymised_person(ame, mediator):
    consent_withdraw(acting_user=mediator, person=ame.person, withdrawn_on=date(2025, 6, 1))
    assert rights_reminders_create(today=RIGHTS_END - timedelta(days=30)) == 0


def test_it_ignores_rights_that_lapsed_long_ago(ame):
    assert rights_reminders_create(today=RIGHTS_END + timedelta(days=120)) == 0


def test_it_shows_the_reminder_first_on_the_mediators_list_until_handled(world, ame, mediator, client_for):
    rights_reminders_create(today=RIGHTS_END - timedelta(days=45))
    with time_machine.travel(RIGHTS_END - timedelta(days=45), tick=False):
        client = client_for(mediator)
        page = client.get(reverse("rights:list")).content.decode()
        assert "Nour Haddou" in page
        assert "dans 45 jours" in page
        outsider_page = client_for(world.users["outsider"]).get(reverse("rights:list")).content.decode()
        assert "Haddou" not in outsider_page
        reminder = RightsReminder.objects.get()
        client.post(reverse("rights:reminder_done", args=[reminder.pk]))
        reminder.refresh_from_db()
        assert reminder.done_by == mediator
        assert "Nour Haddou" not in client.get(reverse("rights:list")).content.decode().split("Démarches")[0]


@pytest.fixture
def filed(world, mediator):
    """A C2S filed on 2 June 2025, with no answer yet."""
    with time_machine.travel(date(2025, 6, 2), tick=False):
        person = consented_person(world, first_name="Aïcha", last_name="Benali")
        procedure = procedure_start(
            acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 5, 20)
        )
        procedure_file(acting_user=mediator, procedure=procedure, filed_on=date(2025, 6, 2))
    return procedure


def test_it_alerts_once_on_a_filed_procedure_without_decision_after_two_months(filed, mediator):
    assert DECISION_WAIT_DAYS == 60
    silence = date(2025, 6, 2) + timedelta(days=60)
    _tick_on(silence - timedelta(days=1))
    assert not RightsReminder.objects.exists()
    _tick_on(silence)
    _tick_on(silence + timedelta(days=3))
    reminder = RightsReminder.objects.get()
    assert (reminder.kind, reminder.due_on, reminder.done_at) == (ReminderKind.NO_DECISION, silence, None)
    assert len(mail.outbox) == 1
    assert "sans décision" in mail.outbox[0].body and "Benali" not in mail.outbox[0].body


def test_the_decision_closes_the_no_decision_alert(filed, mediator):
    silence = date(2025, 6, 2) + timedelta(days=60)
    _tick_on(silence)
    with time_machine.travel(silence + timedelta(days=2), tick=False):
        procedure_refuse(acting_user=mediator, procedure=filed, decision_on=silence)
    assert RightsReminder.objects.get().done_by == mediator
    _tick_on(silence + timedelta(days=5))
    assert RightsReminder.objects.count() == 1
