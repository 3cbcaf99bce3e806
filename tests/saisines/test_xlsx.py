"""The streaming XLSX writer makes a workbook spreadsheets open: well-formed parts, text kept as
text (escaped, control characters dropped, never a formula), dates and numbers as values, the
header bold and in view, the filter over the rows written."""

import io
import zipfile
from datetime import date
from xml.etree import ElementTree

import openpyxl

from lien.saisines.xlsx import column_letter, xlsx_write


def _write(rows, *, sheet="Feuille", columns=(("Nom", 12), ("Né le", 12), ("Nombre", 8))) -> bytes:
    file = io.BytesIO()
    assert xlsx_write(file, sheet=sheet, columns=list(columns), rows=rows) == len(rows)
    return file.getvalue()


def test_it_numbers_columns_as_spreadsheets_do():
    assert [column_letter(n) for n in (1, 2, 26, 27, 52, 703)] == ["A", "B", "Z", "AA", "AZ", "AAA"]


def test_it_writes_parts_that_are_well_formed_xml():
    content = _write([["a & <b>", date(2026, 1, 5), 3]], sheet="L'équipe & co")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        assert {
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
            "xl/styles.xml",
        } <= names
        for name in names:
            ElementTree.fromstring(archive.read(name))  # noqa: S314 — what the test just wrote


def test_it_keeps_values_as_they_are():
    content = _write(
        [
            ["=HYPERLINK(1)", date(2026, 1, 5), 3],
            ["Tab\there, bell\x07 gone", date(2026, 2, 1), 2.5],
            ["", None, None],
        ],
        sheet="L'équipe",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["L'équipe"]
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nom", "Né le", "Nombre")
    assert (rows[1][0], rows[1][1].date(), rows[1][2]) == ("=HYPERLINK(1)", date(2026, 1, 5), 3)
    assert (rows[2][0], rows[2][1].date(), rows[2][2]) == ("Tab\there, bell gone", date(2026, 2, 1), 2.5)
    assert len(rows) == 3  # an empty row has no cell to read
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=2, column=2).number_format == "DD/MM/YYYY"


def test_it_keeps_the_header_in_view_with_a_filter_over_the_rows():
    sheet = openpyxl.load_workbook(io.BytesIO(_write([["a", None, 1], ["b", None, 2]]))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    assert all(cell.font.b for cell in sheet[1])
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [12, 12, 8]


def test_it_writes_a_header_alone_when_there_is_no_row():
    sheet = openpyxl.load_workbook(io.BytesIO(_write([]))).active
    assert list(sheet.iter_rows(values_only=True)) == [("Nom", "Né le", "Nombre")]
    assert sheet.auto_filter.ref == "A1:C1"
