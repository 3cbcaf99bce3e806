from datetime import date

import pytest

from lien.rights.services import rights_reminders_create
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


def _post(client, path, payload=None):
    return client.post(path, payload or {}, content_type="application/json")


def test_it_runs_a_procedure_through_the_api(world, client_for):
    person = consented_person(world, coverage="none")
    client = client_for(world.users["assistant"])
    response = _post(
        client, "/api/v1/rights/procedures", {"person": person.pk, "kind": "ame", "started_on": "2025-01-10"}
    )
    assert response.status_code == 201, response.json()
    procedure = response.json()
    documents = [document["id"] for document in procedure["documents"]]
    response = client.put(
        f"/api/v1/rights/procedures/{procedure['id']}/documents",
        {"gathered": documents, "on": "2025-01-15"},
        content_type="application/json",
    )
    assert all(document["gathered_on"] == "2025-01-15" for document in response.json()["documents"])
    actions = f"/api/v1/rights/procedures/{procedure['id']}/actions"
    assert _post(client, f"{actions}/grant", {"decision_on": "2025-02-01"}).status_code == 409  # not filed
    assert _post(client, f"{actions}/file", {"filed_on": "2025-01-20"}).status_code == 200
    body = _post(client, f"{actions}/grant", {"decision_on": "2025-03-01"}).json()
    assert (body["status"], body["rights_end"]) == ("granted", "2026-02-28")
    assert [event["to_status"] for event in body["events"]] == ["documents", "filed", "granted"]

    rights_reminders_create(today=date(2026, 1, 5))
    reminders = client.get("/api/v1/rights/reminders").json()["items"]
    assert [(item["procedure"], item["kind"], item["due_on"]) for item in reminders] == [
        (procedure["id"], "renewal_due", "2026-02-28")
    ]
    renewal = _post(client, f"{actions}/renew")
    assert (renewal.status_code, renewal.json()["renewal_of"]) == (201, procedure["id"])
    assert client.get("/api/v1/rights/reminders").json()["items"] == []


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "outsider", "coordinator"])
def test_it_answers_404_to_roles_outside_rights(role, world, client_for):
    person = consented_person(world)
    created = _post(
        client_for(world.users["community_mediator"]),
        "/api/v1/rights/procedures",
        {"person": person.pk, "kind": "c2s", "started_on": "2025-01-10"},
    ).json()
    client = client_for(world.users[role])
    assert client.get(f"/api/v1/rights/procedures/{created['id']}").status_code == 404
    assert (
        _post(
            client,
            "/api/v1/rights/procedures",
            {"person": person.pk, "kind": "c2s", "started_on": "2025-01-10"},
        ).status_code
        == 404
    )
    assert client.get("/api/v1/rights/procedures").json()["count"] == 0


def test_it_corrects_the_dates_of_a_procedure(world, client_for):
    person = consented_person(world)
    client = client_for(world.users["community_mediator"])
    procedure = _post(
        client, "/api/v1/rights/procedures", {"person": person.pk, "kind": "mdph", "started_on": "2025-01-10"}
    ).json()
    path = f"/api/v1/rights/procedures/{procedure['id']}"
    payload = {
        "started_on": "2025-01-08",
        "rights_start": "2025-03-01",
        "rights_end": "2030-02-28",
        "notes": "Relancer",
    }
    response = client.put(path, payload, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert (response.json()["started_on"], response.json()["rights_end"]) == ("2025-01-08", "2030-02-28")
    wrong = payload | {"rights_end": "2024-01-01"}
    assert client.put(path, wrong, content_type="application/json").status_code == 422
