"""Barriers and needs without answers (lien/advocacy/needs.py): the tables, the map, the page, the
CSV files and the API, on a small world recorded through the services.

The association "asso" (under "regional") follows three people in 2025: ``anne`` (born 1950, a
woman on the AME, in Quillan) met no coverage and mobility in January, and mobility again in May;
she needs a dentist and housing; ``bruno`` (born 1990, a man, in Quillan) met mobility in February,
needs a dentist; ``chloe`` (nothing known but Axat) met digital in April and needs interpreting.
Quillan's centre is at 43.0 N 2.0 E; the only health service of the directory is 40 km north, the
only housing service in Quillan itself. Another association's person, in Quillan, met every barrier.
"""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from lien.advocacy.enums import NeedsStep, NeedsTable
from lien.advocacy.needs import NeedsQuery, need_thematics, needs_organisations_for, needs_tables
from lien.advocacy.needs_display import needs_csv, needs_rows
from lien.assessments.enums import Need
from lien.assessments.services import assessment_create
from lien.directory.enums import THEMATICS, Visibility
from lien.journal.models import Action, JournalEntry
from lien.lib.polyline import encode
from lien.lib.suppression import MARGIN
from lien.orientations.services import (
    orientation_create,
    orientation_record_refused,
    orientation_record_waiting_list,
    orientation_record_went,
)
from tests.community import aware
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 31)
START, END = date(2025, 1, 1), date(2025, 12, 31)
KM_PER_DEGREE = 111.195  # of latitude, on the sphere of lien.directory.geo
QUILLAN = (43.0, 2.0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 18), tick=False):
        yield


def _square(lat: float, lon: float, side: float = 0.05) -> str:
    return encode([(lat, lon), (lat + side, lon), (lat + side, lon + side), (lat, lon + side)], 4)


@pytest.fixture
def communes():
    return {
        "quillan": CommuneFactory(latitude=QUILLAN[0], longitude=QUILLAN[1], outline=_square(42.97, 1.97)),
        "axat": CommuneFactory(
            insee_code="11021",
            name="Axat",
            postal_codes="11140",
            latitude=42.8,
            longitude=2.2,
            outline=_square(42.77, 2.17),
        ),
        # Of the territory declared, nobody assessed there; known by its centre only.
        "belcaire": CommuneFactory(
            insee_code="11030", name="Belcaire", postal_codes="11340", latitude=42.81, longitude=1.96
        ),
        "limoux": CommuneFactory(insee_code="11206", name="Limoux", postal_codes="11300"),
    }


def _assess(mediator, person, on, barriers=(), needs=()):
    return assessment_create(
        acting_user=mediator, person=person, assessed_on=on, barriers=barriers, needs=needs
    )


def _health_service(
    organisation, lat: float, lon: float, *, thematics=("sante--acces-aux-soins",), published=False
):
    structure = StructureFactory(
        organisation=organisation,
        latitude=lat,
        longitude=lon,
        code_insee="",
        commune_name="",
        published=published,
    )
    return ServiceFactory(structure=structure, thematics=list(thematics))


@pytest.fixture
def recorded(world, communes):
    from lien.communes.models import TerritoryCommune

    mediator = world.users["community_mediator"]
    org = world.organisation
    anne = PersonFactory(
        organisation=org, commune=communes["quillan"], birth_year=1950, gender="female", coverage="ame"
    )
    bruno = PersonFactory(organisation=org, commune=communes["quillan"], birth_year=1990, gender="male")
    chloe = PersonFactory(organisation=org, commune=communes["axat"], birth_year=None)
    _assess(mediator, anne, date(2025, 1, 10), ["no_coverage", "mobility"], ["dental", "housing"])
    _assess(mediator, anne, date(2025, 5, 10), ["mobility"])
    _assess(mediator, bruno, date(2025, 2, 3), ["mobility"], ["dental"])
    _assess(mediator, chloe, date(2025, 4, 3), ["digital"], ["interpreting"])
    _assess(mediator, bruno, date(2024, 12, 31), ["language"], ["food"])  # before the period
    TerritoryCommune.objects.create(organisation=org, commune=communes["belcaire"])

    # The directory: a health service 40 km north of Quillan, a housing one in Quillan (no point).
    north = _health_service(org, QUILLAN[0] + 40 / KM_PER_DEGREE, QUILLAN[1])
    housing = ServiceFactory(
        structure=StructureFactory(organisation=org, code_insee="11304"),
        thematics=["logement-hebergement--louer-un-logement"],
    )
    went = orientation_create(
        acting_user=mediator,
        person=anne,
        oriented_on=date(2025, 3, 1),
        structure_kind="dental",
        structure_name="ignored",
        reason="Soins",
        directory_service=north,
    )
    orientation_record_went(acting_user=mediator, orientation=went, on=date(2025, 3, 20))
    refused = orientation_create(
        acting_user=mediator,
        person=bruno,
        oriented_on=date(2025, 3, 2),
        structure_kind="dental",
        structure_name="Cabinet Dupont",
        reason="Soins",
    )
    orientation_record_refused(
        acting_user=mediator, orientation=refused, difficulty="care_refusal", on=date(2025, 3, 10)
    )
    waiting = orientation_create(
        acting_user=mediator,
        person=chloe,
        oriented_on=date(2025, 4, 5),
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
        directory_service=housing,
    )
    orientation_record_waiting_list(acting_user=mediator, orientation=waiting, on=date(2025, 4, 20))
    orientation_create(
        acting_user=mediator,
        person=chloe,
        oriented_on=date(2025, 6, 1),
        structure_kind="pass",
        structure_name="Cabinet Dupont",
        reason="Soins",
    )

    # Another association: its person is never counted.
    outsider = world.users["outsider"]
    stranger = PersonFactory(organisation=world.other_organisation, commune=communes["quillan"])
    _assess(outsider, stranger, date(2025, 3, 1), ["financial", "language", "isolation"], ["food"])
    return {"anne": anne, "bruno": bruno, "chloe": chloe, "north": north, "housing": housing}


def _tables(world, **fields):
    query = NeedsQuery(organisation=world.organisation, start=START, end=END, **fields)
    return needs_tables(query, threshold=5)


# -- the tables -------------------------------------------------------------------------------------


def test_it_counts_the_barriers_by_period_commune_and_population(world, recorded):
    tables = _tables(world)
    crossed = tables.barriers_by_commune
    assert tables.periods == ("2025-T1", "2025-T2", "2025-T3", "2025-T4")
    assert tables.people == 3
    # Mobility: Anne and Bruno in the first quarter, Anne again in the second; two people in all.
    assert crossed.get("2025-T1", "mobility", MARGIN) == 2
    assert crossed.get("2025-T2", "mobility", MARGIN) == 1
    assert crossed.get(MARGIN, "mobility", "11304") == 2
    assert crossed.get(MARGIN, "digital", "11021") == 1
    assert crossed.get(MARGIN, "language", MARGIN) == 0  # before the period, or another association
    assert crossed.get(MARGIN, MARGIN, MARGIN) == 3  # people with at least one barrier
    assert crossed.get("2025-T3", MARGIN, MARGIN) == 0
    by_age = tables.barriers_by_population["age_band"]
    assert by_age.get(MARGIN, "mobility", "75+") == 1
    assert by_age.get(MARGIN, "digital", "inconnu") == 1
    by_coverage = tables.barriers_by_population["coverage"]
    assert by_coverage.get(MARGIN, "no_coverage", "ame") == 1
    assert by_coverage.get(MARGIN, "mobility", "inconnu") == 1
    assert tables.barriers_by_population["gender"].get(MARGIN, MARGIN, "female") == 1


def test_it_steps_by_month_when_asked(world, recorded):
    tables = _tables(world, step=NeedsStep.MONTH)
    assert len(tables.periods) == 12
    assert tables.barriers_by_commune.get("2025-05", "mobility", "11304") == 1


def test_it_counts_the_orientations_by_structure_and_outcome(world, recorded):
    tables = _tables(world)
    names = {key: name for key, (_id, name) in tables.structures.items()}
    by_name = {name: key for key, name in names.items()}
    outcomes = tables.outcomes
    # The directory's structure is named after the directory; typed names are grouped.
    assert recorded["north"].structure.name in by_name and "ignored" not in by_name
    assert outcomes.get(by_name[recorded["north"].structure.name], "went") == 1
    assert outcomes.get(by_name["Cabinet Dupont"], "refused") == 1
    assert outcomes.get(by_name["Cabinet Dupont"], "pending") == 1
    assert outcomes.get(by_name[recorded["housing"].structure.name], "waiting_list") == 1
    assert outcomes.get(MARGIN, MARGIN) == 4
    rows = needs_rows(tables, NeedsTable.OUTCOMES)
    assert {
        "structure": "Cabinet Dupont",
        "structure_id": None,
        "outcome": "refused",
        "orientations": 1,
    } in rows


def test_a_need_is_unanswered_when_the_only_service_is_40_km_away_within_15(world, recorded):
    tables = _tables(world)
    assert [(row.commune, row.need, row.people) for row in tables.unmet] == [("11304", Need.DENTAL, 2)]
    # Housing has a service in Quillan itself (no coordinates: in its commune); interpreting has no
    # thematic in the directory, Axat's need is not counted as unanswered.
    assert tables.without_thematic == (Need.INTERPRETING,)
    assert tables.unmet_by_commune.get("11304") == 2


def test_the_need_is_answered_within_50_km(world, recorded):
    assert _tables(world, radius_km=50).unmet == ()


def test_only_a_service_of_the_thematic_in_the_programme_s_directory_answers(world, recorded):
    # Another tree's entry, even published, is not the programme's directory; another thematic
    # does not answer the need.
    _health_service(OrganisationFactory(slug="ailleurs"), *QUILLAN, published=True)
    _health_service(world.organisation, *QUILLAN, thematics=["sante--addictions"])
    sister = OrganisationFactory(slug="soeur", parent=world.regional)
    unpublished = _health_service(sister, *QUILLAN)
    assert [row.need for row in _tables(world).unmet] == [Need.DENTAL]
    # Published by an organisation of the same network: it answers.
    unpublished.structure.visibility = Visibility.NETWORK
    unpublished.structure.save(update_fields=["visibility"])
    assert _tables(world).unmet == ()


def test_it_restricts_to_the_territory_asked(world, recorded, communes):
    tables = _tables(world, insee_codes=("11021",))
    assert tables.people == 1
    assert [commune.pk for commune in tables.territory] == ["11021"]
    assert tables.barriers_by_commune.get(MARGIN, "mobility", MARGIN) == 0
    by_departement = _tables(world, departements=("11",))
    assert {commune.pk for commune in by_departement.territory} == {"11304", "11021", "11030", "11206"}


def test_without_a_territory_the_map_is_the_declared_one_and_where_people_live(world, recorded):
    assert [commune.pk for commune in _tables(world).territory] == ["11021", "11030", "11304"]


def test_another_organisation_never_appears(world, recorded):
    tables = _tables(world)
    everything = str([needs_rows(tables, table) for table in NeedsTable.values])
    for code in ("financial", "isolation", "language", "food"):
        assert code not in everything


def test_a_coordinator_above_reads_the_programmes_below_together(world, recorded, communes):
    sister = OrganisationFactory(slug="antenne", name="Antenne", parent=world.regional)
    mediator = MembershipFactory(organisation=sister, user=UserFactory(email="m@antenne.example")).user
    person = PersonFactory(organisation=sister, commune=communes["axat"])
    _assess(mediator, person, date(2025, 6, 1), ["isolation"])
    coordinator = world.users["regional_coordinator"]
    assert [o.slug for o in needs_organisations_for(coordinator)] == ["antenne", "asso", "regional"]
    query = NeedsQuery(organisation=world.regional, start=START, end=END)
    assert needs_tables(query, threshold=5).barriers_by_commune.get(MARGIN, "isolation", "11021") == 1
    assert _tables(world).barriers_by_commune.get(MARGIN, "isolation", MARGIN) == 0


def test_masked_figures_go_through_the_open_data_suppression(world, recorded):
    tables = _tables(world, masked=True)
    assert tables.threshold == 5
    assert tables.people is None
    assert tables.barriers_by_commune.get(MARGIN, "mobility", "11304") is None
    assert tables.barriers_by_commune.get(MARGIN, "language", MARGIN) == 0  # zeros are published
    assert all(row.people is None for row in tables.unmet)
    assert "masqué" not in needs_csv(tables, NeedsTable.UNMET)  # an empty cell in the file
    assert needs_csv(tables, NeedsTable.UNMET).splitlines()[1] == "11304,Quillan,dental,,15"


def test_every_thematic_of_a_need_exists_in_the_directory():
    codes = {code for code, _label in THEMATICS}
    for need in Need.values:
        assert need_thematics(need) <= codes
    assert need_thematics(Need.HOUSING) and not need_thematics(Need.INTERPRETING)


def test_the_queries_do_not_grow_with_the_people(world, recorded, communes, django_assert_max_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            _tables(world)
        return len(captured)

    few = count()
    mediator = world.users["community_mediator"]
    for index in range(12):
        person = PersonFactory(
            organisation=world.organisation, commune=communes["axat"], birth_year=1960 + index
        )
        _assess(mediator, person, date(2025, 7, 1 + index), ["mobility", "digital"], ["dental", "food"])
    assert count() == few
    with django_assert_max_num_queries(12):
        _tables(world)


# -- the page, the files, the API ---------------------------------------------------------------------

PAGE_QUERY = {"organisation": "asso", "start": "2025-01-01", "end": "2025-12-31", "radius_km": "15"}


def test_the_page_shows_the_tables_and_a_map_with_one_shape_per_commune(world, recorded, client_for):
    client = client_for(world.users["community_mediator"])
    response = client.get(reverse("advocacy:needs"), PAGE_QUERY | {"metric": "unmet"})
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert "<title>Carte du territoire" in svg
    assert sorted(re.findall(r'data-insee="(\w+)"', svg)) == ["11021", "11030", "11304"]
    assert len(re.findall(r"<path ", svg)) == 2 and len(re.findall(r"<circle ", svg)) == 1
    assert "style=" not in svg  # the CSP refuses inline styles
    assert "Soins dentaires" in html and "Mobilité, distance" in html and "Cabinet Dupont" in html
    assert "Refusée par la structure" in html and "Liste d&#x27;attente" in html
    assert "Interprétariat" in html  # listed apart: no thematic of the directory


def test_the_page_refuses_another_organisation_and_roles_without_the_permission(world, recorded, client_for):
    outsider = client_for(world.users["outsider"])
    assert outsider.get(reverse("advocacy:needs"), PAGE_QUERY).status_code == 404
    for role in ("patient_partner", "director", "volunteer", "assistant", "nobody"):
        client = client_for(world.users[role])
        assert client.get(reverse("advocacy:needs"), PAGE_QUERY).status_code == 404, role
        assert client.get("/api/v1/advocacy/needs", PAGE_QUERY).status_code == 404, role


def test_the_page_takes_the_first_programme_and_this_year_by_default(world, recorded, client_for):
    client = client_for(world.users["community_mediator"])
    assert client.get(reverse("advocacy:needs")).status_code == 200
    response = client.get(reverse("advocacy:needs"), {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    assert "Personnes ayant eu une évaluation des besoins : 3." in response.content.decode()


def test_the_page_says_what_is_wrong_with_the_query(world, recorded, client_for):
    client = client_for(world.users["community_mediator"])
    response = client.get(
        reverse("advocacy:needs"), PAGE_QUERY | {"insee_codes": "99999", "end": "2024-01-01"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "La fin de la période précède son début." in html


def test_the_csv_export_is_journalled_and_asks_for_a_recent_confirmation(world, recorded, client_for):
    url = reverse("advocacy:needs_csv", args=[NeedsTable.BARRIERS_BY_COMMUNE])
    unconfirmed = client_for(world.users["community_mediator"], confirmed=False)
    assert unconfirmed.get(url, PAGE_QUERY).url.startswith(reverse("reauthenticate"))
    client = client_for(world.users["community_mediator"])
    before = JournalEntry.objects.filter(action=Action.EXPORT).count()
    response = client.get(url, PAGE_QUERY)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="freins-communes-asso-2025-01-01-2025-12-31.csv"'
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "period,barrier,commune,commune_name,people"
    assert "2025-T1,mobility,11304,Quillan,2" in lines
    entry = JournalEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert JournalEntry.objects.filter(action=Action.EXPORT).count() == before + 1
    assert entry.organisation_id == world.organisation.pk and entry.person_id is None
    assert "CSV freins-communes, page" in entry.detail and "Anne" not in entry.detail
    assert client.get(reverse("advocacy:needs_csv", args=["inconnu"]), PAGE_QUERY).status_code == 404


def test_the_api_answers_the_same_tables_and_journals_the_call(world, recorded, client_for):
    client = client_for(world.users["coordinator"])
    response = client.get("/api/v1/advocacy/needs", PAGE_QUERY | {"radius_km": 50})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["people"] == 3 and body["unmet_needs"] == [] and body["threshold"] is None
    assert {
        "period": "*",
        "barrier": "mobility",
        "commune": "11304",
        "commune_name": "Quillan",
        "people": 2,
    } in body["barriers_by_commune"]
    assert JournalEntry.objects.filter(action=Action.EXPORT, detail__contains="JSON, API").exists()
    masked = client.get("/api/v1/advocacy/needs", PAGE_QUERY | {"masked": "true"}).json()
    assert masked["people"] is None and masked["threshold"] == 5
    assert client.get("/api/v1/advocacy/needs", PAGE_QUERY | {"organisation": "autre"}).status_code == 404
    assert client.get("/api/v1/advocacy/needs", PAGE_QUERY | {"departements": "99"}).status_code == 422
