"""Each page that creates a file shows the people it may duplicate, with the new matching
(lien.people.similar): the person form and the requester picker of a saisine."""

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
