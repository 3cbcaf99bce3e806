import pytest

from tests.factories import CommuneFactory
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db


def _post(client, path, payload):
    return client.post(path, payload, content_type="application/json")


def test_it_records_meetings_and_relays(world, client_for):
    CommuneFactory()
    client = client_for(world.users["volunteer"])
    meeting = {
        "organisation": "asso",
        "kind": "exchange_space",
        "held_on": "2025-04-03",
        "place": "Salle",
        "attendance": 8,
        "troubles": ["no_gp"],
    }
    response = _post(client, "/api/v1/participation/meetings", meeting)
    assert response.status_code == 201, response.json()
    assert response.json()["troubles"] == ["no_gp"]
    relay = {"organisation": "asso", "commune": "11304", "name": "Josiane", "agreed_on": "2025-01-05"}
    assert _post(client, "/api/v1/participation/relays", relay).status_code == 201
    assert [item["name"] for item in client.get("/api/v1/participation/relays").json()["items"]] == [
        "Josiane"
    ]
    assert client_for(world.users["outsider"]).get("/api/v1/participation/relays").json()["items"] == []


def test_it_warns_about_identifying_text_in_a_testimony(world, client_for):
    person = consented_person(world, first_name="Hélène", consent=FULL_CONSENT)
    client = client_for(world.users["community_mediator"])
    payload = {
        "person": person.pk,
        "collected_on": "2025-04-03",
        "text": "Hélène, 06 12 34 56 78",
        "advocacy_use": True,
    }
    response = _post(client, "/api/v1/participation/testimonies", payload)
    assert response.status_code == 201, response.json()
    assert [warning["kind"] for warning in response.json()["warnings"]] == ["name", "phone"]
    advocacy = client_for(world.users["regional_coordinator"]).get("/api/v1/participation/advocacy").json()
    assert [item["text"] for item in advocacy] == ["[NOM], [TÉLÉPHONE]"]


def test_it_refuses_advocacy_use_without_the_persons_consent(world, client_for):
    person = consented_person(world)
    payload = {"person": person.pk, "collected_on": "2025-04-03", "text": "Trop loin.", "advocacy_use": True}
    response = _post(
        client_for(world.users["community_mediator"]), "/api/v1/participation/testimonies", payload
    )
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["volunteer", "director", "outsider", "patient_partner"])
def test_it_answers_404_to_roles_without_testimonies(role, world, client_for):
    person = consented_person(world, consent=FULL_CONSENT)
    payload = {"person": person.pk, "collected_on": "2025-04-03", "text": "Trop loin."}
    created = _post(
        client_for(world.users["community_mediator"]), "/api/v1/participation/testimonies", payload
    ).json()
    client = client_for(world.users[role])
    assert client.get(f"/api/v1/participation/testimonies/{created['id']}").status_code == 404
    assert _post(client, "/api/v1/participation/testimonies", payload).status_code == 404
