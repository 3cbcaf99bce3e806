"""A health centre's doctors refer patients to the mediator ("on va frapper à sa porte"): the
doctor creates a referral and reads its status and the mediator's short feedback, nothing else;
the mediator's inbox lists referrals; every path goes through the same services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.services import membership_add
from lien.notifications.models import Notification
from lien.people.services import ConsentInput, consent_withdraw, person_create
from lien.referrals import services
from lien.referrals.enums import Status
from lien.referrals.models import Referral
from lien.workflow.engine import ActionRefused
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(world):
    world.organisation.kind = OrganisationKind.HEALTH_CENTRE
    world.organisation.save(update_fields=["kind"])
    return world.organisation


@pytest.fixture
def doctor(centre):
    user = UserFactory(email="dr.blaes@centre-bron.example", full_name="Benoît Blaes")
    membership_add(user=user, organisation=centre, role=Role.REFERRING_DOCTOR)
    return user


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def referral(doctor, centre):
    return services.referral_create(
        acting_user=doctor,
        organisation=centre,
        first_name="Jérôme",
        last_name="Perrin",
        phone="06 11 22 33 44",
        reason="En rupture de soins après un infarctus, papiers à refaire.",
        urgency="soon",
    )


@pytest.fixture
def jerome(mediator, centre):
    return person_create(
        acting_user=mediator,
        organisation=centre,
        first_name="Jérôme",
        last_name="Perrin",
        consent=ConsentInput(given_on=date(2026, 1, 5), form="oral"),
    )


def test_the_doctor_refers_through_the_page_and_the_mediators_are_told(doctor, mediator, client_for):
    client = client_for(doctor)
    response = client.post(
        reverse("referrals:create"),
        {"first_name": "Jérôme", "last_name": "Perrin", "reason": "Droits à ouvrir.", "urgency": "urgent"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.pk]
    )
    notification = Notification.objects.get(user=mediator)
    assert notification.kind == "referral_received" and "Perrin" not in notification.text


def test_a_referral_without_a_reason_is_refused_and_changes_nothing(doctor, client_for):
    response = client_for(doctor).post(reverse("referrals:create"), {"first_name": "Jérôme", "reason": " "})
    assert response.status_code == 422
    assert (
        "Ce champ est obligatoire" in response.content.decode()
        or "quelques mots" in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_the_mediator_takes_it_with_the_file_and_the_doctor_reads_the_news(
    referral, mediator, doctor, jerome, client_for
):
    services.referral_take(
        acting_user=mediator, referral=referral, person=jerome, feedback="Rendez-vous jeudi."
    )
    page = client_for(doctor).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Pris en charge par la médiation" in page and "Rendez-vous jeudi." in page
    # The doctor never reaches the file.
    assert reverse("person_detail", args=[jerome.pk]) not in page
    assert client_for(doctor).get(reverse("person_detail", args=[jerome.pk])).status_code == 404
    assert client_for(doctor).get(f"/api/v1/people/{jerome.pk}").status_code == 404
    assert client_for(doctor).get(reverse("followup:call_list")).status_code == 404


def test_the_doctor_cannot_handle_nor_read_another_doctors_referral(referral, centre, doctor, client_for):
    other = UserFactory(email="dr.autre@centre-bron.example")
    membership_add(user=other, organisation=centre, role=Role.REFERRING_DOCTOR)
    assert client_for(other).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client_for(other).get("/api/v1/referrals").json()["count"] == 0
    response = client_for(doctor).post(
        f"/api/v1/referrals/{referral.pk}/actions/close", {"feedback": ""}, content_type="application/json"
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.NEW


def test_the_inbox_lists_the_referrals_to_handle(referral, mediator, client_for):
    page = client_for(mediator).get(reverse("referrals:list")).content.decode()
    assert "Jérôme Perrin" in page and "Dans la semaine" in page


def test_a_decline_says_why(referral, mediator):
    with pytest.raises(ValidationError):
        services.referral_decline(acting_user=mediator, referral=referral, feedback=" ")
    services.referral_decline(acting_user=mediator, referral=referral, feedback="Déjà suivi par la PASS.")
    with pytest.raises(ActionRefused):
        services.referral_close(acting_user=mediator, referral=referral)


def test_the_api_takes_a_referral_with_a_file_of_the_centre_only(referral, mediator, jerome, client_for):
    elsewhere = OrganisationFactory(kind=OrganisationKind.HEALTH_CENTRE)
    other_mediator = UserFactory(email="mediatrice@ailleurs.example")
    membership_add(user=other_mediator, organisation=elsewhere, role=Role.COMMUNITY_MEDIATOR)
    stranger = person_create(
        acting_user=other_mediator,
        organisation=elsewhere,
        first_name="Jérôme",
        consent=ConsentInput(given_on=date(2026, 1, 5), form="oral"),
    )
    client = client_for(mediator)
    refused = client.post(
        f"/api/v1/referrals/{referral.pk}/actions/take",
        {"person_id": stranger.pk},
        content_type="application/json",
    )
    assert refused.status_code == 404
    with pytest.raises(ValidationError):  # the service refuses it whatever the path
        services.referral_take(acting_user=mediator, referral=referral, person=stranger)
    taken = client.post(
        f"/api/v1/referrals/{referral.pk}/actions/take",
        {"person_id": jerome.pk},
        content_type="application/json",
    )
    assert taken.status_code == 200 and taken.json()["status"] == "taken"


def test_a_consent_withdrawal_erases_the_referrals_words(referral, mediator, jerome):
    services.referral_take(acting_user=mediator, referral=referral, person=jerome, feedback="Vu jeudi.")
    consent_withdraw(acting_user=mediator, person=jerome)
    referral.refresh_from_db()
    assert (referral.last_name, referral.phone, referral.feedback) == ("", "", "")
    assert "Perrin" not in referral.first_name and "infarctus" not in referral.reason
