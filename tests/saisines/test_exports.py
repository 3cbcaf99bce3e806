"""The exports read well in a spreadsheet: header kept in view, filters, columns as wide as their
kind of value, the commune's name beside its INSEE code. They are streamed: the rows are read in
chunks as the response is sent (CSV) or written to a temporary file sent in blocks (XLSX), with the
same few queries for any number of rows, and journalled with their counts before any row is sent."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl.utils import get_column_letter

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.saisines import exports
from lien.saisines.enums import SaisineChannel
from lien.saisines.exports import CODE_WIDTH, DATE_WIDTH, MAX_WIDTH, NAME_WIDTH
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

XLSX = reverse("saisines:export_xlsx")
CSV = reverse("saisines:export_csv")


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


@pytest.fixture
def communes():
    CommuneFactory(insee_code="59606", name="Valenciennes", departement="59")
    CommuneFactory(insee_code="2A004", name="Ajaccio", departement="2A")


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue())).active


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))


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


def test_it_sizes_each_column_by_its_kind_of_value(team, receive, communes, client):
    long_name = PersonFactory(organisation=team.fund, first_name="Marie-Bernadette", last_name="X" * 80)
    receive(reference="W-1", requester=long_name)
    receive(reference="W-2")
    sheet = _sheet(client.get(XLSX))
    header = [cell.value for cell in sheet[1]]
    widths = {
        title: sheet.column_dimensions[get_column_letter(index)].width
        for index, title in enumerate(header, start=1)
    }
    assert widths["Référence"] == CODE_WIDTH + 2
    assert widths["Reçue le"] == DATE_WIDTH + 2
    assert widths["Requérant·e"] == NAME_WIDTH + 2  # a longer name wraps in its cell, whole
    assert widths["Canal"] == max(len(label) for label in SaisineChannel.labels) + 2  # its longest label
    assert widths["Délai de traitement (jours)"] == len("Délai de traitement (jours)") + 2
    assert all(len(title) + 2 <= width <= MAX_WIDTH + 2 for title, width in widths.items())
    names = {row["Référence"]: row["Requérant·e"] for row in _records(sheet)}
    assert names["W-1"] == "Marie-Bernadette " + "X" * 80


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
    rows = _csv_rows(client.get(CSV))
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

    def export() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = response.getvalue()  # the rows are read while the response is sent
        assert response.status_code == 200
        return len(body), [query["sql"] for query in captured.captured_queries]

    receive_some("FEW", 3)
    export()  # warm the caches (content types, sessions)
    few_size, few = export()
    receive_some("MANY", 57)
    many_size, many = export()
    assert many_size > few_size
    assert len(many) == len(few), many
    assert len([sql for sql in many if "communes_commune" in sql]) == 1


def test_it_streams_the_csv_in_blocks_as_the_rows_are_read(team, receive, client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for n in range(5):
        receive(reference=f"S-{n}", received_on=date(2026, 1, 5 + n))
    response = client.get(CSV)
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="saisines-{timezone.localdate()}.csv"'
    blocks = list(response.streaming_content)
    assert blocks[0].startswith("\ufeff".encode()) and blocks[0].decode("utf-8-sig").startswith("Référence;")
    assert len(blocks) == 1 + 3  # the header, then the rows two by two
    rows = list(csv.reader(io.StringIO(b"".join(blocks).decode("utf-8-sig")), delimiter=";"))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        (f"S-{n}", f"2026-01-{5 + n:02d}") for n in range(4, -1, -1)
    ]


def test_it_sends_the_xlsx_from_a_file_in_blocks(team, receive, client, monkeypatch):
    monkeypatch.setattr(exports, "BLOCK_SIZE", 1024)
    receive(reference="B-1", received_on=date(2026, 1, 5))
    response = client.get(XLSX)
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="saisines-{timezone.localdate()}.xlsx"'
    blocks = list(response.streaming_content)
    assert len(blocks) > 1 and all(len(block) <= 1024 for block in blocks)
    assert int(response["Content-Length"]) == sum(len(block) for block in blocks)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(blocks))).active
    row = _records(sheet)[0]
    assert (row["Référence"], row["Reçue le"].date()) == ("B-1", date(2026, 1, 5))
    assert sheet.cell(row=2, column=2).number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_journals_each_fund_with_its_count_before_sending_a_row(fmt, team, receive, client):
    membership_add(user=team.mediator, organisation=team.other_fund, role=Role.INSTITUTIONAL_MEDIATOR)
    for n in range(3):
        receive(reference=f"OURS-{n}")
    receive(reference="THEIRS", organisation=team.other_fund)
    response = client.get(reverse(f"saisines:export_{fmt}"), {"process": "cash_benefits"})
    # Written when the response starts, before the body is read: a download cut short is journalled.
    entries = JournalEntry.objects.filter(action=Action.EXPORT).order_by("organisation_id")
    assert [(entry.user, entry.organisation, entry.detail) for entry in entries] == [
        (team.mediator, team.fund, f"3 saisines ({fmt.upper()}) ; process=cash_benefits"),
        (team.mediator, team.other_fund, f"1 saisines ({fmt.upper()}) ; process=cash_benefits"),
    ]
    response.getvalue()
    assert JournalEntry.objects.filter(action=Action.EXPORT).count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_nothing_of_a_fund_the_user_cannot_see(fmt, team, receive, client):
    receive(reference="OURS")
    receive(reference="THEIRS", organisation=team.other_fund)
    response = client.get(reverse(f"saisines:export_{fmt}"), {"q": "THEIRS"})
    if fmt == "csv":
        assert _csv_rows(response)[1:] == []
    else:
        assert _records(_sheet(response)) == []
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert (entry.organisation, entry.detail) == (team.fund, f"0 saisines ({fmt.upper()}) ; q=THEIRS")
    response = client.get(reverse(f"saisines:export_{fmt}"))
    references = (
        [row[0] for row in _csv_rows(response)[1:]]
        if fmt == "csv"
        else [row["Référence"] for row in _records(_sheet(response))]
    )
    assert references == ["OURS"]
    assert not JournalEntry.objects.filter(action=Action.EXPORT, organisation=team.other_fund).exists()
