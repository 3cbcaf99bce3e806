"""Test results are medical information: one helper decides, for every page, the API and the
report — tested here for every role."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.prevention.access import can_see_test_result, rapid_tests_visible_to
from lien.prevention.services import rapid_test_record
from tests.community import followed_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Who sees the result of a test performed by the volunteer of the association.
SEES_RESULT = {
    "community_mediator": True,  # medical information, in their organisation
    "volunteer": True,  # performed it
    "institutional_mediator": False,
    "assistant": False,
    "deputy": False,
    "director": False,
    "coordinator": False,
    "patient_partner": False,  # never
    "admin": False,
    "regional_coordinator": False,
    "outsider": False,  # a mediator of another organisation
    "nobody": False,
}


@pytest.fixture
def rapid_test(world):
    return rapid_test_record(
        acting_user=world.users["volunteer"],
        person=followed_person(world),
        kind="hcv",
        result="reactive",
        performed_on=timezone.localdate(),
    )


@pytest.mark.parametrize("who", sorted(SEES_RESULT))
def test_it_shows_a_result_only_to_those_entitled(who, world, rapid_test, client_for):
    user = world.users[who]
    assert can_see_test_result(user, rapid_test) is SEES_RESULT[who]
    assert rapid_tests_visible_to(user).filter(pk=rapid_test.pk).exists() is SEES_RESULT[who]
    client = client_for(user)
    assert client.get(reverse("prevention:test_detail", args=[rapid_test.pk])).status_code == (
        200 if SEES_RESULT[who] else 404
    )
    api = client.get(f"/api/v1/prevention/tests/{rapid_test.pk}")
    assert api.status_code == (200 if SEES_RESULT[who] else 404)
    listed = {item["id"] for item in client.get("/api/v1/prevention/tests").json().get("items", [])}
    assert (rapid_test.pk in listed) is SEES_RESULT[who]


def test_another_volunteer_of_the_same_team_does_not_see_it(world, rapid_test, client_for):
    other = UserFactory(email="other-volunteer@lien.example")
    membership_add(user=other, organisation=world.organisation, role=Role.VOLUNTEER)
    assert can_see_test_result(other, rapid_test) is False
    assert client_for(other).get(reverse("prevention:test_detail", args=[rapid_test.pk])).status_code == 404


def test_a_volunteer_who_left_the_team_no_longer_sees_it(world, rapid_test):
    volunteer = world.users["volunteer"]
    volunteer.memberships.all().delete()
    volunteer.__dict__.pop("_lien_perm_cache", None)
    assert can_see_test_result(volunteer, rapid_test) is False


def test_the_follow_up_page_shows_tests_only_to_those_entitled(world, rapid_test, client_for):
    url = reverse("followup:person", args=[rapid_test.person_id])
    assert "TROD VHC" in client_for(world.users["community_mediator"]).get(url).content.decode()
    deputy_page = client_for(world.users["deputy"]).get(url).content.decode()
    assert "TROD VHC" not in deputy_page and "Réactif" not in deputy_page


def test_the_prevention_home_lists_reactive_results_to_follow_only_to_those_entitled(
    world, rapid_test, client_for
):
    assert (
        "TROD VHC"
        in client_for(world.users["community_mediator"]).get(reverse("prevention:home")).content.decode()
    )
    assert (
        "TROD VHC" not in client_for(world.users["deputy"]).get(reverse("prevention:home")).content.decode()
    )
