import pytest

from lien.directory.models import OrientationDifficulty
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
    missing = _post(client, f"/api/v1/orientations/{orientation_id}/outcome", {"outcome": "refused"})
    assert missing.status_code == 422
    refused = _post(
        client,
        f"/api/v1/orientations/{orientation_id}/outcome",
        {"outcome": "refused", "difficulty": "no_appointment"},
    )
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
