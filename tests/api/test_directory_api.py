"""/api/v1/directory: the entries of the user's organisations and those published to them."""

import pytest

from lien.directory.exchange.hsds import validation_errors
from tests.directory.factories import ContactFactory, ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world):
    own = StructureFactory(organisation=world.organisation, name="PASS de Carcassonne", located=True)
    service = ServiceFactory(
        structure=own, name="Consultation", thematics=["sante--acces-aux-soins"], free=True
    )
    ContactFactory(structure=own, name="Sophie Castel")
    published = StructureFactory(
        organisation=world.other_organisation, name="Publiée ailleurs", published=True
    )
    ServiceFactory(structure=published, name="Service d'ailleurs", thematics=["sante--acces-aux-soins"])
    return own, service


def test_it_searches_services_with_distances(entries, world, client_for):
    client = client_for(world.users["community_mediator"])
    body = client.get(
        "/api/v1/directory/services", {"thematic": "sante", "commune": "11304", "radius_km": 10}
    ).json()
    assert body["count"] == 1
    assert body["origin"] == {"latitude": 42.8756, "longitude": 2.1819, "label": "11304"}
    hit = body["items"][0]
    assert (hit["distance_km"], hit["service"]["name"], hit["service"]["thematics"]) == (
        0.0,
        "Consultation",
        ["sante--acces-aux-soins"],
    )


def test_it_answers_a_structure_and_its_services_without_its_contacts(entries, world, client_for):
    structure, service = entries
    client = client_for(world.users["volunteer"])
    detail = client.get(f"/api/v1/directory/structures/{structure.pk}").json()
    assert (detail["name"], detail["organisation"], detail["published"]) == (
        "PASS de Carcassonne",
        "asso",
        False,
    )
    assert "Sophie Castel" not in str(detail)
    services = client.get(f"/api/v1/directory/structures/{structure.pk}/services").json()
    assert [s["id"] for s in services] == [service.pk]
    hsds = client.get(f"/api/v1/directory/services/{service.pk}/hsds").json()
    assert hsds["id"] == str(service.uuid) and not validation_errors(hsds)
    assert hsds["organization"]["contacts"] == []


def test_it_answers_404_for_what_the_user_may_not_read(entries, world, client_for):
    structure, service = entries
    for who in ("outsider", "patient_partner", "nobody"):
        client = client_for(world.users[who])
        assert client.get(f"/api/v1/directory/structures/{structure.pk}").status_code == 404
        assert client.get(f"/api/v1/directory/services/{service.pk}").json() == {"detail": "Introuvable."}
    listed = client_for(world.users["outsider"]).get("/api/v1/directory/structures").json()
    assert [item["name"] for item in listed["items"]] == ["Publiée ailleurs"]


@pytest.mark.parametrize(
    "query",
    [
        {"radius_km": 0},
        {"radius_km": 1000},
        {"open_on": 8},
        {"page_size": 500},
        {"commune": "123456"},
        {"q": "x" * 101},
    ],
)
def test_it_refuses_out_of_range_parameters_in_json(query, world, client_for):
    response = client_for(world.users["community_mediator"]).get("/api/v1/directory/services", query)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Données invalides")
