"""Each page that creates a file shows the people it may duplicate, with the new matching
(lien.people.similar): the person form, the API and the requester picker of a saisine."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.mediation import consent_form

pytestmark = pytest.mark.django_db


def test_the_person_form_shows_the_file_of_a_name_typed_the_other_way_round(world, client_for):
    known = PersonFactory(organisation=world.organisation, first_name="Josette", last_name="Maury")
    data = {
        "organisation": world.organisation.pk,
        "first_name": "Maury",
        "last_name": "Josetté",
        "birth_year": "",
        "phone": "",
        "email": "",
        "commune": "",
    } | consent_form()
    response = client_for(world.users["community_mediator"]).post(reverse("person_create"), data)
    assert response.status_code == 200
    assert response.context["similar"] == [known]
    assert Person.objects.count() == 1


def test_the_requester_picker_of_a_saisine_shows_a_file_with_a_letter_off(client_for):
    fund = OrganisationFactory(fund=True)
    mediator = UserFactory()
    membership_add(user=mediator, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    known = PersonFactory(organisation=fund, first_name="Hélène", last_name="Éluard")
    data = {
        "organisation": fund.pk,
        "received_on": timezone.localdate().isoformat(),
        "channel": "letter",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "after_claim",
        "matter": "",
        "prior_claim": "true",
        "process": "cash_benefits",
        "subprocess": "sickness",
        "commune": "",
        "subject": "Pas d'indemnités depuis deux mois.",
    }
    for prefix in ("requester", "concerned"):
        data |= {f"{prefix}-{name}": "" for name in ("q", "first_name", "last_name", "phone", "email", "nir")}
    data |= {"requester-first_name": "ELUARD", "requester-last_name": "Helen"}
    response = client_for(mediator).post(reverse("saisines:create"), data)
    assert response.status_code == 200
    assert response.context["requester"].similar == [known]
    assert Person.objects.count() == 1


def test_the_api_names_the_similar_files_and_creates_only_once_confirmed(world, client_for):
    known = PersonFactory(organisation=world.organisation, first_name="Josette", last_name="Maury")
    elsewhere = OrganisationFactory(slug="ailleurs")
    PersonFactory(organisation=elsewhere, first_name="Josette", last_name="Maurie")  # not visible
    client = client_for(world.users["community_mediator"])
    payload = {
        "organisation": world.organisation.slug,
        "first_name": "Josette",
        "last_name": "Maurie",
        "consent": {"given_on": "2024-01-02", "form": "oral", "information_version": "2026-01"},
    }
    response = client.post("/api/v1/people", payload, content_type="application/json")
    assert response.status_code == 409, response.json()
    assert "Des personnes proches existent déjà" in response.json()["detail"]
    assert [row["id"] for row in response.json()["similar"]] == [known.pk]
    assert Person.objects.filter(organisation=world.organisation).count() == 1  # nothing written
    confirmed = client.post(
        "/api/v1/people", payload | {"confirm_new": True}, content_type="application/json"
    )
    assert confirmed.status_code == 201, confirmed.json()
    assert Person.objects.filter(organisation=world.organisation).count() == 2


def test_the_api_creates_at_once_a_file_like_no_other(world, client_for):
    PersonFactory(organisation=world.organisation, first_name="Josette", last_name="Maury")
    payload = {
        "organisation": world.organisation.slug,
        "first_name": "Karim",
        "last_name": "Benali",
        "consent": {"given_on": "2024-01-02", "form": "oral", "information_version": "2026-01"},
    }
    response = client_for(world.users["community_mediator"]).post(
        "/api/v1/people", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
