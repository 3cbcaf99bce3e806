"""The named actions of a follow-up and of its goals (workflow.FOLLOWUPS, workflow.GOALS), each
through its service: allowed, refused by the status, by a guard, by the role."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lien.followup import enums, services
from lien.followup.enums import EndReason, FollowupStatus, GoalStatus
from lien.followup.models import Followup, Goal
from lien.followup.services import (
    followup_end,
    followup_ensure,
    followup_resume,
    followup_start,
    goal_abandon,
    goal_achieve,
    goal_action_add,
    goal_create,
    goal_reopen,
)
from lien.followup.workflow import GOALS, followup_actions
from lien.workflow.engine import ActionRefused
from lien.workflow.models import ActionLog
from tests.community import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


@pytest.fixture
def followup(mediator, person):
    return followup_start(acting_user=mediator, person=person, on=timezone.localdate() - timedelta(days=30))


@pytest.fixture
def goal(mediator, person):
    return goal_create(acting_user=mediator, person=person, title="Dentiste", agreed_on=timezone.localdate())


def _anonymise(person):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    person.refresh_from_db()


def _log(workflow: str, obj) -> list[tuple]:
    return list(
        ActionLog.objects.of(workflow, obj.pk).values_list("action", "actor__email", "from_state", "to_state")
    )


def test_the_generic_transitions_are_gone():
    for name in ["followup_transition", "goal_transition"]:
        assert not hasattr(services, name)
    assert not hasattr(enums, "FOLLOWUP_TRANSITIONS") and not hasattr(enums, "GOAL_TRANSITIONS")


# -- the follow-up ------------------------------------------------------------------------------


def test_it_starts_a_follow_up_and_logs_the_action(mediator, person):
    followup = followup_start(acting_user=mediator, person=person)
    assert (followup.status, followup.started_on, followup.referent) == (
        FollowupStatus.ACTIVE,
        timezone.localdate(),
        mediator,
    )
    assert _log("followup", followup) == [("start", mediator.email, "", "active")]


def test_it_refuses_to_start_a_second_follow_up(mediator, person, followup):
    with pytest.raises(ActionRefused, match="déjà suivie"):
        followup_start(acting_user=mediator, person=person)
    assert Followup.objects.count() == 1


def test_it_refuses_to_start_the_follow_up_of_an_anonymised_person(mediator, person):
    _anonymise(person)
    with pytest.raises(ActionRefused, match="retiré son consentement"):
        followup_start(acting_user=mediator, person=person)
    assert not Followup.objects.exists()


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "outsider"])
def test_roles_without_the_follow_up_cannot_start_it(world, person, role):
    with pytest.raises(PermissionDenied):
        followup_start(acting_user=world.users[role], person=person)


def test_it_ends_a_follow_up_with_its_reason(mediator, followup):
    Followup.objects.filter(pk=followup.pk).update(next_contact_on=timezone.localdate() + timedelta(days=3))
    followup.refresh_from_db()
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    followup.refresh_from_db()
    assert (followup.status, followup.ended_on, followup.end_reason, followup.next_contact_on) == (
        FollowupStatus.ENDED,
        timezone.localdate(),
        EndReason.MOVED,
        None,
    )
    assert _log("followup", followup)[-1] == ("end", mediator.email, "active", "ended")


@pytest.mark.parametrize(
    ("reason", "days_from_today", "field"),
    [
        ("", None, "reason"),
        ("bored", None, "reason"),
        (EndReason.MOVED, 1, "ended_on"),
        (EndReason.MOVED, -31, "ended_on"),  # before it started
    ],
)
def test_an_end_says_why_and_when(mediator, followup, reason, days_from_today, field):
    ended_on = None if days_from_today is None else timezone.localdate() + timedelta(days=days_from_today)
    with pytest.raises(ValidationError) as error:
        followup_end(acting_user=mediator, followup=followup, reason=reason, ended_on=ended_on)
    assert field in error.value.message_dict
    followup.refresh_from_db()
    assert followup.status == FollowupStatus.ACTIVE
    assert not ActionLog.objects.filter(action="end").exists()


def test_it_refuses_to_end_an_ended_follow_up(mediator, followup):
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    with pytest.raises(ActionRefused, match="n'est pas possible pour un dossier au statut « Suivi terminé »"):
        followup_end(acting_user=mediator, followup=followup, reason=EndReason.DECEASED)
    followup.refresh_from_db()
    assert followup.end_reason == EndReason.MOVED


def test_it_refuses_to_end_the_follow_up_of_an_anonymised_person(mediator, person, followup):
    _anonymise(person)
    followup = Followup.objects.get(pk=followup.pk)
    with pytest.raises(ActionRefused, match="retiré son consentement"):
        followup_end(acting_user=mediator, followup=followup, reason=EndReason.DECLINED)


@pytest.mark.parametrize("role", ["volunteer", "director", "coordinator", "outsider"])
def test_roles_without_the_follow_up_cannot_end_or_resume_it(world, followup, role):
    with pytest.raises(PermissionDenied):
        followup_end(acting_user=world.users[role], followup=followup, reason=EndReason.MOVED)
    followup_end(acting_user=world.users["deputy"], followup=followup, reason=EndReason.MOVED)
    with pytest.raises(PermissionDenied):
        followup_resume(acting_user=world.users[role], followup=followup)


def test_it_resumes_an_ended_follow_up(mediator, followup):
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    followup_resume(acting_user=mediator, followup=followup)
    followup.refresh_from_db()
    assert (followup.status, followup.ended_on, followup.end_reason) == (FollowupStatus.ACTIVE, None, "")
    assert [row[0] for row in _log("followup", followup)] == ["start", "end", "resume"]


def test_it_refuses_to_resume_an_active_follow_up_or_one_of_an_anonymised_person(mediator, person, followup):
    with pytest.raises(ActionRefused, match="« Suivi en cours »"):
        followup_resume(acting_user=mediator, followup=followup)
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.DECLINED)
    _anonymise(person)
    followup = Followup.objects.get(pk=followup.pk)
    with pytest.raises(ActionRefused, match="retiré son consentement"):
        followup_resume(acting_user=mediator, followup=followup)


def test_a_new_step_resumes_an_ended_follow_up_through_the_action(mediator, person, followup):
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    followup_ensure(acting_user=mediator, person=person)
    assert Followup.objects.get(pk=followup.pk).status == FollowupStatus.ACTIVE
    assert _log("followup", followup)[-1] == ("resume", mediator.email, "ended", "active")


def test_it_lists_the_actions_open_to_the_user(world, mediator, person):
    assert [a.name for a in followup_actions(mediator, person, None)] == ["start"]
    assert followup_actions(world.users["director"], person, None) == []
    followup = followup_start(acting_user=mediator, person=person)
    assert [a.name for a in followup_actions(mediator, person, followup)] == ["end"]
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    assert [a.name for a in followup_actions(mediator, person, followup)] == ["resume"]
    assert followup_actions(world.users["volunteer"], person, followup) == []


# -- the goals ----------------------------------------------------------------------------------


def test_it_agrees_a_goal_with_its_first_steps_and_logs_the_actions(mediator, person):
    goal = goal_create(
        acting_user=mediator,
        person=person,
        title="Refaire ma carte Vitale",
        agreed_on=timezone.localdate(),
        actions=["Photo d'identité", "", "Envoyer le formulaire"],
    )
    assert goal.status == GoalStatus.OPEN
    assert [row[0] for row in _log("goal", goal)] == ["agree", "add_step", "add_step"]


def test_roles_without_the_follow_up_cannot_agree_a_goal(world, mediator, person):
    followup_start(acting_user=mediator, person=person)
    with pytest.raises(PermissionDenied):
        goal_create(
            acting_user=world.users["volunteer"], person=person, title="X", agreed_on=timezone.localdate()
        )
    assert not Goal.objects.exists()


@pytest.mark.parametrize(("service", "status"), [(goal_achieve, "achieved"), (goal_abandon, "abandoned")])
def test_it_closes_an_open_goal(mediator, goal, service, status):
    yesterday = timezone.localdate() - timedelta(days=1)
    Goal.objects.filter(pk=goal.pk).update(agreed_on=yesterday - timedelta(days=5))
    goal.refresh_from_db()
    service(acting_user=mediator, goal=goal, on=yesterday)
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (status, yesterday)
    assert _log("goal", goal)[-1][2:] == ("open", status)


def test_a_goal_closes_neither_before_it_was_agreed_nor_in_the_future(mediator, goal):
    for on in [goal.agreed_on - timedelta(days=1), timezone.localdate() + timedelta(days=1)]:
        with pytest.raises(ValidationError):
            goal_achieve(acting_user=mediator, goal=goal, on=on)
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN


def test_it_refuses_to_close_a_closed_goal_and_reopens_it(mediator, goal):
    goal_achieve(acting_user=mediator, goal=goal)
    with pytest.raises(ActionRefused, match="« Atteint »"):
        goal_abandon(acting_user=mediator, goal=goal)
    with pytest.raises(ActionRefused):
        goal_action_add(acting_user=mediator, goal=goal, description="Encore", owner="team")
    goal_reopen(acting_user=mediator, goal=goal)
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.OPEN, None)
    with pytest.raises(ActionRefused, match="« En cours »"):
        goal_reopen(acting_user=mediator, goal=goal)
    goal_action_add(acting_user=mediator, goal=goal, description="Encore", owner="team")
    assert [row[0] for row in _log("goal", goal)] == ["agree", "achieve", "reopen", "add_step"]


def test_the_goals_of_an_anonymised_person_take_no_new_step(mediator, person, goal):
    _anonymise(person)
    goal = Goal.objects.get(pk=goal.pk)
    for service in [goal_achieve, goal_abandon]:
        with pytest.raises(ActionRefused, match="retiré son consentement"):
            service(acting_user=mediator, goal=goal)
    with pytest.raises(ActionRefused, match="retiré son consentement"):
        goal_action_add(acting_user=mediator, goal=goal, description="X", owner="team")
    assert GOALS.available(mediator, goal) == []


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "outsider"])
def test_roles_without_the_follow_up_cannot_change_a_goal(world, mediator, goal, role):
    user = world.users[role]
    for call in [
        lambda: goal_achieve(acting_user=user, goal=goal),
        lambda: goal_abandon(acting_user=user, goal=goal),
        lambda: goal_action_add(acting_user=user, goal=goal, description="X", owner="team"),
    ]:
        with pytest.raises(PermissionDenied):
            call()
    goal_achieve(acting_user=mediator, goal=goal)
    with pytest.raises(PermissionDenied):
        goal_reopen(acting_user=user, goal=goal)
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.ACHIEVED
