import pytest

from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

ROW_2 = [False, True, False, False, True, False, True, False, True, False, False]  # 61.54


def _post(client, path, payload):
    return client.post(path, payload, content_type="application/json")


def test_it_scores_an_assessment_posted_through_the_api(world, client_for):
    person = consented_person(world)
    client = client_for(world.users["community_mediator"])
    payload = {
        "person": person.pk,
        "assessed_on": "2025-03-04",
        "barriers": ["language"],
        "epices_answers": ROW_2,
    }
    response = _post(client, "/api/v1/assessments", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["epices_score"], body["epices_precarious"], body["barriers"]) == (61.54, True, ["language"])
    assert client.get(f"/api/v1/assessments?person={person.pk}").json()["count"] == 1
    updated = client.put(
        f"/api/v1/assessments/{body['id']}",
        {"assessed_on": "2025-03-04", "epices_answers": []},
        content_type="application/json",
    )
    assert (updated.status_code, updated.json()["epices_score"]) == (200, None)


def test_it_refuses_an_incomplete_questionnaire(world, client_for):
    person = consented_person(world)
    response = _post(
        client_for(world.users["community_mediator"]),
        "/api/v1/assessments",
        {"person": person.pk, "assessed_on": "2025-03-04", "epices_answers": [True, False]},
    )
    assert response.status_code == 422


def test_it_publishes_the_questionnaire(world, client_for):
    body = client_for(world.users["volunteer"]).get("/api/v1/assessments/epices").json()
    assert (body["constant"], body["precarity_threshold"], len(body["questions"])) == (75.14, 30.17, 11)


@pytest.mark.parametrize("role", ["volunteer", "assistant", "director", "patient_partner", "outsider"])
def test_it_answers_404_to_roles_without_medical_access(role, world, client_for):
    person = consented_person(world)
    created = _post(
        client_for(world.users["community_mediator"]),
        "/api/v1/assessments",
        {"person": person.pk, "assessed_on": "2025-03-04"},
    ).json()
    client = client_for(world.users[role])
    assert client.get(f"/api/v1/assessments/{created['id']}").status_code == 404
    assert (
        _post(client, "/api/v1/assessments", {"person": person.pk, "assessed_on": "2025-03-04"}).status_code
        == 404
    )
    assert client.get("/api/v1/assessments").json()["count"] == 0
