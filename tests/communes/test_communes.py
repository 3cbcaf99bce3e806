"""The communes referential, loaded once for the module from the file shipped with Lien."""

import pytest
from django import forms
from django.urls import reverse

from lien.communes.forms import CommuneField
from lien.communes.models import Commune
from lien.communes.services import communes_load
from lien.lib.polyline import decode

pytestmark = pytest.mark.django_db

COMMUNES_IN_FILE = 34969
COMMUNES_WITH_GEOMETRY = 34871  # communes-geo.csv.gz (lien/communes/data/build_geometry.py)


@pytest.fixture(scope="module", autouse=True)
def communes(django_db_setup, django_db_blocker):
    """Every commune of France, loaded once (a few seconds) and removed after the module."""
    with django_db_blocker.unblock():
        loaded = communes_load()
    yield loaded
    with django_db_blocker.unblock():
        Commune.objects.all().delete()


def _names(communes) -> list[str]:
    return [commune.name for commune in communes]


def test_it_loads_every_commune_of_the_shipped_file(communes):
    assert communes == COMMUNES_IN_FILE
    assert Commune.objects.count() == COMMUNES_IN_FILE
    expected = {
        "2A004": ("Ajaccio", "20000 20090 20167", "2A", "Corse-du-Sud"),
        "59606": ("Valenciennes", "59300", "59", "Nord"),
        "11304": ("Quillan", "11500", "11", "Aude"),
    }
    found = {
        code: (c.name, c.postal_codes, c.departement, c.departement_name)
        for code, c in Commune.objects.in_bulk(list(expected)).items()
    }
    assert found == expected


def test_it_loads_the_centroid_and_outline_of_each_commune_the_geometry_file_knows():
    quillan = Commune.objects.get(insee_code="11304")
    assert quillan.latitude == pytest.approx(42.875, abs=0.03)
    assert quillan.longitude == pytest.approx(2.18, abs=0.03)
    points = [point for part in quillan.outline.split() for point in decode(part, 4)]
    assert len(points) > 10
    assert all(42.7 < lat < 43.0 and 2.0 < lon < 2.35 for lat, lon in points)
    assert Commune.objects.filter(latitude__isnull=False).count() == COMMUNES_WITH_GEOMETRY
    # Overseas collectivities are not in IGN's ADMIN EXPRESS: no coordinates.
    assert Commune.objects.get(insee_code="98711").latitude is None


def test_it_loads_again_without_duplicates_and_restores_changed_rows():
    Commune.objects.filter(insee_code="11304").update(name="Quillan-modifiée", population=1)
    assert communes_load() == COMMUNES_IN_FILE
    assert Commune.objects.count() == COMMUNES_IN_FILE
    quillan = Commune.objects.get(insee_code="11304")
    assert (quillan.name, quillan.search_name, quillan.population) == ("Quillan", "quillan", 2978)


@pytest.mark.parametrize("query", ["esperaza", "Espéraza", "ESPERAZA", "espé"])
def test_it_finds_a_commune_by_its_name_without_accents_or_case(query):
    assert "Espéraza" in _names(Commune.objects.search(query))


def test_it_finds_communes_by_postal_code_biggest_first():
    found = list(Commune.objects.search("11500"))
    assert found[0].name == "Quillan"
    assert all("11500" in commune.postal_codes.split() for commune in found)
    populations = [commune.population or 0 for commune in found]
    assert populations == sorted(populations, reverse=True)


def test_it_matches_postal_codes_from_their_start_only():
    found = list(Commune.objects.search("115"))
    assert found
    assert all(any(code.startswith("115") for code in c.postal_codes.split()) for c in found)
    assert Commune.objects.search("13")[0].name == "Marseille"


@pytest.mark.parametrize(
    ("query", "name"), [("59606", "Valenciennes"), ("2A004", "Ajaccio"), ("2a004", "Ajaccio")]
)
def test_it_finds_a_commune_by_its_insee_code(query, name):
    assert _names(Commune.objects.search(query)) == [name]


def test_it_puts_the_biggest_communes_first():
    found = list(Commune.objects.search("saint", limit=20))
    assert found[0].name == "Saint-Étienne"
    populations = [commune.population or 0 for commune in found]
    assert populations == sorted(populations, reverse=True)
    assert len(found) == 20


def test_it_finds_nothing_for_an_empty_query():
    assert list(Commune.objects.search("   ")) == []


def test_it_answers_the_autocomplete_in_json(world, client_for):
    client = client_for(world.users["community_mediator"])
    response = client.get(reverse("commune_search"), {"q": "quill"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {
        "code": "11304",
        "name": "Quillan",
        "postal_codes": "11500",
        "label": "Quillan — 11500 (11304)",
    }
    assert client.get(reverse("commune_search")).json() == {"results": []}


@pytest.mark.parametrize("typed", ["Quillan — 11500 (11304)", "11304", " 11304 ", "Quillan"])
def test_it_accepts_a_commune_by_its_label_or_insee_code(typed):
    assert CommuneField().clean(typed).insee_code == "11304"


def test_it_accepts_an_empty_commune_when_optional():
    assert CommuneField(required=False).clean("") is None


@pytest.mark.parametrize("typed", ["99999", "Nulle-Part-sur-Mer", "Saint"])
def test_it_refuses_an_unknown_or_ambiguous_commune_in_french(typed):
    with pytest.raises(forms.ValidationError) as raised:
        CommuneField().clean(typed)
    assert raised.value.messages == [
        "Commune inconnue : choisissez-la dans la liste proposée ou saisissez son code INSEE."
    ]


def test_it_shows_a_commune_by_its_label():
    quillan = Commune.objects.get(insee_code="11304")
    assert CommuneField().prepare_value(quillan) == "Quillan — 11500 (11304)"
    assert CommuneField().prepare_value("11304") == "Quillan — 11500 (11304)"


@pytest.mark.parametrize(
    ("initial", "posted", "changed"),
    [
        ("11304", "Quillan — 11500 (11304)", False),
        ("11304", "11304", False),
        (None, "", False),
        ("11304", "Espéraza — 11260 (11130)", True),
        ("11304", "", True),
        (None, "11304", True),
    ],
)
def test_it_tells_whether_the_commune_changed_by_its_code(initial, posted, changed):
    assert CommuneField(required=False).has_changed(initial, posted) is changed
