"""The actions of a follow-up and of its goals from the follow-up page: the page offers what the
tables of workflow.py open to the user now, each POST performs one named action, and an action
not open now is refused with its reason, changing nothing."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lien.followup.enums import EndReason, FollowupStatus, GoalStatus
from lien.followup.models import Followup, Goal
from lien.followup.services import followup_end, followup_start, goal_achieve, goal_create
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
def goal(mediator, person):
    return goal_create(acting_user=mediator, person=person, title="Dentiste", agreed_on=timezone.localdate())


def _page(client, person) -> str:
    return client.get(reverse("followup:person", args=[person.pk])).content.decode()


def _message(response) -> str:
    """The last message the action left for the page it redirects to."""
    return [str(m) for m in response.wsgi_request._messages][-1]


def test_the_generic_status_view_is_gone(goal):
    with pytest.raises(NoReverseMatch):
        reverse("followup:goal_status", args=[goal.pk])


def test_it_starts_the_follow_up_from_the_page(mediator, person, client_for):
    client = client_for(mediator)
    assert reverse("followup:start", args=[person.pk]) in _page(client, person)
    response = client.post(reverse("followup:start", args=[person.pk]))
    assert response.url == reverse("followup:person", args=[person.pk])
    assert Followup.objects.get(person=person).status == FollowupStatus.ACTIVE
    page = _page(client, person)
    assert reverse("followup:start", args=[person.pk]) not in page
    assert reverse("followup:end", args=[person.pk]) in page
    again = client.post(reverse("followup:start", args=[person.pk]))
    assert _message(again) == "Cette personne est déjà suivie."
    assert Followup.objects.count() == 1


def test_it_ends_the_follow_up_with_its_reason_and_resumes_it(mediator, person, client_for):
    followup_start(acting_user=mediator, person=person)
    client = client_for(mediator)
    url = reverse("followup:end", args=[person.pk])
    missing = client.post(url, {"ended_on": timezone.localdate().isoformat()})
    assert missing.status_code == 200 and "reason" in missing.context["form"].errors
    response = client.post(
        url, {"reason": EndReason.AUTONOMOUS, "ended_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    followup = Followup.objects.get(person=person)
    assert (followup.status, followup.end_reason) == (FollowupStatus.ENDED, EndReason.AUTONOMOUS)
    page = _page(client, person)
    assert url not in page and reverse("followup:resume", args=[person.pk]) in page
    client.post(reverse("followup:resume", args=[person.pk]))
    assert Followup.objects.get(person=person).status == FollowupStatus.ACTIVE
    assert list(ActionLog.objects.of("followup", followup.pk).values_list("action", flat=True)) == [
        "start",
        "end",
        "resume",
    ]


def test_an_action_not_open_now_is_refused_with_its_reason(mediator, person, client_for):
    followup = followup_start(acting_user=mediator, person=person)
    client = client_for(mediator)
    resumed = client.post(reverse("followup:resume", args=[person.pk]))
    assert resumed.status_code == 302
    assert _message(resumed) == (
        "« Reprendre le suivi » n'est pas possible pour un dossier au statut « Suivi en cours »."
    )
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    ended = client.post(reverse("followup:end", args=[person.pk]), {"reason": EndReason.DECEASED})
    assert "n'est pas possible" in _message(ended)
    followup.refresh_from_db()
    assert (followup.status, followup.end_reason) == (FollowupStatus.ENDED, EndReason.MOVED)
    assert list(ActionLog.objects.of("followup", followup.pk).values_list("action", flat=True)) == [
        "start",
        "end",
    ]


def test_the_page_offers_the_goal_actions_the_table_opens(mediator, person, goal, client_for):
    client = client_for(mediator)
    page = _page(client, person)
    for name in ["goal_achieve", "goal_abandon", "goal_action_add"]:
        assert reverse(f"followup:{name}", args=[goal.pk]) in page, name
    assert reverse("followup:goal_reopen", args=[goal.pk]) not in page
    goal_achieve(acting_user=mediator, goal=goal)
    page = _page(client, person)
    assert reverse("followup:goal_reopen", args=[goal.pk]) in page
    for name in ["goal_achieve", "goal_abandon", "goal_action_add"]:
        assert reverse(f"followup:{name}", args=[goal.pk]) not in page, name


@pytest.mark.parametrize(("name", "status"), [("goal_abandon", "abandoned"), ("goal_achieve", "achieved")])
def test_it_closes_and_reopens_a_goal_from_the_page(mediator, goal, client_for, name, status):
    client = client_for(mediator)
    client.post(reverse(f"followup:{name}", args=[goal.pk]))
    assert Goal.objects.get(pk=goal.pk).status == status
    refused = client.post(reverse(f"followup:{name}", args=[goal.pk]))
    assert "n'est pas possible" in _message(refused)
    client.post(reverse("followup:goal_reopen", args=[goal.pk]))
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN


def test_a_step_is_added_to_an_open_goal_only(mediator, goal, client_for):
    client = client_for(mediator)
    url = reverse("followup:goal_action_add", args=[goal.pk])
    client.post(url, {"description": "Appeler le cabinet", "owner": "team"})
    assert list(goal.actions.values_list("description", flat=True)) == ["Appeler le cabinet"]
    goal_achieve(acting_user=mediator, goal=goal)
    refused = client.post(url, {"description": "Encore", "owner": "team"})
    assert refused.status_code == 302
    assert "« Ajouter une action » n'est pas possible" in _message(refused)
    assert goal.actions.count() == 1


def test_the_anonymised_persons_goals_offer_no_action(world, mediator, person, goal, client_for):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    client = client_for(mediator)
    refused = client.post(reverse("followup:goal_achieve", args=[goal.pk]))
    assert "retiré son consentement" in _message(refused)
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN


@pytest.mark.parametrize("who", ["volunteer", "director", "outsider"])
def test_roles_without_the_follow_up_get_404_on_the_actions(world, mediator, person, goal, client_for, who):
    client = client_for(world.users[who])
    for url in [
        reverse("followup:start", args=[person.pk]),
        reverse("followup:end", args=[person.pk]),
        reverse("followup:resume", args=[person.pk]),
        reverse("followup:goal_achieve", args=[goal.pk]),
        reverse("followup:goal_abandon", args=[goal.pk]),
        reverse("followup:goal_reopen", args=[goal.pk]),
        reverse("followup:goal_action_add", args=[goal.pk]),
    ]:
        assert client.post(url, {"reason": "moved"}).status_code == 404, url
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN
    assert Followup.objects.get(person=person).status == FollowupStatus.ACTIVE
