"""The doctor proposes the programme (seed 003: « le médecin propose ») to the patient they
referred, once the health centre took the referral in charge with the patient's file — from the
referral, never reading the file: the first name only, the suggestions ranked by the pathology
they name, nothing more."""

import pytest
from django.urls import reverse

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.partners.models import PartnerAccompaniment
from lien.referrals.services import referral_create, referral_take
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def a_doctor(world, email):
    user = UserFactory(email=email)
    membership_add(user=user, organisation=world.organisation, role=Role.REFERRING_DOCTOR)
    return user


@pytest.fixture
def doctor(world):
    return a_doctor(world, "medecin@lien.example")


@pytest.fixture
def referral(world, doctor):
    return referral_create(
        acting_user=doctor,
        organisation=world.organisation,
        first_name="Odile",
        last_name="Quintal",
        reason="Diabète déséquilibré, très isolée.",
    )


def test_the_doctor_proposes_from_the_referral_taken_in_charge(
    world, client_for, doctor, mediator, referral, patient, companion
):
    client = client_for(doctor)
    url = reverse("partners:accompaniment_propose_from_referral", args=[referral.pk])
    # Not taken in charge yet: no file to propose to.
    assert client.get(url).status_code == 404
    assert (
        "Proposer un·e patient·e partenaire"
        not in client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    )
    referral_take(acting_user=mediator, referral=referral, person=patient)
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert url in detail
    page = client.get(url, {"pathologie": "diabetes"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pour Odile." in text and "Nadia Benali" in text
    assert "odile@example.org" not in text and "06 11 22 33 44" not in text
    response = client.post(url + "?pathologie=diabetes", {"suggested": [companion.pk]})
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])
    accompaniment = PartnerAccompaniment.objects.get()
    assert accompaniment.proposed_by == doctor and list(accompaniment.suggested.all()) == [companion]
    # The doctor reads neither the accompaniment nor the file.
    assert client.get(reverse("partners:accompaniment_detail", args=[accompaniment.pk])).status_code == 404
    assert client.get(reverse("person_detail", args=[patient.pk])).status_code == 404


def test_another_doctor_and_the_partner_cannot(world, client_for, mediator, referral, patient):
    referral_take(acting_user=mediator, referral=referral, person=patient)
    url = reverse("partners:accompaniment_propose_from_referral", args=[referral.pk])
    other = a_doctor(world, "autre-medecin@lien.example")
    for user in (other, world.users["patient_partner"], world.users["outsider"]):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {}).status_code == 404
    assert not PartnerAccompaniment.objects.exists()
