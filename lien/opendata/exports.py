"""An open data table as the files of INTERFACES.md « Open data »: CSV (the dimensions in the
order asked, then ``count``, empty when masked, ``*`` in margins), the JSON object of the command
and the API, and a spreadsheet for those who read it by hand. Counts only, no person."""

import csv
import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lien.opendata.display import dimension_label, masking_note, population_label
from lien.opendata.tables import Table

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT = "count"


def table_json(table: Table) -> dict[str, Any]:
    return {
        "organisation": table.organisation.slug,
        "population": str(table.population),
        "start": table.start.isoformat(),
        "end": table.end.isoformat(),
        "threshold": table.threshold,
        "dimensions": list(table.dimensions),
        "rows": [
            dict(zip(table.dimensions, cell, strict=True)) | {COUNT: count} for cell, count in table.rows
        ],
    }


def table_csv(table: Table) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*table.dimensions, COUNT])
    for cell, count in table.rows:
        writer.writerow([*cell, "" if count is None else count])
    return buffer.getvalue()


def filename(table: Table, extension: str) -> str:
    return f"donnees-ouvertes-{table.organisation.slug}-{table.start}-{table.end}.{extension}"


def _text(value: str) -> str:
    """Text only: never a formula (a value starting with = + - @), no control character."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def _header(sheet: Any, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=_text(title))
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def table_xlsx(table: Table) -> bytes:
    """Two sheets: the table (codes, as in the CSV) and what it counts."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Données"))
    sheet.freeze_panes = "A2"  # a write-only sheet takes its layout before its first row
    columns = [*table.dimensions, COUNT]
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(len(name), 12) + 2
    _header(sheet, columns)
    for cell, count in table.rows:
        sheet.append([*(_text(value) for value in cell), count])
    about = workbook.create_sheet(_("À propos"))
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    _header(about, [_("Rubrique"), _("Valeur")])
    for label, value in [
        (_("Organisation"), f"{table.organisation.name} ({table.organisation.slug})"),
        (_("Population"), population_label(table.population)),
        (
            _("Période"),
            _("du %(start)s au %(end)s")
            % {"start": date_format(table.start, "j F Y"), "end": date_format(table.end, "j F Y")},
        ),
        (_("Dimensions"), ", ".join(f"{name} : {dimension_label(name)}" for name in table.dimensions)),
        (_("Seuil"), str(table.threshold)),
        (_("Cases masquées"), str(table.masked)),
        (_("Secret statistique"), masking_note(table.threshold, table.population)),
    ]:
        about.append([_text(label), _text(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
