from datetime import date
from decimal import Decimal

import pytest
import time_machine

from lien.outreach.models import Contact, OutreachSession
from tests.factories import CommuneFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2025, 5, 14), tick=False):
        yield


def _post(client, path, payload):
    return client.post(path, payload, content_type="application/json")


def _session(client, **fields):
    payload = {
        "organisation": "asso",
        "kind": "street",
        "held_on": "2025-05-14",
        "place": "Marché",
        "commune": "11304",
    }
    return _post(client, "/api/v1/outreach/sessions", payload | fields)


def test_it_opens_a_session_and_records_contacts(world, client_for):
    CommuneFactory()
    client = client_for(world.users["volunteer"])
    response = _session(client, team=[world.users["community_mediator"].email])
    assert response.status_code == 201, response.json()
    session_id = response.json()["id"]
    person = consented_person(world, birth_year=1990)
    anonymous = _post(
        client,
        "/api/v1/outreach/contacts",
        {"session": session_id, "age_band": "25-34", "gender": "male", "topics": ["rights"]},
    )
    identified = _post(
        client,
        "/api/v1/outreach/contacts",
        {"session": session_id, "person": person.pk, "topics": ["prevention"]},
    )
    assert (anonymous.status_code, identified.status_code) == (201, 201)
    assert identified.json()["age_band"] == "35-44"
    # A volunteer is not told the topics of contacts (medical information).
    assert identified.json()["topics"] is None
    detail = (
        client_for(world.users["community_mediator"]).get(f"/api/v1/outreach/sessions/{session_id}").json()
    )
    summary = detail["summary"]
    assert (summary["total"], summary["identified"], summary["anonymous"]) == (2, 1, 1)
    assert summary["by_topic"] == [
        {"code": "rights", "label": "Droits santé", "count": 1},
        {"code": "prevention", "label": "Prévention, dépistage", "count": 1},
    ]
    assert {contact["id"]: contact["topics"] for contact in detail["contacts"]}[identified.json()["id"]] == [
        "prevention"
    ]
    listed = client.get("/api/v1/outreach/sessions").json()
    assert [(item["id"], item["contacts_count"]) for item in listed["items"]] == [(session_id, 2)]
    assert client.delete(f"/api/v1/outreach/contacts/{anonymous.json()['id']}").status_code == 204
    assert Contact.objects.count() == 1


def test_it_refuses_a_team_from_elsewhere_and_unknown_codes(world, client_for):
    CommuneFactory()
    client = client_for(world.users["community_mediator"])
    # A team member is named by e-mail: one who is not a member is not found, as any object elsewhere.
    assert _session(client, team=["outsider@lien.example"]).status_code == 404
    assert _session(client, kind="party").status_code == 422
    session_id = _session(client).json()["id"]
    assert (
        _post(client, "/api/v1/outreach/contacts", {"session": session_id, "topics": ["moon"]}).status_code
        == 422
    )
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", ["outsider", "director", "patient_partner", "coordinator", "nobody"])
def test_it_answers_404_to_those_who_do_not_record_here(role, world, client_for):
    CommuneFactory()
    session_id = _session(client_for(world.users["community_mediator"])).json()["id"]
    client = client_for(world.users[role])
    assert _session(client).status_code == 404
    assert _post(client, "/api/v1/outreach/contacts", {"session": session_id}).status_code == 404
    assert OutreachSession.objects.count() == 1


def test_it_moves_a_session_and_its_contacts_to_another_date(world, client_for):
    CommuneFactory()
    client = client_for(world.users["community_mediator"])
    session_id = _session(client).json()["id"]
    _post(client, "/api/v1/outreach/contacts", {"session": session_id, "age_band": "25-34"})
    payload = {"organisation": "asso", "kind": "permanence", "held_on": "2025-05-13", "place": "Mairie"}
    response = client.put(f"/api/v1/outreach/sessions/{session_id}", payload, content_type="application/json")
    assert (response.status_code, response.json()["held_on"]) == (200, "2025-05-13")
    assert list(Contact.objects.values_list("on", flat=True)) == [date(2025, 5, 13)]
    other = payload | {"organisation": "autre"}
    response = client.put(f"/api/v1/outreach/sessions/{session_id}", other, content_type="application/json")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "Une sortie ne change pas d'organisation."},
    )


def test_it_reads_and_writes_the_volunteers_time_as_a_number_or_null(world, client_for):
    CommuneFactory()
    client = client_for(world.users["community_mediator"])
    created = _session(client, volunteer_hours=7.5)
    assert (created.status_code, created.json()["volunteer_hours"]) == (201, 7.5)
    session_id = created.json()["id"]
    assert OutreachSession.objects.get().volunteer_hours == Decimal("7.5")
    assert client.get(f"/api/v1/outreach/sessions/{session_id}").json()["volunteer_hours"] == 7.5
    assert client.get("/api/v1/outreach/sessions").json()["items"][0]["volunteer_hours"] == 7.5
    payload = {"organisation": "asso", "kind": "street", "held_on": "2025-05-14", "place": "Marché"}
    url = f"/api/v1/outreach/sessions/{session_id}"
    response = client.put(url, payload | {"volunteer_hours": 12}, content_type="application/json")
    assert (response.status_code, response.json()["volunteer_hours"]) == (200, 12.0)
    # Like the other fields, a PUT replaces: null (or nothing) is « non renseigné ».
    response = client.put(url, payload | {"volunteer_hours": None}, content_type="application/json")
    assert (response.status_code, response.json()["volunteer_hours"]) == (200, None)
    assert OutreachSession.objects.get().volunteer_hours is None
    assert _session(client).json()["volunteer_hours"] is None


@pytest.mark.parametrize(
    "hours,reason",
    [
        (-1, "valeur trop petite"),
        (2000.5, "valeur trop grande"),
        ("7.5", "nombre attendu"),
        ("7,5", "nombre attendu"),
        (True, "nombre attendu"),
    ],
)
def test_it_refuses_a_volunteers_time_that_is_not_hours(hours, reason, world, client_for):
    CommuneFactory()
    client = client_for(world.users["community_mediator"])
    response = _session(client, volunteer_hours=hours)
    assert (response.status_code, response.json()) == (
        422,
        {"detail": f"Données invalides — payload.volunteer_hours : {reason}"},
    )
    assert not OutreachSession.objects.exists()
