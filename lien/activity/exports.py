"""The programme report as a spreadsheet: the tables of the page (``display.py``), one sheet per
section, each figure beside the same figure a year earlier. Figures only, no person."""

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lien.activity.display import KeyFigure, Line, Table, sheets
from lien.activity.shares import evolution

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60  # characters: a long label wraps in its cell rather than pushing the figures away
PERCENT = "0%"
EVOLUTION = "+0%;-0%;0%"
TENTHS = "0.0"  # hours to the tenth
INVALID_TITLE = str.maketrans({char: " " for char in "[]:*?/\\"})


def _title(text: str) -> str:
    """A sheet's name: 31 characters at most, none of those Excel refuses."""
    return text.translate(INVALID_TITLE)[:31]


def _text(value: str) -> str:
    """Text only: never a formula (a label starting with = or +), no control character."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def _fraction(percent: Decimal | None) -> float | None:
    """A percentage as the spreadsheet's number (42 % is 0.42), formatted as a percentage."""
    return None if percent is None else float(percent / 100)


def _sheet(workbook: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = workbook.create_sheet(_title(title))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"  # the header stays in view
    return sheet


def _fit(sheet: Worksheet) -> None:
    """Each column as wide as its longest value (capped, then wrapped)."""
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(longest, MAX_WIDTH) + 2
        if longest > MAX_WIDTH:
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _row(sheet: Worksheet, values: list[Any], formats: dict[int, str]) -> None:
    sheet.append([_text(value) if isinstance(value, str) else value for value in values])
    for column, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def _key_figures(workbook: Workbook, figures: list[KeyFigure]) -> None:
    sheet = _sheet(
        workbook,
        _("Chiffres clés"),
        [_("Indicateur"), _("Valeur"), _("Précision"), _("Un an plus tôt"), _("Évolution")],
    )
    for figure in figures:
        change = evolution(figure.value, figure.previous)
        formats = {5: EVOLUTION} | ({2: TENTHS, 4: TENTHS} if isinstance(figure.value, Decimal) else {})
        _row(sheet, [figure.label, figure.value, figure.detail, figure.previous, _fraction(change)], formats)
    _fit(sheet)


def _line_values(table: Table, line: Line) -> list[Any]:
    change = evolution(line.count, line.previous)
    return [
        table.caption,
        line.label,
        line.count,
        _fraction(line.share) if table.with_shares else None,
        line.previous,
        _fraction(line.previous_share) if table.with_shares else None,
        _fraction(change),
    ]


def _tables(workbook: Workbook, title: str, tables: list[Table]) -> None:
    sheet = _sheet(
        workbook,
        title,
        [
            _("Tableau"),
            _("Libellé"),
            _("Nombre"),
            _("Part"),
            _("Un an plus tôt"),
            _("Part un an plus tôt"),
            _("Évolution"),
        ],
    )
    for table in tables:
        for line in table.lines:
            _row(sheet, _line_values(table, line), {4: PERCENT, 6: PERCENT, 7: EVOLUTION})
    _fit(sheet)


def _orientations(workbook: Workbook, page: dict) -> None:
    sheet = _sheet(
        workbook,
        _("Orientations par structure"),
        [
            _("Type de structure"),
            _("Total"),
            *page["orientation_series"],
            _("Taux d'aboutissement"),
            _("Un an plus tôt"),
        ],
    )
    for row in page["orientation_rows"]:
        values = [row["label"], row["total"], *row["values"], _fraction(row["went_share"]), row["previous"]]
        _row(sheet, values, {len(values) - 1: PERCENT})
    _fit(sheet)


def _tests(workbook: Workbook, page: dict) -> None:
    sheet = _sheet(workbook, _("Tests rapides (TROD)"), [_("Test"), *page["results"]])
    for row in page["test_rows"]:
        _row(sheet, [row["label"], *row["values"]], {})
    _fit(sheet)


def _glossary(workbook: Workbook, glossary: list[tuple[str, str]]) -> None:
    sheet = _sheet(workbook, _("Glossaire"), [_("Chiffre"), _("Ce qu'il compte")])
    for term, definition in glossary:
        _row(sheet, [term, definition], {})
    _fit(sheet)


def report_xlsx(*, page: dict, glossary: list[tuple[str, str]], period: str) -> bytes:
    """The workbook: key figures, a sheet per section of the page, the matrices, the glossary."""
    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)
    _key_figures(workbook, page["key_figures"])
    for title, tables in sheets(page):
        _tables(workbook, str(title), tables)
    _orientations(workbook, page)
    _tests(workbook, page)
    _glossary(workbook, glossary)
    workbook.properties.title = _text(f"{_("Rapport d'activité")} {period}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
