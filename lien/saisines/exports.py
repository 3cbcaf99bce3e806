"""Exports of a filtered list of saisines (CSV, XLSX). Every export is journalled with its count.

The rows are read once, in chunks (``QuerySet.iterator``), and never held all at once: the CSV is
a generator of encoded blocks, the XLSX is written row by row (``xlsx.py``) into a temporary file
that the response reads block by block. The memory stays the same for a hundred rows or a hundred
thousand.
"""

import csv
import io
import operator
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.communes.models import Commune
from lien.journal.models import JournalEntry
from lien.saisines.enums import SUBPROCESSES
from lien.saisines.models import Saisine
from lien.saisines.xlsx import xlsx_write

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000  # rows read from the database, and written to the CSV, at a time
BLOCK_SIZE = 64 * 1024  # bytes of the XLSX file sent at a time

# Column widths in characters, by kind of value: a single pass cannot know the longest value.
MAX_WIDTH = 50  # a longer value is shown whole in its cell, not in the column
DATE_WIDTH = 10  # DD/MM/YYYY
CODE_WIDTH = 16  # a reference, an INSEE code
NAME_WIDTH = 30  # a person, a commune, a fund
NUMBER_WIDTH = 6


Row = dict[str, Any]  # a saisine as the FIELDS of ``QuerySet.values``


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Row], object]
    width: int  # of the content; the column is as wide as its title if that is longer

    @property
    def xlsx_width(self) -> int:
        return min(max(self.width, len(self.title)), MAX_WIDTH) + 2


def _field(title: str, name: str, width: int) -> Column:
    return Column(title, operator.itemgetter(name), width)


def _choice(title: str, name: str) -> Column:
    """A field with choices shown by its label, from a map built once per export; as wide as its
    longest label, known before any row is read."""
    field = Saisine._meta.get_field(name)
    labels = {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]

    def label(row: Row) -> object:
        return labels.get(row[name], row[name])

    return Column(title, label, max((len(label) for label in labels.values()), default=0))


def _requester(row: Row) -> str:
    """The requester's name as ``Person.__str__`` gives it."""
    return f"{row['requester__first_name'] or ''} {row['requester__last_name'] or ''}".strip()


def _columns(communes: Mapping[str, str]) -> list[Column]:
    """Facts only: no free text (data minimisation), the requester's name because mediators need
    it; the commune's name beside its INSEE code, from ``communes`` (code -> name). Titles and
    labels are translated here, in the language of the request, once."""
    subprocesses = {
        (process, key): str(label)
        for process, labels in SUBPROCESSES.items()
        for key, label in labels.items()
    }
    return [
        _field(_("Référence"), "reference", CODE_WIDTH),
        _field(_("Reçue le"), "received_on", DATE_WIDTH),
        _choice(_("Canal"), "channel"),
        _choice(_("Auteur"), "author_type"),
        _choice(_("Origine"), "origin"),
        Column(_("Requérant·e"), _requester, NAME_WIDTH),
        _field(_("Code INSEE"), "commune_insee", CODE_WIDTH),
        Column(_("Commune"), lambda row: communes.get(row["commune_insee"], ""), NAME_WIDTH),
        _choice(_("Processus"), "process"),
        Column(
            _("Sous-processus"),
            lambda row: subprocesses.get((row["process"], row["subprocess"]), row["subprocess"]),
            max(len(label) for label in subprocesses.values()),
        ),
        _choice(_("Périmètre"), "perimeter"),
        _choice(_("Statut"), "status"),
        _field(_("Réponse due le"), "answer_due_on", DATE_WIDTH),
        _field(_("Clôture visée le"), "objective_due_on", DATE_WIDTH),
        _field(_("Accusé de réception le"), "acknowledged_on", DATE_WIDTH),
        _field(_("Clôturée le"), "closed_on", DATE_WIDTH),
        _choice(_("Mode de résolution"), "resolution_mode"),
        _choice(_("Suite donnée"), "outcome"),
        _field(_("Délai de traitement (jours)"), "processing_delay_days", NUMBER_WIDTH),
        _field(_("Caisse"), "organisation__name", NAME_WIDTH),
    ]


def _commune_names(saisines: "QuerySet[Saisine]") -> dict[str, str]:
    """The names of the communes of these saisines, in one query whatever their number (at most
    the referential's size, whatever the number of rows)."""
    codes = saisines.order_by().exclude(commune_insee="").values("commune_insee")
    return dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))


@dataclass(frozen=True)
class ExportFile:
    """The file as blocks of bytes, to be sent as they come; ``size`` when known beforehand."""

    chunks: Iterator[bytes]
    content_type: str
    filename: str
    size: int | None = None


def _text_cell(value: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: keep it text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (date, int)):
        return value.isoformat() if isinstance(value, date) else value
    return _text_cell(str(value))


# What the columns read, as plain values: a model instance per row (a saisine, its requester,
# its fund, each with many more fields) would take most of the time of a large export.
FIELDS = (
    *("reference", "received_on", "channel", "author_type", "origin", "commune_insee", "process"),
    *("subprocess", "perimeter", "status", "answer_due_on", "objective_due_on", "acknowledged_on"),
    *("closed_on", "resolution_mode", "outcome", "processing_delay_days"),
    *("requester__first_name", "requester__last_name", "organisation__name"),
)


def _rows(saisines: "QuerySet[Saisine]") -> Iterator[Row]:
    rows: Iterator[Row] = saisines.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return rows


def _csv(saisines: "QuerySet[Saisine]", columns: list[Column]) -> Iterator[bytes]:
    """The BOM (spreadsheets then read UTF-8), the header, then the rows by blocks of CHUNK_SIZE."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")  # the separator French spreadsheets expect

    def drain() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    buffer.write("\ufeff")
    writer.writerow([column.title for column in columns])
    yield drain()
    for number, saisine in enumerate(_rows(saisines), start=1):
        writer.writerow([_csv_value(column.value(saisine)) for column in columns])
        if number % CHUNK_SIZE == 0:
            yield drain()
    if block := drain():
        yield block


def _xlsx(saisines: "QuerySet[Saisine]", columns: list[Column]) -> IO[bytes]:
    """One sheet (a bold header row kept in view, a filter on every column, widths by kind of
    column) written row by row into a temporary file, returned at its start."""
    file = tempfile.TemporaryFile()  # closed by _blocks, once read or when the reader stops
    try:
        xlsx_write(
            file,
            sheet=_("Saisines"),
            columns=[(column.title, column.xlsx_width) for column in columns],
            rows=([column.value(saisine) for column in columns] for saisine in _rows(saisines)),
        )
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _blocks(file: IO[bytes]) -> Iterator[bytes]:
    """The file, block by block, closed (so deleted) at the end or when the reader stops."""
    with file:
        while block := file.read(BLOCK_SIZE):
            yield block


def saisines_export(
    *, acting_user: User, saisines: "QuerySet[Saisine]", fmt: str, today: date, description: str = ""
) -> ExportFile:
    """The saisines as a file, and one journal entry per fund exported from, with the count.

    The counts come from one aggregate query and are journalled before any row is read: the
    entries are there even if the download stops half-way. The CSV rows are read as the response
    is sent; the XLSX is written here, whole, to a temporary file."""
    counts = dict(
        saisines.order_by()
        .values("organisation_id")
        .annotate(rows=Count("id"))
        .values_list("organisation_id", "rows")
    )
    organisation_ids = set(counts) or organisation_ids_for(acting_user, Perm.SAISINE_VIEW)
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        detail = f"{counts.get(organisation.pk, 0)} saisines ({fmt.upper()})"
        JournalEntry.log_export(
            user=acting_user,
            obj=organisation,
            organisation=organisation,
            detail=f"{detail} ; {description}" if description else detail,
        )
    columns = _columns(_commune_names(saisines))
    filename = f"saisines-{today:%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return ExportFile(
            chunks=_csv(saisines, columns),
            content_type=FORMATS[fmt],
            filename=filename,
        )
    file = _xlsx(saisines, columns)
    size = os.fstat(file.fileno()).st_size
    return ExportFile(chunks=_blocks(file), content_type=FORMATS[fmt], filename=filename, size=size)
