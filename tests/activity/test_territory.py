"""The territory a programme declares: codes typed on a page or sent to the API, kept all or
nothing, journalled; the report counts the communes reached out of it, and those reached outside
apart."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.activity.report import programme_report
from lien.communes.models import TerritoryCommune
from lien.communes.territory import TerritoryInput, split_codes, territory_set
from lien.journal.models import JournalEntry
from tests.activity.conftest import END, QUERY, START
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def valley():
    """Quillan and Ginoles share 11500; Axat is 11140; Foix is in the Ariège."""
    return {
        "quillan": CommuneFactory(),
        "ginoles": CommuneFactory(insee_code="11164", name="Ginoles", postal_codes="11500"),
        "axat": CommuneFactory(insee_code="11021", name="Axat", postal_codes="11140"),
        "foix": CommuneFactory(
            insee_code="09122", name="Foix", postal_codes="09000", departement="09", departement_name="Ariège"
        ),
    }


def _codes(organisation) -> list[str]:
    return sorted(
        TerritoryCommune.objects.filter(organisation=organisation).values_list("commune_id", flat=True)
    )


def test_it_reads_codes_the_way_people_type_them():
    assert split_codes(" 11304, 11021;\n2a004  ") == ["11304", "11021", "2A004"]
    assert split_codes("") == []


def test_it_keeps_the_communes_named_by_code_postal_code_or_departement(world, valley):
    mediator = world.users["community_mediator"]
    data = TerritoryInput(insee_codes=["11021"], postal_codes=["11500"])
    assert territory_set(acting_user=mediator, organisation=world.organisation, data=data) == 3
    assert _codes(world.organisation) == ["11021", "11164", "11304"]
    # Again with the Ariège whole and without Axat: exactly what is named now.
    data = TerritoryInput(postal_codes=["11500"], departements=["09"])
    assert territory_set(acting_user=mediator, organisation=world.organisation, data=data) == 3
    assert _codes(world.organisation) == ["09122", "11164", "11304"]
    entry = JournalEntry.objects.filter(object_type="accounts.organisation").latest("id")
    assert entry.detail == "territoire, en communes : 3 ; ajoutées : 1 ; retirées : 1"


def test_an_unknown_code_changes_nothing_and_says_which(world, valley):
    mediator = world.users["community_mediator"]
    territory_set(acting_user=mediator, organisation=world.organisation, data=TerritoryInput(["11304"]))
    bad = TerritoryInput(insee_codes=["11021", "99999"], postal_codes=["115"], departements=["2C"])
    with pytest.raises(ValidationError) as error:
        territory_set(acting_user=mediator, organisation=world.organisation, data=bad)
    assert error.value.message_dict == {
        "insee_codes": ["Code INSEE inconnu : 99999."],
        "postal_codes": ["Code postal invalide : 115 (5 chiffres)."],
        "departements": ["Département inconnu : 2C."],
    }
    assert _codes(world.organisation) == ["11304"]


def test_only_who_runs_the_programme_declares_it(world, valley):
    for role in ("volunteer", "assistant", "outsider"):
        with pytest.raises(PermissionDenied):
            territory_set(
                acting_user=world.users[role], organisation=world.organisation, data=TerritoryInput(["11304"])
            )
    assert _codes(world.organisation) == []


def test_the_report_counts_the_communes_reached_out_of_the_declared_territory(year):
    """Reached in the period: Quillan, Axat, Espéraza (tests/activity/conftest.py). Declared: Quillan,
    Axat and Ginoles — Espéraza is reached outside the territory."""
    CommuneFactory(insee_code="11164", name="Ginoles", postal_codes="11500")
    territory_set(
        acting_user=year.users["community_mediator"],
        organisation=year.organisation,
        data=TerritoryInput(insee_codes=["11021"], postal_codes=["11500"]),
    )
    territory = programme_report(year.organisation, START, END)["territory"]
    assert territory == {
        "source": "recorded",
        "communes_reached": 2,
        "communes_reached_outside": 1,
        "territory_communes": 3,
        "by_departement": [{"code": "11", "name": "Aude", "communes": 3, "reached": 2}],
    }


def test_the_page_shows_the_territory_and_keeps_a_new_one(world, valley, client_for):
    client = client_for(world.users["community_mediator"])
    url = reverse("activity:territory")
    page = client.get(url)
    assert page.status_code == 200
    assert "Aucun territoire déclaré" in page.content.decode()
    response = client.post(url, {"organisation": "asso", "insee_codes": "11021", "postal_codes": "11500"})
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "Territoire enregistré : 3 communes." in shown
    assert "Aude (11)" in shown and "3 communes dans le territoire" in shown
    assert "11021 11164 11304" in shown  # the codes, ready to be changed
    refused = client.post(url, {"organisation": "asso", "insee_codes": "11021 12345"})
    assert refused.status_code == 422
    assert "Code INSEE inconnu : 12345." in refused.content.decode()
    assert _codes(world.organisation) == ["11021", "11164", "11304"]


def test_the_report_page_invites_to_declare_the_territory(year, client_for):
    html = (
        client_for(year.users["community_mediator"]).get(reverse("activity:report"), QUERY).content.decode()
    )
    assert "Le programme n'a pas déclaré son territoire" in html
    assert reverse("activity:territory") + "?organisation=asso" in html


def test_the_api_reads_and_declares_the_territory(world, valley, client_for):
    client = client_for(world.users["director"])
    url = "/api/v1/activity/territory?organisation=asso"
    assert client.get(url).json() == {"organisation": "asso", "communes": [], "by_departement": []}
    response = client.put(
        url, {"postal_codes": ["11500"], "departements": ["09"]}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "organisation": "asso",
        "communes": ["09122", "11164", "11304"],
        "by_departement": [
            {"code": "09", "name": "Ariège", "communes": 1},
            {"code": "11", "name": "Aude", "communes": 2},
        ],
    }
    refused = client.put(url, {"insee_codes": ["00000"]}, content_type="application/json")
    assert refused.status_code == 404 and refused.json()["detail"] == "Code INSEE inconnu : 00000."
    malformed = client.put(url, {"departements": ["Aude"]}, content_type="application/json")
    assert malformed.status_code == 422
    assert _codes(world.organisation) == ["09122", "11164", "11304"]
    other = client.put(
        "/api/v1/activity/territory?organisation=autre", {"insee_codes": []}, content_type="application/json"
    )
    assert other.status_code == 404
