import pytest

from tests.community import followed_person

pytestmark = pytest.mark.django_db


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_a_volunteer_records_tests_and_sees_only_their_own_results(world, client_for):
    person = followed_person(world)
    volunteer = client_for(world.users["volunteer"])
    anonymous = _post(
        volunteer,
        "/api/v1/prevention/tests",
        {"organisation": "asso", "kind": "hiv", "result": "non_reactive"},
    )
    assert anonymous.status_code == 201 and anonymous.json()["person_id"] is None
    reactive = _post(
        volunteer, "/api/v1/prevention/tests", {"person_id": person.pk, "kind": "hcv", "result": "reactive"}
    ).json()
    linked = _post(
        volunteer,
        f"/api/v1/prevention/tests/{reactive['id']}/actions/orient",
        {"structure": "cegidd"},
    )
    assert linked.json()["linkage_status"] == "oriented"
    mediator = client_for(world.users["community_mediator"])
    by_mediator = _post(
        mediator, "/api/v1/prevention/tests", {"organisation": "asso", "kind": "hiv", "result": "invalid"}
    ).json()
    assert volunteer.get(f"/api/v1/prevention/tests/{by_mediator['id']}").status_code == 404
    assert volunteer.get("/api/v1/prevention/tests").json()["count"] == 2
    assert mediator.get("/api/v1/prevention/tests").json()["count"] == 3


def test_advice_and_collective_actions(world, client_for):
    client = client_for(world.users["volunteer"])
    advice = _post(
        client,
        "/api/v1/prevention/advice",
        {"organisation": "asso", "topics": ["sexual_health", "vaccination"]},
    )
    assert [row["topic"] for row in advice.json()] == ["sexual_health", "vaccination"]
    action = _post(
        client,
        "/api/v1/prevention/collective-actions",
        {
            "organisation": "asso",
            "held_on": "2026-01-10",
            "theme": "oral_health",
            "title": "Atelier",
            "attendance": 12,
        },
    )
    assert action.status_code == 201
    assert client.get("/api/v1/prevention/collective-actions").json()["count"] == 1


@pytest.mark.parametrize("who", ["patient_partner", "outsider", "director", "deputy"])
def test_roles_without_prevention_cannot_record(world, client_for, who):
    client = client_for(world.users[who])
    assert (
        _post(
            client, "/api/v1/prevention/tests", {"organisation": "asso", "kind": "hiv", "result": "reactive"}
        ).status_code
        == 404
    )
    assert (
        _post(client, "/api/v1/prevention/advice", {"organisation": "asso", "topics": ["other"]}).status_code
        == 404
    )
