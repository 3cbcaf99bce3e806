"""/api/v1/partners: the same services, the same rule and the same scope as the pages."""

from datetime import date

import pytest

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.partners import services
from lien.partners.models import PatientPartner
from tests.factories import UserFactory
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db
API = "/api/v1/partners"


def test_the_coordinator_creates_and_changes_a_partner(world, coordinator, departements, client_for):
    client = client_for(coordinator)
    response = client.post(
        API,
        {
            "organisation": "asso",
            "first_name": " Paul ",
            "pathologies": ["hiv"],
            "languages": ["fr", "es"],
            "departements": ["31"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["first_name"] == "Paul" and body["departements"] == ["31"]
    assert body["proposable"] is False
    assert body["reasons"] == ["Aucune formation validée", "Aucune convention en vigueur"]
    unknown = client.post(
        API,
        {"organisation": "asso", "first_name": "Léa", "departements": ["99"]},
        content_type="application/json",
    )
    assert unknown.status_code == 404 and PatientPartner.objects.count() == 1
    patched = client.patch(
        f"{API}/{body['id']}", {"availability": "Le jeudi", "active": False}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["reasons"][0] == "Fiche inactive"
    assert patched.json()["pathologies"] == ["hiv"]  # what is not sent is unchanged


def test_a_mediator_lists_and_filters_but_cannot_create(world, partner, coordinator, client_for):
    add_training(coordinator, partner, validated=True)
    add_convention(coordinator, partner, starts_on=date(2025, 1, 1))
    client = client_for(world.users["community_mediator"])
    listed = client.get(API, {"proposable": "true", "pathology": "diabetes"}).json()
    assert listed["count"] == 1 and listed["items"][0]["proposable"] is True
    assert client.get(API, {"pathology": "hiv"}).json()["count"] == 0
    assert client.get(API, {"proposable": "false"}).json()["count"] == 0
    refused = client.post(
        API, {"organisation": "asso", "first_name": "Paul"}, content_type="application/json"
    )
    assert refused.status_code == 404


def test_another_organisations_partner_is_not_found(world, partner, coordinator, client_for):
    training = add_training(coordinator, partner)
    other_coordinator = UserFactory(email="coordination@autre.example")
    membership_add(user=other_coordinator, organisation=world.other_organisation, role=Role.COORDINATOR)
    client = client_for(other_coordinator)
    assert client.get(f"{API}/{partner.pk}").status_code == 404
    assert client.get(API).json()["count"] == 0
    assert (
        client.patch(f"{API}/{partner.pk}", {"phone": "0"}, content_type="application/json").status_code
        == 404
    )
    assert client.post(f"{API}/{partner.pk}/trainings/{training.pk}/validate").status_code == 404
    training.refresh_from_db()
    assert not training.is_validated


def test_the_coordinator_validates_a_training_once(world, partner, coordinator, client_for):
    training = add_training(coordinator, partner)
    url = f"{API}/{partner.pk}/trainings/{training.pk}/validate"
    assert client_for(world.users["director"]).post(url).status_code == 404
    response = client_for(coordinator).post(url)
    assert response.status_code == 200 and response.json()["validated_at"]
    assert client_for(coordinator).post(url).status_code == 409
    other = services.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Paul"
    )
    assert (
        client_for(coordinator).post(f"{API}/{other.pk}/trainings/{training.pk}/validate").status_code == 404
    )
