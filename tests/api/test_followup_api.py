from datetime import timedelta

import pytest
from django.utils import timezone

from lien.followup.enums import GoalStatus
from lien.followup.models import Followup, Goal
from lien.followup.services import contact_record, followup_start, goal_create
from lien.followup.workflow import FOLLOWUPS, GOALS
from lien.workflow.models import ActionLog
from tests.community import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return followed_person(world)


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_it_records_a_contact_and_schedules_the_next_one(world, person, client_for):
    client = client_for(world.users["community_mediator"])
    created = _post(
        client, f"/api/v1/followup/people/{person.pk}/contacts", {"channel": "phone", "note": "OK"}
    )
    assert created.status_code == 201
    assert created.json()["on"] == timezone.localdate().isoformat()
    soon = (timezone.localdate() + timedelta(days=7)).isoformat()
    scheduled = client.put(
        f"/api/v1/followup/people/{person.pk}/schedule",
        {"next_contact_on": soon, "referent_id": world.users["deputy"].pk},
        content_type="application/json",
    )
    assert scheduled.status_code == 200
    assert (scheduled.json()["next_contact_on"], scheduled.json()["referent_id"]) == (
        soon,
        world.users["deputy"].pk,
    )


def test_it_manages_goals_and_ticks_actions(world, person, client_for):
    client = client_for(world.users["community_mediator"])
    goal = _post(
        client, f"/api/v1/followup/people/{person.pk}/goals", {"title": "Carte Vitale", "actions": ["Photo"]}
    ).json()
    action_id = goal["actions"][0]["id"]
    done = _post(client, f"/api/v1/followup/actions/{action_id}/done", {"done": True})
    assert done.json()["done_on"] == timezone.localdate().isoformat()
    achieved = _post(client, f"/api/v1/followup/goals/{goal['id']}/actions/achieve", {})
    assert achieved.status_code == 200
    assert (achieved.json()["status"], achieved.json()["closed_on"]) == (
        "achieved",
        timezone.localdate().isoformat(),
    )
    abandoned = _post(client, f"/api/v1/followup/goals/{goal['id']}/actions/abandon", {})
    assert abandoned.status_code == 409
    assert "n'est pas possible" in abandoned.json()["detail"]


def test_prescriptions_are_null_without_medical_access(world, person, client_for):
    mediator = client_for(world.users["community_mediator"])
    created = _post(
        mediator,
        f"/api/v1/followup/people/{person.pk}/prescriptions",
        {"kind": "examination", "label": "ECG"},
    )
    assert created.status_code == 201
    assert [
        p["label"] for p in mediator.get(f"/api/v1/followup/people/{person.pk}").json()["prescriptions"]
    ] == ["ECG"]
    deputy = client_for(world.users["deputy"])
    assert deputy.get(f"/api/v1/followup/people/{person.pk}").json()["prescriptions"] is None
    assert (
        _post(
            deputy,
            f"/api/v1/followup/people/{person.pk}/prescriptions",
            {"kind": "examination", "label": "X"},
        ).status_code
        == 404
    )
    assert (
        _post(
            deputy, f"/api/v1/followup/prescriptions/{created.json()['id']}/done", {"done": True}
        ).status_code
        == 404
    )


def test_the_call_list_of_the_team(world, person, client_for):
    contact_record(
        acting_user=world.users["community_mediator"],
        person=person,
        on=timezone.localdate() - timedelta(days=90),
        channel="phone",
    )
    rows = client_for(world.users["deputy"]).get("/api/v1/followup/callbacks?team=true").json()
    assert [(row["person_id"], row["silent_since"]) for row in rows] == [
        (person.pk, (timezone.localdate() - timedelta(days=90)).isoformat())
    ]


@pytest.mark.parametrize("who", ["volunteer", "director", "patient_partner", "outsider", "nobody"])
def test_others_get_404(world, person, client_for, who):
    client = client_for(world.users[who])
    assert client.get(f"/api/v1/followup/people/{person.pk}").status_code == 404
    assert (
        _post(client, f"/api/v1/followup/people/{person.pk}/contacts", {"channel": "phone"}).status_code
        == 404
    )
    assert client.get("/api/v1/followup/callbacks?team=true").json() == []


# Named actions (workflow.FOLLOWUPS, workflow.GOALS): one route each, nothing generic


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def goal(mediator, person):
    return goal_create(acting_user=mediator, person=person, title="Dentiste", agreed_on=timezone.localdate())


def _act(client, path, name, payload=None):
    return _post(client, f"/api/v1/followup/{path}/actions/{name}", payload or {})


def test_the_generic_goal_status_endpoint_is_gone(mediator, goal, client_for):
    client = client_for(mediator)
    assert _post(client, f"/api/v1/followup/goals/{goal.pk}/status", {"status": "achieved"}).status_code in {
        404,
        405,
    }
    # Steps are added by the "add_step" action, not by a POST on the list of actions.
    assert _post(
        client, f"/api/v1/followup/goals/{goal.pk}/actions", {"description": "X", "owner": "team"}
    ).status_code in {404, 405}
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN
    assert not goal.actions.exists()


def test_it_has_a_route_for_every_action_of_the_tables():
    from lien.api.api import api

    paths = api.get_openapi_schema()["paths"]
    for action in FOLLOWUPS.actions:
        assert f"/api/v1/followup/people/{{person_id}}/actions/{action.name}" in paths, action.name
    for action in GOALS.actions:
        if action.sources:  # "agree" is POST /followup/people/{person_id}/goals
            assert f"/api/v1/followup/goals/{{goal_id}}/actions/{action.name}" in paths, action.name
    assert "post" in paths["/api/v1/followup/people/{person_id}/goals"]


def test_it_names_every_schema_after_its_entity():
    from lien.api.api import api

    components = set(api.get_openapi_schema()["components"]["schemas"])
    for name in [
        "FollowupEndIn",
        "FollowupEndReason",
        "GoalAchieveIn",
        "GoalActionOwner",
        "FollowupContactIn",
    ]:
        assert name in components, name
    assert not {"ActionIn", "ActionOut", "DoneIn", "ContactIn", "ContactOut", "CallOut"} & components


def test_it_lists_the_actions_open_to_the_caller_now(world, mediator, person, client_for):
    client = client_for(mediator)
    url = f"/api/v1/followup/people/{person.pk}/actions"
    assert client.get(url).json() == [{"name": "start", "label": "Commencer le suivi"}]
    followup_start(acting_user=mediator, person=person)
    assert [a["name"] for a in client.get(url).json()] == ["end"]
    goal = goal_create(acting_user=mediator, person=person, title="X", agreed_on=timezone.localdate())
    names = [a["name"] for a in client.get(f"/api/v1/followup/goals/{goal.pk}/actions").json()]
    assert names == ["add_step", "achieve", "abandon"]
    for who in ["volunteer", "outsider"]:
        assert client_for(world.users[who]).get(url).status_code == 404


def test_it_starts_ends_and_resumes_a_follow_up(mediator, person, client_for):
    client = client_for(mediator)
    started = _act(client, f"people/{person.pk}", "start", {"started_on": "2026-01-05"})
    assert started.status_code == 201
    assert (started.json()["status"], started.json()["started_on"]) == ("active", "2026-01-05")
    assert _act(client, f"people/{person.pk}", "start").status_code == 409  # already followed
    missing = _act(client, f"people/{person.pk}", "end")
    assert missing.status_code == 422 and "reason" in missing.json()["detail"]
    ended = _act(client, f"people/{person.pk}", "end", {"reason": "moved"})
    assert ended.status_code == 200
    assert (ended.json()["status"], ended.json()["end_reason"]) == ("ended", "moved")
    assert _act(client, f"people/{person.pk}", "end", {"reason": "moved"}).status_code == 409
    resumed = _act(client, f"people/{person.pk}", "resume")
    assert (resumed.status_code, resumed.json()["status"], resumed.json()["end_reason"]) == (
        200,
        "active",
        "",
    )
    followup = Followup.objects.get(person=person)
    logged = ActionLog.objects.of("followup", followup.pk).values_list("action", "actor")
    assert list(logged) == [("start", mediator.pk), ("end", mediator.pk), ("resume", mediator.pk)]


def test_it_refuses_an_end_without_a_known_reason_or_in_the_future(mediator, person, client_for):
    followup_start(acting_user=mediator, person=person)
    client = client_for(mediator)
    assert _act(client, f"people/{person.pk}", "end", {"reason": "bored"}).status_code == 422
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _act(client, f"people/{person.pk}", "end", {"reason": "moved", "ended_on": tomorrow})
    assert response.status_code == 422 and "futur" in response.json()["detail"]
    assert Followup.objects.get(person=person).status == "active"


def test_it_ends_nothing_for_a_person_not_followed(mediator, person, client_for):
    assert _act(client_for(mediator), f"people/{person.pk}", "resume").status_code == 404


def test_it_adds_a_step_closes_and_reopens_a_goal(mediator, goal, client_for):
    client = client_for(mediator)
    step = _act(client, f"goals/{goal.pk}", "add_step", {"description": "Appeler", "owner": "team"})
    assert step.status_code == 200
    assert [(a["description"], a["owner"]) for a in step.json()["actions"]] == [("Appeler", "team")]
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    Goal.objects.filter(pk=goal.pk).update(agreed_on=timezone.localdate() - timedelta(days=3))
    abandoned = _act(client, f"goals/{goal.pk}", "abandon", {"on": yesterday})
    assert (abandoned.json()["status"], abandoned.json()["closed_on"]) == ("abandoned", yesterday)
    assert _act(client, f"goals/{goal.pk}", "add_step", {"description": "Encore"}).status_code == 409
    reopened = _act(client, f"goals/{goal.pk}", "reopen")
    assert (reopened.json()["status"], reopened.json()["closed_on"]) == ("open", None)
    assert _act(client, f"goals/{goal.pk}", "reopen").status_code == 409


def test_the_goals_of_an_anonymised_person_are_refused_with_the_reason(mediator, person, goal, client_for):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    client = client_for(mediator)
    response = _act(client, f"goals/{goal.pk}", "achieve")
    assert response.status_code == 409 and "consentement" in response.json()["detail"]
    assert client.get(f"/api/v1/followup/goals/{goal.pk}/actions").json() == []


@pytest.mark.parametrize("who", ["volunteer", "director", "patient_partner", "outsider", "nobody"])
def test_the_actions_answer_404_to_those_who_cannot_change_the_follow_up(
    world, mediator, person, goal, client_for, who
):
    client = client_for(world.users[who])
    assert _act(client, f"people/{person.pk}", "end", {"reason": "moved"}).status_code == 404
    assert _act(client, f"people/{person.pk}", "resume").status_code == 404
    for name in ["achieve", "abandon", "reopen"]:
        assert _act(client, f"goals/{goal.pk}", name).status_code == 404, name
    assert _act(client, f"goals/{goal.pk}", "add_step", {"description": "X"}).status_code == 404
    assert client.get(f"/api/v1/followup/goals/{goal.pk}/actions").status_code == 404
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN
    assert Followup.objects.get(person=person).status == "active"
