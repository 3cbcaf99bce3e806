"""HSDS ``service_areas`` written as free text, as the standard allows (Open Referral's own
``service_full.json`` does): kept as text, mapped to data·inclusion zone codes when they name a
commune, département or région Lien knows, and given back on export."""

import copy
import json
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lien.directory.exchange import dumps
from lien.directory.exchange.hsds import CODE_AREA, export_hsds, import_hsds
from lien.directory.models import Service
from lien.directory.selectors import SearchCriteria, service_search
from lien.directory.zones import Places, name_keys
from tests.directory.exchange_data import SHARED, hsds_validator
from tests.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# The schemas and Open Referral's example are read from shared/standards, next to the project.
needs_standards = pytest.mark.skipif(
    not SHARED.exists(), reason="shared/standards is not next to the project"
)

EXAMPLE = Path(__file__).parent / "data" / "hsds_free_text_areas.json"
SENTENCE = (
    "Le service accueille toute personne qui vit dans la Haute Vallée de l'Aude, au cabinet ou en "
    "visioconférence."
)


@pytest.fixture
def places(db):
    """Quillan and Carcassonne (Aude), Montpellier (Hérault), both in Occitanie; two communes
    named Saint-Martin."""
    CommuneFactory()
    CommuneFactory(insee_code="11069", name="Carcassonne", postal_codes="11000")
    CommuneFactory(
        insee_code="34172",
        name="Montpellier",
        postal_codes="34000",
        departement="34",
        departement_name="Hérault",
    )
    CommuneFactory(insee_code="11901", name="Saint-Martin")
    CommuneFactory(insee_code="34901", name="Saint-Martin", departement="34", departement_name="Hérault")


def _example() -> list[dict]:
    return json.loads(EXAMPLE.read_text())


def _import(organisation, document) -> Service:
    result = import_hsds(organisation=organisation, data=json.dumps(document).encode())
    assert result.ok, result.errors
    return Service.objects.get(organisation=organisation)


@needs_standards
def test_the_example_is_valid_hsds():
    validator = hsds_validator()
    for service in _example():
        assert not list(validator.iter_errors(service))


def test_it_keeps_free_text_areas_and_maps_the_places_it_knows(world, places):
    service = _import(world.organisation, _example())
    # The code as such, then the Aude, Quillan and the rest of Occitanie; Saint-Martin is ambiguous.
    assert service.coverage == ["11069", "11", "11304", "34"]
    assert service.coverage_areas == [
        {
            "name": SENTENCE,
            "description": "Les 86 communes de la Haute Vallée de l'Aude, de Quillan à Limoux.",
        },
        {"name": "Département de l'Aude", "description": ""},
        {"name": "QUILLAN", "description": ""},
        {"name": "Région Occitanie", "description": "Toute la région."},
        {"name": "Saint-Martin", "description": ""},
    ]


def test_the_free_text_comes_back_on_export(world, places):
    _import(world.organisation, _example())
    (exported,) = export_hsds(organisation=world.organisation)
    areas = exported["service_areas"]
    assert [area["name"] for area in areas] == [
        "11069",
        "11",
        "11304",
        "34",
        SENTENCE,
        "Département de l'Aude",
        "QUILLAN",
        "Région Occitanie",
        "Saint-Martin",
    ]
    assert {area["description"] for area in areas[:4]} == {CODE_AREA}
    assert areas[4]["description"].startswith("Les 86 communes") and "description" not in areas[5]
    assert len({area["id"] for area in areas}) == len(areas)


def test_it_imports_its_own_export_again_unchanged(world, places):
    _import(world.organisation, _example())
    first = dumps(export_hsds(organisation=world.organisation))
    again = import_hsds(organisation=world.organisation, data=first.encode())
    assert again.ok, again.errors
    assert (again.services.created, again.services.updated, again.services.unchanged) == (0, 0, 1)
    assert dumps(export_hsds(organisation=world.organisation)) == first


def test_a_mapped_place_is_found_by_a_search_around_a_commune_it_covers(world, mediator, places):
    service = _import(world.organisation, _example())
    found = service_search(user=mediator, criteria=SearchCriteria(commune="34172"))
    assert [hit.service for hit in found.hits] == [service]


def test_it_maps_only_whole_names_of_places_it_knows(places):
    zones = Places.named_in(
        ["Aude", "département du Hérault", "Ville de Carcassonne", "Saint-Martin", "Haute Vallée de l'Aude"]
    )
    assert zones.codes("aude") == ["11"]
    assert zones.codes("Département du Hérault") == ["34"]
    assert zones.codes("Ville de Carcassonne") == ["11069"]
    assert zones.codes("OCCITANIE") == ["11", "34"]
    assert zones.codes("Saint-Martin") == []  # two communes of that name
    assert zones.codes("Haute Vallée de l'Aude") == []
    assert zones.codes("") == []
    assert name_keys("Département de l'Aude") == ["departement de l aude", "aude"]


@needs_standards
def test_it_reads_the_upstream_example_without_refusing_its_free_text_area(world):
    example = json.loads((SHARED / "hsds-3.1" / "examples" / "service_full.json").read_text())
    result = import_hsds(organisation=world.organisation, data=json.dumps([example]).encode())
    assert not any("Code inconnu" in error for error in result.errors), result.errors
    # What still does not fit France is the British place: without it, the example comes in.
    locations = [sal["location"] for sal in example["service_at_locations"]]
    for location in locations + example["organization"].get("locations", []):
        for name in ("latitude", "longitude"):
            location.pop(name, None)
        for address in location.get("addresses") or []:
            address["postal_code"] = ""
    service = _import(world.organisation, [example])
    (upstream_area,) = example["service_areas"]
    assert service.coverage == []
    assert service.coverage_areas == [
        {"name": upstream_area["name"], "description": upstream_area["description"]}
    ]
    (exported,) = export_hsds(organisation=world.organisation)
    assert [(a["name"], a["description"]) for a in exported["service_areas"]] == [
        (upstream_area["name"], upstream_area["description"])
    ]


_counter = count()
_text = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=60)
_known = st.sampled_from(
    [
        "Aude",
        "département de l'Aude",
        " QUILLAN ",
        "Occitanie",
        "Saint-Martin",
        "Hérault",
        "11",
        "11304",
        "france",
    ]
)
_areas = st.lists(
    st.fixed_dictionaries(
        {"id": st.uuids().map(str), "name": st.one_of(_known, _text)},
        optional={"description": _text},
    ),
    max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(areas=_areas)
def test_import_export_import_is_stable(places, areas):
    """Any areas, free text or codes: what Lien exports after an import imports as the same."""
    document = copy.deepcopy(_example())
    document[0]["service_areas"] = areas
    source = OrganisationFactory(slug=f"zones-{next(_counter)}")
    first = _import(source, document)
    exported = export_hsds(organisation=source)
    target = OrganisationFactory(slug=f"zones-{next(_counter)}")
    second = _import(target, json.loads(dumps(exported)))
    assert (second.coverage, second.coverage_areas) == (first.coverage, first.coverage_areas)
    assert dumps(export_hsds(organisation=target)) == dumps(exported)
    assert import_hsds(organisation=target, data=dumps(exported).encode()).services.unchanged == 1
