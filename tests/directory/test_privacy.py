"""A private note never leaves its organisation: not in the pages of another one, not in the API,
not in any export (not even the owner's). Named contacts stay with their organisation."""

import pytest
from django.urls import reverse

from lien.directory.exchange import dumps
from lien.directory.exchange.datainclusion import export_datainclusion
from lien.directory.exchange.hsds import export_hsds
from lien.directory.models import Service, Structure
from lien.directory.services import partnership_note_save
from tests.directory.exchange_data import SECRET, rich_directory

pytestmark = pytest.mark.django_db

SIBLING_SECRET = "NOTE-VOISINE-91c2"


@pytest.fixture
def shared(world, mediator, sibling):
    pass_ = rich_directory(organisation=world.organisation, user=mediator)
    sibling_org, sibling_user = sibling
    partnership_note_save(
        acting_user=sibling_user, organisation=sibling_org, structure=pass_, notes=SIBLING_SECRET
    )
    return pass_


def _pages(structure) -> list[str]:
    service = Service.objects.filter(structure=structure).first()
    return [
        reverse("directory:search") + "?thematic=sante",
        reverse("directory:search") + f"?around={structure.pk}",
        reverse("directory:structure_list"),
        reverse("directory:structure_detail", args=[structure.pk]),
        reverse("directory:meeting_list"),
        reverse("directory:sheet") + f"?s={structure.pk}&v={service.pk}",
    ]


def _api(structure) -> list[str]:
    service = Service.objects.filter(structure=structure).first()
    return [
        "/api/v1/directory/services?thematic=sante",
        f"/api/v1/directory/services/{service.pk}",
        f"/api/v1/directory/services/{service.pk}/hsds",
        "/api/v1/directory/structures",
        f"/api/v1/directory/structures/{structure.pk}",
        f"/api/v1/directory/structures/{structure.pk}/services",
    ]


def test_it_shows_the_notes_to_their_organisation_only(shared, mediator, sibling, client_for):
    owner_page = client_for(mediator).get(reverse("directory:structure_detail", args=[shared.pk]))
    assert SECRET in owner_page.content.decode()
    assert SIBLING_SECRET not in owner_page.content.decode()
    sibling_page = client_for(sibling[1]).get(reverse("directory:structure_detail", args=[shared.pk]))
    assert sibling_page.status_code == 200
    assert SIBLING_SECRET in sibling_page.content.decode()
    assert SECRET not in sibling_page.content.decode()


def test_no_page_of_another_organisation_shows_a_note_or_a_contact(shared, sibling, client_for):
    client = client_for(sibling[1])
    for url in _pages(shared):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, url
        assert "Sophie Castel" not in body and "Hélène Marty" not in body, url


def test_no_api_answer_carries_a_note_or_a_contact(shared, mediator, sibling, client_for):
    for user in (mediator, sibling[1]):
        client = client_for(user)
        for url in _api(shared):
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert SECRET not in body and SIBLING_SECRET not in body, url
            assert "Sophie Castel" not in body and "Hélène Marty" not in body, url


def test_no_export_carries_a_note_even_with_the_contacts(shared, world, sibling):
    for organisation in (world.organisation, sibling[0]):
        for export in (export_datainclusion, export_hsds):
            text = dumps(export(organisation=organisation, include_contacts=True))
            assert SECRET not in text and SIBLING_SECRET not in text


def test_no_export_through_the_pages_carries_a_note(shared, mediator, client_for):
    client = client_for(mediator)
    for fmt in ("datainclusion", "hsds"):
        response = client.post(
            reverse("directory:exchange"),
            {
                "action": "export",
                "export-format": fmt,
                "export-include_contacts": "on",
                "export-organisation": shared.organisation_id,
            },
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        body = response.content.decode()
        assert "Hélène Marty" in body  # asked for
        assert SECRET not in body and SIBLING_SECRET not in body


def test_an_unpublished_entry_stays_with_its_organisation(shared, sibling, client_for):
    Structure.objects.filter(pk=shared.pk).update(visibility="private")
    client = client_for(sibling[1])
    assert client.get(reverse("directory:structure_detail", args=[shared.pk])).status_code == 404
    assert client.get(f"/api/v1/directory/structures/{shared.pk}").status_code == 404
