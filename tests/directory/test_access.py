"""Every role × every directory page: allowed, or answered 404 (never a leak). Written out by
hand: the specification of who reads and who keeps the directory."""

import pytest
from django.urls import reverse

from lien.journal.models import Action, JournalEntry
from tests.directory.factories import ContactFactory, ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "search",
    "structure_list",
    "structure_create",
    "structure_detail",
    "structure_edit",
    "service_edit",
    "contact_create",
    "partnership_edit",
    "meeting_list",
    "meeting_create",
    "exchange",
    "sheet",
]
KEEPS = [200] * 12
READS = [200, 200, 404, 200, 404, 404, 404, 404, 200, 404, 404, 200]
NOTHING = [404] * 12
# Keeps the directory of another organisation: reads and writes its own, never this private entry.
ELSEWHERE = [200, 200, 200, 404, 404, 404, 404, 404, 200, 200, 200, 200]

EXPECTED = {
    "community_mediator": KEEPS,
    "institutional_mediator": KEEPS,
    "assistant": KEEPS,
    "deputy": KEEPS,
    "director": READS,
    "coordinator": KEEPS,
    "patient_partner": NOTHING,
    "volunteer": READS,
    "admin": NOTHING,
    "regional_coordinator": ELSEWHERE,
    "outsider": ELSEWHERE,
    "nobody": NOTHING,
}


@pytest.fixture
def entry(world):
    structure = StructureFactory(organisation=world.organisation, name="PASS privée")
    service = ServiceFactory(structure=structure)
    ContactFactory(structure=structure)
    return structure, service


def _url(name, structure, service) -> str:
    if name in {"structure_detail", "structure_edit", "contact_create", "partnership_edit"}:
        return reverse(f"directory:{name}", args=[structure.pk])
    if name == "service_edit":
        return reverse("directory:service_edit", args=[service.pk])
    if name == "sheet":
        return reverse("directory:sheet") + f"?s={structure.pk}"
    return reverse(f"directory:{name}")


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_answers_each_page_as_the_role_allows(who, world, entry, client_for):
    client = client_for(world.users[who])
    statuses = [client.get(_url(name, *entry)).status_code for name in PAGES]
    assert dict(zip(PAGES, statuses, strict=True)) == dict(zip(PAGES, EXPECTED[who], strict=True))
    api = client.get(f"/api/v1/directory/structures/{entry[0].pk}").status_code
    assert api == (200 if EXPECTED[who][3] == 200 else 404)


def test_it_shows_the_menu_entry_to_readers_only(world, client_for):
    assert "Annuaire" in client_for(world.users["volunteer"]).get(reverse("home")).content.decode()
    assert "Annuaire" not in client_for(world.users["patient_partner"]).get(reverse("home")).content.decode()


def test_it_journals_every_reading_of_a_named_contact(world, entry, client_for):
    structure, _service = entry
    director = world.users["director"]
    response = client_for(director).get(reverse("directory:structure_detail", args=[structure.pk]))
    assert "Sophie Castel" in response.content.decode()
    read = JournalEntry.objects.get(action=Action.VIEW, object_type="directory.contact")
    assert (read.user, read.organisation, read.object_repr) == (director, world.organisation, "Sophie Castel")


def test_it_redirects_anonymous_visitors_to_the_login_page(db, entry):
    from django.test import Client

    response = Client().get(reverse("directory:search"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Client().get("/api/v1/directory/structures").status_code == 401
