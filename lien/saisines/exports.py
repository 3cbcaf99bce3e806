"""Exports of a filtered list of saisines (CSV, XLSX). Every export is journalled with its count."""

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.communes.models import Commune
from lien.journal.models import JournalEntry
from lien.saisines.enums import SUBPROCESSES
from lien.saisines.models import Saisine

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _subprocess(saisine: Saisine) -> str:
    return str(SUBPROCESSES.get(saisine.process, {}).get(saisine.subprocess, saisine.subprocess))


def _columns(communes: Mapping[str, str]) -> "list[tuple[StrPromise, Callable[[Saisine], object]]]":
    """Facts only: no free text (data minimisation), the requester's name because mediators need
    it; the commune's name beside its INSEE code, from ``communes`` (code -> name)."""
    return [
        (_("Référence"), lambda s: s.reference),
        (_("Reçue le"), lambda s: s.received_on),
        (_("Canal"), lambda s: s.get_channel_display()),
        (_("Auteur"), lambda s: s.get_author_type_display()),
        (_("Origine"), lambda s: s.get_origin_display()),
        (_("Requérant·e"), lambda s: str(s.requester) if s.requester else ""),
        (_("Code INSEE"), lambda s: s.commune_insee),
        (_("Commune"), lambda s: communes.get(s.commune_insee, "")),
        (_("Processus"), lambda s: s.get_process_display()),
        (_("Sous-processus"), _subprocess),
        (_("Périmètre"), lambda s: s.get_perimeter_display()),
        (_("Statut"), lambda s: s.get_status_display()),
        (_("Réponse due le"), lambda s: s.answer_due_on),
        (_("Clôture visée le"), lambda s: s.objective_due_on),
        (_("Accusé de réception le"), lambda s: s.acknowledged_on),
        (_("Clôturée le"), lambda s: s.closed_on),
        (_("Mode de résolution"), lambda s: s.get_resolution_mode_display()),
        (_("Suite donnée"), lambda s: s.get_outcome_display()),
        (_("Délai de traitement (jours)"), lambda s: s.processing_delay_days),
        (_("Caisse"), lambda s: s.organisation.name),
    ]


def _commune_names(saisines: list[Saisine]) -> dict[str, str]:
    """The names of the communes of these saisines, in one query whatever their number."""
    codes = {saisine.commune_insee for saisine in saisines if saisine.commune_insee}
    return dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def _text_cell(value: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: keep it text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (date, int)):
        return value.isoformat() if isinstance(value, date) else value
    return _text_cell(str(value))


def _csv(saisines: list[Saisine], columns: "list[tuple[StrPromise, Callable[[Saisine], object]]]") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")  # the separator French spreadsheets expect
    writer.writerow([str(title) for title, _value in columns])
    for saisine in saisines:
        writer.writerow([_csv_value(value(saisine)) for _title, value in columns])
    return buffer.getvalue().encode("utf-8-sig")


MAX_WIDTH = 50  # characters: a long name wraps in its cell rather than pushing the others away
DATE_WIDTH = 10  # DD/MM/YYYY


def _width(value: object) -> int:
    if value is None:
        return 0
    return DATE_WIDTH if isinstance(value, date) else len(str(value))


def _xlsx(saisines: list[Saisine], columns: "list[tuple[StrPromise, Callable[[Saisine], object]]]") -> bytes:
    """One sheet: a bold header row that stays in view, a filter on every column, each column as
    wide as its longest value (capped)."""
    titles = [str(title) for title, _value in columns]
    rows = [[_xlsx_value(value(saisine)) for _title, value in columns] for saisine in saisines]
    widths = [len(title) for title in titles]
    for values in rows:
        widths = [max(width, _width(value)) for width, value in zip(widths, values, strict=True)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Saisines")))
    # A write-only sheet takes its layout before its first row.
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH) + 2
    last = f"{get_column_letter(len(titles))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    header = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in rows:
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, (date, int)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def saisines_export(
    *, acting_user: User, saisines: Iterable[Saisine], fmt: str, today: date, description: str = ""
) -> ExportFile:
    """The saisines as a file, and one journal entry per fund exported from, with the count."""
    rows = list(saisines)
    columns = _columns(_commune_names(rows))
    content = _csv(rows, columns) if fmt == "csv" else _xlsx(rows, columns)
    counts = Counter(saisine.organisation_id for saisine in rows)
    organisation_ids = set(counts) or organisation_ids_for(acting_user, Perm.SAISINE_VIEW)
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        detail = f"{counts[organisation.pk]} saisines ({fmt.upper()})"
        JournalEntry.log_export(
            user=acting_user,
            obj=organisation,
            organisation=organisation,
            detail=f"{detail} ; {description}" if description else detail,
        )
    return ExportFile(content=content, content_type=FORMATS[fmt], filename=f"saisines-{today:%Y-%m-%d}.{fmt}")
