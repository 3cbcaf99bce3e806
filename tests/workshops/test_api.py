"""The API: the same services and the same figures as the pages."""

from datetime import date, timedelta

import pytest

from lien.workshops.models import WorkshopAttendance, WorkshopRegistration, WorkshopSession
from tests.workshops.conftest import TODAY, register, session_on

pytestmark = pytest.mark.django_db
API = "/api/v1/workshops"


def test_the_coordination_plans_the_mediator_registers_through_the_api(
    client_for, coordinator, mediator, partner, people
):
    client = client_for(coordinator)
    response = client.post(
        f"{API}/programmes",
        {"organisation": "asso", "title": "Vivre avec son diabète", "starts_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    programme = response.json()["id"]
    body = {
        "starts_at": "2026-03-02T10:00",
        "duration_minutes": 120,
        "place": "Maison de santé",
        "theme": "nutrition",
        "capacity": 8,
        "professionals": [mediator.pk],
        "partners": [partner.pk],
    }
    response = client.post(f"{API}/programmes/{programme}/sessions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    session = response.json()
    assert session["partners"] == [partner.pk] and session["starts_at"] == "2026-03-02T09:00:00Z"
    # a partner outside their convention: 409
    late = body | {"starts_at": "2026-05-11T10:00:00+02:00"}
    response = client.post(f"{API}/programmes/{programme}/sessions", late, content_type="application/json")
    assert response.status_code == 409 and "ne peut pas animer" in response.json()["detail"]

    consent = {"person": people[0].pk, "consent_given": True, "consented_on": TODAY.isoformat()}
    # The coordination reads no file: the mediator who follows the person registers them.
    response = client.post(
        f"{API}/programmes/{programme}/registrations", consent, content_type="application/json"
    )
    assert response.status_code == 404
    registrar = client_for(mediator)
    response = registrar.post(
        f"{API}/programmes/{programme}/registrations", consent, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    registration = response.json()["id"]
    refused = consent | {"person": people[1].pk, "consent_given": False}
    response = registrar.post(
        f"{API}/programmes/{programme}/registrations", refused, content_type="application/json"
    )
    assert response.status_code == 422

    response = client.put(
        f"{API}/sessions/{session['id']}/attendance",
        {"entries": [{"registration": registration, "status": "present"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert WorkshopAttendance.objects.get().status == "present"
    report = client.get(f"{API}/programmes/{programme}/report", {"start": "2026-01-01", "end": "2026-06-30"})
    assert report.json()["attendance"] == {
        "present": 1,
        "absent": 0,
        "excused": 0,
        "expected": 1,
        "rate": 1.0,
    }
    assert [row["id"] for row in client.get(f"{API}/programmes/{programme}/sessions").json()] == [
        session["id"]
    ]
    response = registrar.post(f"{API}/registrations/{registration}/withdraw")
    assert response.status_code == 200 and response.json()["person_id"] is None
    assert registrar.post(f"{API}/registrations/{registration}/withdraw").status_code == 409


def test_the_mediator_registers_but_does_not_plan(client_for, programme, mediator, people):
    client = client_for(mediator)
    body = {
        "starts_at": "2026-03-09T14:00",
        "duration_minutes": 120,
        "place": "Maison de santé",
        "theme": "nutrition",
        "capacity": 8,
    }
    assert (
        client.post(
            f"{API}/programmes/{programme.pk}/sessions", body, content_type="application/json"
        ).status_code
        == 404
    )
    consent = {"person": people[0].pk, "consent_given": True, "consented_on": TODAY.isoformat()}
    response = client.post(
        f"{API}/programmes/{programme.pk}/registrations", consent, content_type="application/json"
    )
    assert response.status_code == 201
    assert [item["id"] for item in client.get(f"{API}/programmes").json()["items"]] == [programme.pk]


def test_the_patient_partner_reads_a_count_never_a_name(
    world, client_for, programme, coordinator, mediator, partner, people
):
    session = session_on(programme, coordinator, date(2026, 3, 9), partners=[partner])
    register(programme, mediator, people[0])
    client = client_for(world.users["patient_partner"])
    sessions = client.get(f"{API}/my-sessions").json()
    assert sessions == [
        {
            "id": session.pk,
            "programme_title": "Vivre avec son diabète",
            "starts_at": "2026-03-09T13:00:00Z",
            "duration_minutes": 120,
            "place": "Maison de santé de Limoux",
            "theme": "understanding",
            "participants": 1,
        }
    ]
    assert client.get(f"{API}/programmes").json()["items"] == []
    for path in (
        f"/programmes/{programme.pk}",
        f"/programmes/{programme.pk}/registrations",
        f"/sessions/{session.pk}",
    ):
        assert client.get(API + path).status_code == 404, path


def test_another_organisation_gets_404(world, client_for, programme, coordinator, mediator, people):
    session = session_on(programme, coordinator, TODAY - timedelta(days=1))
    registration = register(programme, mediator, people[0])
    client = client_for(world.users["outsider"])
    assert client.get(f"{API}/programmes/{programme.pk}/report").status_code == 404
    assert client.get(f"{API}/sessions/{session.pk}").status_code == 404
    response = client.put(
        f"{API}/sessions/{session.pk}/attendance",
        {"entries": [{"registration": registration.pk, "status": "present"}]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.post(f"{API}/registrations/{registration.pk}/withdraw").status_code == 404
    consent = {"person": people[1].pk, "consent_given": True, "consented_on": TODAY.isoformat()}
    response = client.post(
        f"{API}/programmes/{programme.pk}/registrations", consent, content_type="application/json"
    )
    assert response.status_code == 404
    assert WorkshopRegistration.objects.get().person == people[0] and not WorkshopAttendance.objects.exists()
    assert WorkshopSession.objects.count() == 1
