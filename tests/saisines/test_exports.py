"""The XLSX export reads well in a spreadsheet: header kept in view, filters, fitted columns,
the commune's name beside its INSEE code; and it costs the same few queries for any number of rows."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl.utils import get_column_letter

from lien.saisines.exports import MAX_WIDTH
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

XLSX = reverse("saisines:export_xlsx")


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


@pytest.fixture
def communes():
    CommuneFactory(insee_code="59606", name="Valenciennes", departement="59")
    CommuneFactory(insee_code="2A004", name="Ajaccio", departement="2A")


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _records(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_it_keeps_the_header_in_view_and_filters_every_column(team, receive, communes, client):
    for n in range(3):
        receive(reference=f"F-{n}", commune_insee="59606")
    sheet = _sheet(client.get(XLSX))
    assert sheet.freeze_panes == "A2"
    last_column = get_column_letter(sheet.max_column)
    assert sheet.max_row == 4
    assert sheet.auto_filter.ref == f"A1:{last_column}4"
    assert all(cell.font.b for cell in sheet[1])


def test_it_fits_each_column_to_its_content_up_to_a_cap(team, receive, communes, client):
    long_name = PersonFactory(organisation=team.fund, first_name="Marie-Bernadette", last_name="X" * 80)
    receive(reference="W-1", requester=long_name)
    receive(reference="W-2-A-RATHER-LONG-REFERENCE")
    sheet = _sheet(client.get(XLSX))
    header = [cell.value for cell in sheet[1]]
    widths = {
        title: sheet.column_dimensions[get_column_letter(index)].width
        for index, title in enumerate(header, start=1)
    }
    assert widths["Référence"] == len("W-2-A-RATHER-LONG-REFERENCE") + 2
    assert widths["Reçue le"] == len("DD/MM/YYYY") + 2
    assert widths["Requérant·e"] == MAX_WIDTH + 2  # capped: the name wraps in its cell
    assert widths["Délai de traitement (jours)"] == len("Délai de traitement (jours)") + 2
    assert all(width >= len(title) + 2 for title, width in widths.items())


def test_it_names_the_commune_beside_its_insee_code(team, receive, communes, client):
    receive(reference="C-1", commune_insee="59606")
    receive(reference="C-2", commune_insee="2A004")
    receive(reference="C-3", commune_insee="99999")  # not (or no longer) in the referential
    receive(reference="C-4")
    sheet = _sheet(client.get(XLSX))
    header = [cell.value for cell in sheet[1]]
    assert header[header.index("Code INSEE") + 1] == "Commune"
    communes_by_reference = {row["Référence"]: (row["Code INSEE"], row["Commune"]) for row in _records(sheet)}
    assert communes_by_reference == {
        "C-1": ("59606", "Valenciennes"),
        "C-2": ("2A004", "Ajaccio"),
        "C-3": ("99999", None),
        "C-4": (None, None),
    }
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("saisines:export_csv")).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    position = rows[0].index("Code INSEE")
    assert rows[0][position + 1] == "Commune"
    assert {row[0]: row[position + 1] for row in rows[1:]}["C-1"] == "Valenciennes"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_runs_the_same_queries_for_any_number_of_rows(fmt, team, receive, communes, client):
    url = reverse(f"saisines:export_{fmt}")

    def receive_some(prefix: str, n: int) -> None:
        for i in range(n):
            requester = PersonFactory(organisation=team.fund, first_name=f"{prefix}{i}")
            receive(reference=f"{prefix}-{i}", requester=requester, commune_insee=["59606", "2A004"][i % 2])

    receive_some("FEW", 2)
    client.get(url)  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    receive_some("MANY", 25)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
    commune_queries = [query for query in many.captured_queries if "communes_commune" in query["sql"]]
    assert len(commune_queries) == 1
