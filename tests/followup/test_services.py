from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lien.followup.enums import ContactChannel, FollowupStatus, GoalStatus, PrescriptionKind
from lien.followup.models import Followup
from lien.followup.services import (
    contact_record,
    followup_ensure,
    followup_schedule,
    goal_achieve,
    goal_action_mark,
    goal_create,
    prescription_add,
    prescription_mark,
)
from lien.journal.models import Action, JournalEntry
from tests.community import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


def test_it_starts_the_follow_up_with_the_first_contact_and_journals_it(mediator, person):
    day = timezone.localdate() - timedelta(days=3)
    contact = contact_record(
        acting_user=mediator, person=person, on=day, channel=ContactChannel.PHONE, note="Rappel"
    )
    followup = Followup.objects.get(person=person)
    assert (followup.started_on, followup.referent, followup.status) == (day, mediator, FollowupStatus.ACTIVE)
    assert JournalEntry.objects.filter(
        person=person, action=Action.CREATE, object_id=str(contact.pk)
    ).exists()


def test_a_reached_contact_clears_the_call_that_was_due(mediator, person):
    today = timezone.localdate()
    followup_schedule(acting_user=mediator, person=person, next_contact_on=today)
    contact_record(acting_user=mediator, person=person, on=today, channel=ContactChannel.PHONE, reached=False)
    assert Followup.objects.get(person=person).next_contact_on == today
    contact_record(acting_user=mediator, person=person, on=today, channel=ContactChannel.PHONE)
    assert Followup.objects.get(person=person).next_contact_on is None


def test_it_refuses_a_contact_in_the_future_or_a_next_contact_before_it(mediator, person):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        contact_record(acting_user=mediator, person=person, on=today + timedelta(days=1), channel="phone")
    with pytest.raises(ValidationError):
        contact_record(
            acting_user=mediator,
            person=person,
            on=today,
            channel="phone",
            next_contact_on=today - timedelta(days=1),
        )


@pytest.mark.parametrize(
    "role", ["volunteer", "director", "coordinator", "patient_partner", "institutional_mediator"]
)
def test_roles_without_the_follow_up_cannot_write_it(world, person, role):
    with pytest.raises(PermissionDenied):
        contact_record(acting_user=world.users[role], person=person, on=timezone.localdate(), channel="phone")


def test_the_outsider_cannot_follow_a_person_of_another_organisation(world, person):
    with pytest.raises(PermissionDenied):
        followup_ensure(acting_user=world.users["outsider"], person=person)


def test_the_referent_must_belong_to_the_team(world, mediator, person):
    with pytest.raises(ValidationError):
        followup_schedule(
            acting_user=mediator, person=person, next_contact_on=None, referent=world.users["outsider"]
        )
    followup = followup_schedule(
        acting_user=mediator, person=person, next_contact_on=None, referent=world.users["deputy"]
    )
    assert followup.referent == world.users["deputy"]


def test_it_ticks_off_the_actions_of_a_goal_and_closes_it(mediator, person):
    goal = goal_create(
        acting_user=mediator,
        person=person,
        title="Refaire ma carte Vitale",
        agreed_on=timezone.localdate(),
        actions=["Photo d'identité", "", "Envoyer le formulaire"],
    )
    actions = list(goal.actions.all())
    assert [a.description for a in actions] == ["Photo d'identité", "Envoyer le formulaire"]
    goal_action_mark(acting_user=mediator, action=actions[0], done_on=timezone.localdate())
    goal_action_mark(acting_user=mediator, action=actions[0], done_on=None)
    assert actions[0].done_on is None
    goal_achieve(acting_user=mediator, goal=goal)
    assert (goal.status, goal.closed_on) == (GoalStatus.ACHIEVED, timezone.localdate())


def test_prescriptions_are_medical_information(world, mediator, person):
    with pytest.raises(PermissionDenied):
        prescription_add(
            acting_user=world.users["deputy"], person=person, kind="examination", label="Prise de sang"
        )
    prescription = prescription_add(
        acting_user=mediator,
        person=person,
        kind=PrescriptionKind.EXAMINATION,
        label="Prise de sang",
        prescriber="Dr B.",
    )
    with pytest.raises(PermissionDenied):
        prescription_mark(
            acting_user=world.users["assistant"], prescription=prescription, done_on=timezone.localdate()
        )
    prescription_mark(acting_user=mediator, prescription=prescription, done_on=timezone.localdate())
    assert prescription.done_on == timezone.localdate()
