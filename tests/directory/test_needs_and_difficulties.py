"""The needs a search offers (health first), the words of a description found by the text search,
and the partnership file's orientation difficulties grouped by structure."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.directory import enums
from lien.directory.forms import SearchForm
from lien.directory.models import Service
from lien.directory.selectors import SearchCriteria, difficulties_by_structure, service_search
from lien.directory.services import difficulty_report
from lien.lib.text import search_key
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


# -- the needs list ---------------------------------------------------------------------------


def test_the_needs_list_puts_health_first_then_the_others_in_alphabetical_order():
    groups = [(str(label), items) for label, items in SearchForm().fields["thematic"].choices[1:]]
    assert groups[0][0] == "Santé"
    assert all(code.startswith("sante") for code, _label in groups[0][1])
    others = [label for label, _items in groups[1:]]
    assert others == sorted(others, key=search_key)
    assert "Équipement et alimentation" in others[: others.index("Famille")]
    for _label, items in groups:
        whole, *thematics = items
        assert "--" not in whole[0]  # a whole category first
        labels = [str(label) for _code, label in thematics]
        assert labels == sorted(labels, key=search_key)


def test_every_thematic_is_offered_once():
    offered = [code for _label, items in enums.thematic_choices_grouped() for code, _l in items]
    assert sorted(offered) == sorted(code for code, _label in enums.THEMATICS)


# -- the text search covers descriptions --------------------------------------------------------


@pytest.fixture
def dentist(world):
    return ServiceFactory(
        structure=StructureFactory(organisation=world.organisation, name="Centre de santé de Limoux"),
        name="Consultations",
        description="Soins dentaires sans avance de frais, prothèses.",
    )


@pytest.mark.parametrize("query", ["dentaire", "DENTAIRES", "soins dentaires", "protheses limoux"])
def test_the_text_search_finds_the_words_of_a_description(world, mediator, dentist, query):
    ServiceFactory(
        structure=StructureFactory(organisation=world.organisation), description="Écoute et orientation."
    )
    result = service_search(user=mediator, criteria=SearchCriteria(text=query))
    assert [hit.service for hit in result.hits] == [dentist]


def test_a_new_description_is_searched_at_once(world, mediator, dentist):
    from lien.directory.services import service_update

    service_update(acting_user=mediator, service=dentist, description="Orthodontie pour les enfants.")
    assert service_search(user=mediator, criteria=SearchCriteria(text="dentaire")).count == 0
    assert (
        service_search(user=mediator, criteria=SearchCriteria(text="orthodontie")).hits[0].service == dentist
    )


def test_the_text_search_stays_one_filter_on_the_search_column(world, mediator, dentist):
    service_search(user=mediator, criteria=SearchCriteria(text="x"))  # the user's roles, read once
    with CaptureQueriesContext(connection) as captured:
        found = service_search(user=mediator, criteria=SearchCriteria(text="dentaire"))
    assert found.count == 1
    filtering = [query["sql"] for query in captured if "search_text" in query["sql"]]
    assert len(filtering) == 2  # the count and the page
    assert not any('"description" LIKE' in sql for sql in filtering)


def test_the_search_text_of_a_service_ends_with_its_description(dentist):
    stored = Service.objects.get(pk=dentist.pk).search_text
    assert stored.endswith(search_key(dentist.description))


# -- the partnership file's difficulties, by structure ---------------------------------------------


def _report(mediator, organisation, structure, kind, day, **fields):
    return difficulty_report(
        acting_user=mediator,
        organisation=organisation,
        structure=structure,
        kind=kind,
        occurred_on=day,
        **fields,
    )


@pytest.fixture
def difficulties(world, mediator):
    org = world.organisation
    cmp_ = StructureFactory(organisation=org, name="CMP de Limoux")
    dentist = StructureFactory(organisation=org, name="Cabinet dentaire")
    _report(
        mediator, org, cmp_, "waiting_list", date(2026, 1, 5), orientation_ref="orientations.orientation:1"
    )
    _report(mediator, org, cmp_, "waiting_list", date(2026, 2, 5))
    _report(mediator, org, cmp_, "unreachable", date(2026, 3, 1))
    _report(mediator, org, dentist, "refused", date(2026, 2, 1), description="Refus C2S")
    return cmp_, dentist


def test_it_groups_the_difficulties_by_structure_the_most_first(world, mediator, difficulties):
    cmp_, dentist = difficulties
    rows = list(difficulties_by_structure(mediator))
    assert [(row["structure_id"], row["total"], row["last_on"]) for row in rows] == [
        (cmp_.pk, 3, date(2026, 3, 1)),
        (dentist.pk, 1, date(2026, 2, 1)),
    ]
    assert (
        rows[0]["waiting_list"],
        rows[0]["unreachable"],
        rows[0]["refused"],
        rows[0]["from_orientations"],
    ) == (
        2,
        1,
        0,
        1,
    )
    # The partnership file is the organisation's own: another organisation sees none of it.
    assert list(difficulties_by_structure(world.users["outsider"])) == []


def test_the_page_shows_each_structure_once_with_its_counts(world, mediator, difficulties, client_for):
    cmp_, dentist = difficulties
    client = client_for(mediator)
    response = client.get(reverse("directory:difficulty_list"))
    page = response.content.decode()
    assert [row["structure_name"] for row in response.context["rows"]] == [
        "CMP de Limoux",
        "Cabinet dentaire",
    ]
    assert response.context["rows"][0]["counts"] == [0, 2, 1, 0, 0]
    assert page.count(reverse("directory:structure_detail", args=[cmp_.pk])) == 1
    assert "Liste d&#x27;attente" in page
    assert reverse("directory:difficulty_list") in client.get(reverse("directory:search")).content.decode()


def test_the_page_reads_as_many_queries_for_many_structures(world, mediator, difficulties, client_for):
    client = client_for(mediator)
    url = reverse("directory:difficulty_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(12):
        structure = StructureFactory(organisation=world.organisation, name=f"Structure {index}")
        _report(mediator, world.organisation, structure, "other", date(2026, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 14
    assert len(many) == len(few)


def test_it_says_when_there_is_no_difficulty(mediator, client_for):
    page = client_for(mediator).get(reverse("directory:difficulty_list")).content.decode()
    assert "Aucune difficulté d'orientation notée." in page
