"""The action ``record_waiting_list`` through the API (``POST /api/v1/orientations/{id}/actions/
record_waiting_list``), like the other actions of workflow.ORIENTATIONS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.directory.models import OrientationDifficulty
from lien.orientations.models import Orientation
from lien.orientations.services import orientation_create
from lien.workflow.models import ActionLog
from tests.community import followed_person
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def orientation(world, mediator):
    service = ServiceFactory(structure=StructureFactory(organisation=world.organisation, name="CMP"))
    return orientation_create(
        acting_user=mediator,
        person=followed_person(world),
        oriented_on=timezone.localdate() - timedelta(days=5),
        structure_kind="mental_health",
        structure_name="CMP",
        reason="Moral bas",
        directory_service=service,
    )


def _act(client, orientation, name, data=None):
    return client.post(
        f"/api/v1/orientations/{orientation.pk}/actions/{name}", data or {}, content_type="application/json"
    )


def test_it_records_a_waiting_list_then_the_person_goes(mediator, orientation, client_for):
    client = client_for(mediator)
    listed = _act(client, orientation, "record_waiting_list", {"detail": "Six semaines"})
    assert listed.status_code == 200
    assert (listed.json()["outcome"], listed.json()["outcome_detail"]) == ("waiting_list", "Six semaines")
    actions = client.get(f"/api/v1/orientations/{orientation.pk}/actions").json()
    assert [a["name"] for a in actions] == [
        "record_went",
        "record_did_not_go",
        "record_refused",
        "reset_outcome",
    ]
    assert OrientationDifficulty.objects.get().kind == "waiting_list"
    assert _act(client, orientation, "record_waiting_list").status_code == 409
    assert _act(client, orientation, "record_went").json()["outcome"] == "went"
    assert list(ActionLog.objects.of("orientation", orientation.pk).values_list("action", flat=True)) == [
        "orient",
        "record_waiting_list",
        "record_went",
    ]
    assert client.get("/api/v1/orientations?outcome=waiting_list").json()["count"] == 0


def test_it_refuses_a_date_before_the_orientation_and_who_cannot_change_the_follow_up(
    world, mediator, orientation, client_for
):
    early = (orientation.oriented_on - timedelta(days=1)).isoformat()
    response = _act(client_for(mediator), orientation, "record_waiting_list", {"on": early})
    assert response.status_code == 422
    for who in ["volunteer", "outsider"]:
        assert _act(client_for(world.users[who]), orientation, "record_waiting_list").status_code == 404
    assert Orientation.objects.get().outcome == "pending"
