from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lien.prevention.enums import LinkageStatus, LinkageStructure
from lien.prevention.models import Advice, CollectiveAction, RapidTest
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_orient,
    rapid_test_record,
    rapid_test_record_confirmed,
    rapid_test_record_lost,
    rapid_test_record_seen,
)
from tests.community import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(world):
    return world.users["volunteer"]


def _test(world, result="reactive", **fields):
    return rapid_test_record(
        acting_user=fields.pop("by", world.users["volunteer"]),
        kind="hiv",
        result=result,
        performed_on=timezone.localdate() - timedelta(days=10),
        organisation=fields.pop("organisation", world.organisation),
        **fields,
    )


def test_a_reactive_result_is_followed_to_its_confirmation(world, volunteer):
    test = _test(world)
    with pytest.raises(ValidationError):  # seen before being oriented
        rapid_test_record_seen(acting_user=volunteer, test=test, structure="cegidd")
    rapid_test_orient(acting_user=volunteer, test=test, structure=LinkageStructure.CEGIDD)
    rapid_test_record_seen(acting_user=volunteer, test=test)
    rapid_test_record_confirmed(acting_user=volunteer, test=test)
    assert (test.linkage_status, test.linkage_structure) == (LinkageStatus.CONFIRMED, LinkageStructure.CEGIDD)
    with pytest.raises(ValidationError):  # a confirmed diagnosis is not lost to follow-up
        rapid_test_record_lost(acting_user=volunteer, test=test)


def test_only_a_reactive_result_is_linked_to_care(world, volunteer):
    test = _test(world, result="non_reactive")
    with pytest.raises(ValidationError):
        rapid_test_orient(acting_user=volunteer, test=test, structure="pass")
    with pytest.raises(IntegrityError), transaction.atomic():
        RapidTest.objects.filter(pk=test.pk).update(linkage_status="oriented", linkage_structure="pass")


def test_a_volunteer_cannot_follow_the_test_of_another(world):
    test = _test(world, by=world.users["community_mediator"])
    with pytest.raises(PermissionDenied):
        rapid_test_orient(acting_user=world.users["volunteer"], test=test, structure="pass")


@pytest.mark.parametrize("role", ["patient_partner", "deputy", "director", "coordinator", "outsider"])
def test_roles_without_prevention_record_nothing(world, role):
    with pytest.raises(PermissionDenied):
        _test(world, by=world.users[role])


def test_advice_is_one_row_per_topic_anonymous_or_not(world, volunteer):
    person = followed_person(world)
    advice_record(
        acting_user=volunteer,
        person=person,
        topics=["sexual_health", "psychoactive", "sexual_health"],
        given_on=timezone.localdate(),
    )
    advice_record(
        acting_user=volunteer,
        organisation=world.organisation,
        topics=["vaccination"],
        given_on=timezone.localdate(),
    )
    assert sorted(Advice.objects.values_list("topic", flat=True)) == [
        "psychoactive",
        "sexual_health",
        "vaccination",
    ]
    with pytest.raises(ValidationError):
        advice_record(
            acting_user=volunteer,
            person=person,
            organisation=world.other_organisation,
            topics=["other"],
            given_on=timezone.localdate(),
        )


def test_a_volunteer_records_an_anonymous_test_in_two_taps(world, volunteer, client_for):
    client = client_for(volunteer)
    assert "Personne anonyme" in client.get(reverse("prevention:test_create")).content.decode()
    response = client.post(
        reverse("prevention:test_create") + "?anonyme=1",
        {
            "organisation": world.organisation.pk,
            "kind": "hcv",
            "result": "non_reactive",
            "performed_on": timezone.localdate().isoformat(),
        },
    )
    test = RapidTest.objects.get()
    assert response.url == reverse("prevention:test_detail", args=[test.pk])
    assert (test.person, test.performed_by) == (None, volunteer)


def test_a_volunteer_finds_a_person_to_record_a_test(world, volunteer, client_for):
    person = followed_person(world)
    page = client_for(volunteer).get(reverse("prevention:test_create"), {"q": "maury"}).content.decode()
    assert f"?personne={person.pk}" in page
    outsider = client_for(world.users["outsider"]).get(
        reverse("prevention:test_create") + f"?personne={person.pk}"
    )
    assert outsider.status_code == 404


def test_collective_actions_are_recorded_with_their_attendance(world, volunteer, client_for):
    collective_action_record(
        acting_user=volunteer,
        organisation=world.organisation,
        held_on=timezone.localdate(),
        theme="oral_health",
        title="Atelier brossage",
        attendance=12,
        partners="UFSBD",
    )
    assert CollectiveAction.objects.get().attendance == 12
    page = (
        client_for(world.users["community_mediator"])
        .get(reverse("prevention:collective_actions"))
        .content.decode()
    )
    assert "Atelier brossage" in page
    assert (
        client_for(world.users["outsider"])
        .get(reverse("prevention:collective_actions"))
        .content.decode()
        .count("Atelier brossage")
        == 0
    )
