"""The person file through the API: consent, situation, withdrawal, medical fields by role."""

import pytest

from lien.people.models import Person
from tests.factories import CommuneFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

CONSENT = {"given_on": "2024-01-02", "form": "oral", "information_version": "2026-01"}


def _post(client, path, payload):
    return client.post(path, payload, content_type="application/json")


def test_it_refuses_a_file_without_consent_in_json(world, client_for):
    response = _post(
        client_for(world.users["volunteer"]), "/api/v1/people", {"organisation": "asso", "first_name": "Lola"}
    )
    assert response.status_code == 422
    assert "consentement" in response.json()["detail"]
    assert not Person.objects.exists()


def test_it_creates_a_file_with_its_situation_and_consent(world, client_for):
    CommuneFactory()
    payload = {
        "organisation": "asso",
        "first_name": "Irina",
        "gender": "female",
        "languages": ["ro"],
        "interpreter_needed": True,
        "contact_mode": "relay",
        "contact_via": "Sa voisine",
        "housing": "mobile",
        "coverage": "none",
        "complementary": "none",
        "has_gp": False,
        "referral_source": "outreach",
        "vulnerabilities": ["geographic_isolation"],
        "commune": "11304",
        "consent": CONSENT | {"advocacy_testimonies": True},
    }
    response = _post(client_for(world.users["community_mediator"]), "/api/v1/people", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {
        key: body[key] for key in ["gender", "languages", "housing", "coverage", "has_gp", "vulnerabilities"]
    } == {
        "gender": "female",
        "languages": ["ro"],
        "housing": "mobile",
        "coverage": "none",
        "has_gp": False,
        "vulnerabilities": ["geographic_isolation"],
    }
    assert body["consent"]["advocacy_testimonies"] is True
    assert body["anonymised"] is False


def test_it_gives_no_vulnerability_to_a_volunteer(world, client_for):
    person = consented_person(world, vulnerabilities=["psychoactive_use"])
    body = client_for(world.users["volunteer"]).get(f"/api/v1/people/{person.pk}").json()
    assert body["vulnerabilities"] is None
    body = client_for(world.users["community_mediator"]).get(f"/api/v1/people/{person.pk}").json()
    assert body["vulnerabilities"] == ["psychoactive_use"]
    response = client_for(world.users["volunteer"]).patch(
        f"/api/v1/people/{person.pk}", {"vulnerabilities": []}, content_type="application/json"
    )
    assert response.status_code == 403
    assert person.vulnerabilities.count() == 1


def test_it_updates_only_the_fields_sent(world, client_for):
    person = consented_person(world, phone="06 12 34 56 78", coverage="none")
    response = client_for(world.users["volunteer"]).patch(
        f"/api/v1/people/{person.pk}", {"coverage": "puma", "has_gp": True}, content_type="application/json"
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.coverage, person.has_gp, person.phone) == ("puma", True, "06 12 34 56 78")


def test_it_records_a_consent_then_anonymises_on_withdrawal(world, client_for):
    from tests.factories import PersonFactory

    person = PersonFactory(organisation=world.organisation, first_name="Hélène", phone="0612345678")
    client = client_for(world.users["community_mediator"])
    response = _post(client, f"/api/v1/people/{person.pk}/consents", CONSENT)
    assert response.status_code == 201
    assert response.json()["form"] == "oral"
    response = _post(client, f"/api/v1/people/{person.pk}/consent-withdrawal", {"withdrawn_on": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert (body["first_name"], body["phone"], body["anonymised"], body["consent"]) == (
        f"Personne anonymisée n°{person.pk}",
        "",
        True,
        None,
    )
    assert _post(client, f"/api/v1/people/{person.pk}/consent-withdrawal", {}).status_code == 422


def test_it_answers_404_to_an_outsider(world, client_for):
    person = consented_person(world)
    client = client_for(world.users["outsider"])
    assert _post(client, f"/api/v1/people/{person.pk}/consents", CONSENT).status_code == 404
    assert _post(client, f"/api/v1/people/{person.pk}/consent-withdrawal", {}).status_code == 404
