from datetime import timedelta

import pytest
from django.utils import timezone

from lien.directory.models import OrientationDifficulty
from lien.orientations.models import Orientation
from lien.orientations.services import orientation_create, orientation_record_went
from lien.orientations.workflow import ORIENTATIONS
from lien.workflow.models import ActionLog
from tests.community import followed_person
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_it_orients_to_a_directory_service_and_records_the_outcome(world, client_for):
    person = followed_person(world)
    service = ServiceFactory(structure=StructureFactory(organisation=world.organisation))
    client = client_for(world.users["community_mediator"])
    created = _post(
        client,
        "/api/v1/orientations",
        {
            "person_id": person.pk,
            "structure_kind": "pass",
            "structure_name": "PASS",
            "reason": "Soins",
            "directory_service_id": service.pk,
            "appointment_booked": True,
        },
    )
    assert created.status_code == 201
    orientation_id = created.json()["id"]
    missing = _post(client, f"/api/v1/orientations/{orientation_id}/actions/record_refused", {})
    assert missing.status_code == 422 and "difficulty" in missing.json()["detail"]
    refused = _post(
        client,
        f"/api/v1/orientations/{orientation_id}/actions/record_refused",
        {"difficulty": "no_appointment"},
    )
    assert refused.status_code == 200
    assert (refused.json()["outcome"], refused.json()["difficulty"]) == ("refused", "no_appointment")
    assert OrientationDifficulty.objects.get().kind == "waiting_list"
    (row,) = client.get("/api/v1/orientations/difficulties").json()
    assert row["difficulties"] == {"no_appointment": 1}
    assert client.get(f"/api/v1/orientations?person_id={person.pk}&outcome=refused").json()["count"] == 1


def test_an_unreadable_directory_service_is_404(world, client_for):
    person = followed_person(world)
    hidden = ServiceFactory(structure=StructureFactory(organisation=world.other_organisation))
    response = _post(
        client_for(world.users["community_mediator"]),
        "/api/v1/orientations",
        {
            "person_id": person.pk,
            "structure_kind": "pass",
            "structure_name": "X",
            "reason": "Y",
            "directory_service_id": hidden.pk,
        },
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["volunteer", "patient_partner", "outsider"])
def test_others_cannot_orient(world, client_for, who):
    person = followed_person(world)
    response = _post(
        client_for(world.users[who]),
        "/api/v1/orientations",
        {"person_id": person.pk, "structure_kind": "pass", "structure_name": "X", "reason": "Y"},
    )
    assert response.status_code == 404


# Named actions (workflow.ORIENTATIONS): one route each, nothing generic


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def orientation(world, mediator):
    return orientation_create(
        acting_user=mediator,
        person=followed_person(world),
        oriented_on=timezone.localdate() - timedelta(days=5),
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )


def _act(client, orientation, name, payload=None):
    return _post(client, f"/api/v1/orientations/{orientation.pk}/actions/{name}", payload or {})


def test_the_generic_outcome_endpoint_is_gone(mediator, orientation, client_for):
    response = _post(
        client_for(mediator), f"/api/v1/orientations/{orientation.pk}/outcome", {"outcome": "went"}
    )
    assert response.status_code in {404, 405}
    assert Orientation.objects.get().outcome == "pending"


def test_it_has_a_route_for_every_action_of_the_table():
    from lien.api.api import api

    schema = api.get_openapi_schema()
    for action in ORIENTATIONS.actions:
        if action.sources:  # "orient" is POST /orientations
            assert f"/api/v1/orientations/{{orientation_id}}/actions/{action.name}" in schema["paths"], (
                action.name
            )
    components = set(schema["components"]["schemas"])
    assert {"OrientationOutcome", "OrientationDifficulty", "OrientationRecordRefusedIn"} <= components
    assert not {"Outcome", "Difficulty", "OutcomeIn", "DifficultyOut", "StructureKind"} & components


def test_it_lists_the_actions_open_to_the_caller_now(world, mediator, orientation, client_for):
    url = f"/api/v1/orientations/{orientation.pk}/actions"
    actions = client_for(mediator).get(url).json()
    assert [a["name"] for a in actions] == [
        "record_went",
        "record_did_not_go",
        "record_refused",
        "record_waiting_list",
    ]
    assert actions[0]["label"] == "La personne y est allée"
    orientation_record_went(acting_user=mediator, orientation=orientation)
    assert [a["name"] for a in client_for(world.users["deputy"]).get(url).json()] == ["reset_outcome"]
    assert client_for(world.users["outsider"]).get(url).status_code == 404


def test_it_records_each_outcome_and_logs_it(mediator, orientation, client_for):
    client = client_for(mediator)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    did_not_go = _act(client, orientation, "record_did_not_go", {"difficulty": "distance", "on": yesterday})
    assert (did_not_go.status_code, did_not_go.json()["outcome"], did_not_go.json()["outcome_on"]) == (
        200,
        "did_not_go",
        yesterday,
    )
    went = _act(client, orientation, "record_went", {"detail": "Accompagnée"})
    assert (went.json()["outcome"], went.json()["difficulty"], went.json()["outcome_detail"]) == (
        "went",
        "",
        "Accompagnée",
    )
    reset = _act(client, orientation, "reset_outcome")
    assert (reset.json()["outcome"], reset.json()["outcome_on"]) == ("pending", None)
    logged = ActionLog.objects.of("orientation", orientation.pk).values_list("action", "actor")
    assert list(logged) == [
        ("orient", mediator.pk),
        ("record_did_not_go", mediator.pk),
        ("record_went", mediator.pk),
        ("reset_outcome", mediator.pk),
    ]


def test_it_refuses_an_outcome_the_current_one_does_not_open_with_a_409(mediator, orientation, client_for):
    client = client_for(mediator)
    assert _act(client, orientation, "reset_outcome").status_code == 409
    _act(client, orientation, "record_refused", {"difficulty": "care_refusal"})
    response = _act(client, orientation, "record_went")
    assert response.status_code == 409
    assert "n'est pas possible" in response.json()["detail"]
    assert Orientation.objects.get().outcome == "refused"


def test_it_refuses_an_outcome_before_the_orientation_or_without_a_known_difficulty(
    mediator, orientation, client_for
):
    client = client_for(mediator)
    before = (orientation.oriented_on - timedelta(days=1)).isoformat()
    assert _act(client, orientation, "record_went", {"on": before}).status_code == 422
    assert _act(client, orientation, "record_did_not_go", {"difficulty": "bored"}).status_code == 422
    assert Orientation.objects.get().outcome == "pending"


def test_it_refuses_an_outcome_for_an_anonymised_person_with_the_reason(mediator, orientation, client_for):
    type(orientation.person).objects.filter(pk=orientation.person_id).update(anonymised_at=timezone.now())
    response = _act(client_for(mediator), orientation, "record_went")
    assert response.status_code == 409 and "consentement" in response.json()["detail"]


@pytest.mark.parametrize("who", ["volunteer", "director", "patient_partner", "outsider", "nobody"])
def test_the_actions_answer_404_to_those_who_cannot_change_the_follow_up(world, orientation, client_for, who):
    client = client_for(world.users[who])
    for name in ["record_went", "record_did_not_go", "record_refused", "reset_outcome"]:
        assert _act(client, orientation, name, {"difficulty": "cost"}).status_code == 404, name
    assert Orientation.objects.get().outcome == "pending"
