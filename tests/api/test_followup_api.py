from datetime import timedelta

import pytest
from django.utils import timezone

from lien.followup.services import contact_record
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
    assert (
        _post(client, f"/api/v1/followup/goals/{goal['id']}/status", {"status": "achieved"}).json()["status"]
        == "achieved"
    )
    assert (
        _post(client, f"/api/v1/followup/goals/{goal['id']}/status", {"status": "abandoned"}).status_code
        == 422
    )


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
