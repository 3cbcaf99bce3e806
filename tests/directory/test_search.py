"""Search by need, place and what the person can use (lien/directory/selectors.py)."""

import pytest

from lien.directory.geo import haversine_km
from lien.directory.selectors import SearchCriteria, service_search
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db

ACCESS = "sante--acces-aux-soins"
MENTAL = "sante--sante-mentale"
MOBILITY = "mobilite--etre-accompagne-dans-son-parcours-mobilite"


@pytest.fixture
def directory(world, sibling):
    org = world.organisation
    pass_ = StructureFactory(
        organisation=org,
        name="PASS de Carcassonne",
        commune_name="Carcassonne",
        code_insee="11069",
        latitude=43.2130,
        longitude=2.3491,
        languages=["fr", "ar"],
        opening_hours="Mo-Fr 09:00-12:00",
    )
    msp = StructureFactory(
        organisation=org,
        name="Maison de santé de Quillan",
        latitude=42.8756,
        longitude=2.1819,
        opening_hours="Sa 09:00-12:00",
    )
    cmp_ = StructureFactory(
        organisation=org,
        name="CMP de Limoux",
        commune_name="Limoux",
        code_insee="11206",
        latitude=43.0547,
        longitude=2.2186,
        opening_hours="sur rendez-vous",
    )
    transport = StructureFactory(
        organisation=org, name="Transport solidaire", commune_name="Axat", code_insee="11021"
    )
    services = {
        "pass": ServiceFactory(
            structure=pass_,
            name="Consultation médicale",
            thematics=[ACCESS],
            free=True,
            accepts_ame=True,
            accepts_c2s=True,
        ),
        "msp": ServiceFactory(
            structure=msp, name="Médecin traitant", thematics=[ACCESS], fees="payant", accepts_c2s=True
        ),
        "cmp": ServiceFactory(structure=cmp_, name="Consultations adultes", thematics=[MENTAL], free=True),
        "transport": ServiceFactory(
            structure=transport, name="Transport vers les soins", thematics=[MOBILITY], coverage=["11"]
        ),
    }
    sibling_org, _sibling_mediator = sibling
    narbonne = {"commune_name": "Narbonne", "code_insee": "11262", "latitude": 43.1840, "longitude": 3.0040}
    published = StructureFactory(organisation=sibling_org, name="Centre publié", published=True, **narbonne)
    services["published"] = ServiceFactory(structure=published, name="Service publié", thematics=[ACCESS])
    private = StructureFactory(organisation=sibling_org, name="Centre privé voisin", **narbonne)
    ServiceFactory(structure=private, name="Service privé voisin", thematics=[ACCESS])
    # Another network, at Quillan but with coordinates far away: must change nothing.
    outsider = StructureFactory(
        organisation=world.other_organisation, name="Ailleurs", published=True, latitude=48.85, longitude=2.35
    )
    ServiceFactory(structure=outsider, name="Service d'ailleurs", thematics=[ACCESS])
    return services


def _names(result) -> list[str]:
    return [hit.service.name for hit in result.hits]


def _search(user, **criteria):
    return service_search(user=user, criteria=SearchCriteria(**criteria), limit=100)


def test_it_finds_by_thematic_or_whole_category(directory, mediator):
    assert sorted(_names(_search(mediator, thematic=ACCESS))) == [
        "Consultation médicale",
        "Médecin traitant",
        "Service publié",
    ]
    assert len(_search(mediator, thematic="sante").hits) == 4
    assert _names(_search(mediator, thematic="mobilite")) == ["Transport vers les soins"]


def test_it_finds_what_the_person_can_use(directory, mediator):
    assert sorted(_names(_search(mediator, free=True))) == ["Consultation médicale", "Consultations adultes"]
    assert _names(_search(mediator, ame=True)) == ["Consultation médicale"]
    assert sorted(_names(_search(mediator, c2s=True))) == ["Consultation médicale", "Médecin traitant"]
    assert _names(_search(mediator, language="ar")) == ["Consultation médicale"]


def test_it_keeps_and_flags_services_whose_hours_are_unknown_when_searching_a_day(directory, mediator):
    tuesday = _search(mediator, open_on=2)
    flags = {hit.service.name: hit.hours_unknown for hit in tuesday.hits}
    assert "Médecin traitant" not in flags  # Saturdays only
    assert flags["Consultation médicale"] is False
    assert flags["Consultations adultes"] is True  # "sur rendez-vous": not readable
    assert flags["Transport vers les soins"] is True  # no hours at all
    assert "Médecin traitant" in _names(_search(mediator, open_on=6))


@pytest.mark.parametrize("query", ["MEDICALE", "médicale", "consultation medic", "carcassonne pass"])
def test_it_searches_text_without_accents_or_case(directory, mediator, query):
    assert _names(_search(mediator, text=query)) == ["Consultation médicale"]


def test_it_lists_a_commune_and_what_covers_it_nearest_first(directory, mediator):
    result = _search(mediator, commune="11304")
    assert _names(result) == ["Médecin traitant", "Transport vers les soins"]
    assert [hit.distance_km for hit in result.hits] == [0.0, None]
    # The point is the Quillan structure the mediator reads, not the far-away outsider's.
    assert (result.origin.latitude, result.origin.longitude) == (42.8756, 2.1819)


def test_it_searches_around_a_commune_within_a_radius_ranked_by_distance(directory, mediator):
    near = _search(mediator, commune="11304", radius_km=30)
    assert _names(near) == ["Médecin traitant", "Consultations adultes"]
    wide = _search(mediator, commune="11304", radius_km=50)
    assert _names(wide) == ["Médecin traitant", "Consultations adultes", "Consultation médicale"]
    distances = [hit.distance_km for hit in wide.hits]
    assert distances == sorted(distances)
    assert distances[2] == pytest.approx(haversine_km(42.8756, 2.1819, 43.2130, 2.3491))


def test_it_says_when_a_distance_cannot_be_computed(directory, mediator):
    result = _search(mediator, commune="11021", radius_km=20)
    assert result.origin is None
    assert "Aucune structure géolocalisée" in result.notes[0]
    assert _names(result) == ["Transport vers les soins"]


def test_it_searches_around_a_chosen_structure(directory, mediator):
    pass_structure = directory["pass"].structure
    result = _search(mediator, around=pass_structure.pk, radius_km=25)
    assert _names(result) == ["Consultation médicale", "Consultations adultes"]
    assert result.hits[0].distance_km == 0


def test_it_shows_published_entries_of_the_network_only(directory, mediator, world, client_for):
    names = _names(_search(mediator, thematic=ACCESS))
    assert "Service publié" in names
    assert "Service privé voisin" not in names
    assert "Service d'ailleurs" not in names
    assert _names(_search(world.users["outsider"], thematic=ACCESS)) == ["Service d'ailleurs"]
    assert _names(_search(world.users["patient_partner"], thematic=ACCESS)) == []


def test_it_pages_a_ranked_search(directory, mediator):
    first = service_search(user=mediator, criteria=SearchCriteria(commune="11304", radius_km=50), limit=2)
    second = service_search(
        user=mediator, criteria=SearchCriteria(commune="11304", radius_km=50), offset=2, limit=2
    )
    assert (first.count, second.count) == (3, 3)
    assert _names(first) + _names(second) == [
        "Médecin traitant",
        "Consultations adultes",
        "Consultation médicale",
    ]
