"""The saisine CSV import of INTERFACES.md: all-or-nothing, idempotent on ``reference``,
errors as ``line N: column: reason``."""

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import DateField
from django.utils import timezone

from lien.accounts.models import Organisation
from lien.people.models import Person
from lien.saisines import deadlines
from lien.saisines.enums import (
    SUBPROCESSES,
    AuthorType,
    Channel,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
    Status,
)
from lien.saisines.models import MediationSettings, Saisine, SaisineEvent, search_text
from lien.saisines.services import mediation_settings

REQUIRED = ["reference", "received_on", "channel", "author_type", "origin", "perimeter", "process"]
OPTIONAL = [
    "commune_insee",
    "subprocess",
    "acknowledged_on",
    "closed_on",
    "resolution_mode",
    "outcome",
    "requester_key",
]
CODES = {
    "channel": Channel.values,
    "author_type": AuthorType.values,
    "origin": Origin.values,
    "perimeter": Perimeter.values,
    "process": Process.values,
    "resolution_mode": ResolutionMode.values,
    "outcome": Outcome.values,
}
MAX_LENGTHS = {"reference": 50, "requester_key": 64}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
IMPORTED_FIELDS = [
    "received_on",
    "channel",
    "author_type",
    "origin",
    "commune_insee",
    "perimeter",
    "process",
    "subprocess",
    "acknowledged_on",
    "closed_on",
    "resolution_mode",
    "outcome",
    "requester_key",
]
DERIVED_FIELDS = [
    "status",
    "answer_due_on",
    "objective_due_on",
    "first_answer_on",
    "answer_delay_days",
    "processing_delay_days",
    "search_text",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@functools.lru_cache(maxsize=8192)  # a file holds a few thousand distinct dates at most
def _parse_date(value: str) -> date | None:
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# One spec per column, read once per cell: (name, required, is a date, allowed codes, max length).
_COLUMNS = [
    (name, name in REQUIRED, name.endswith("_on"), frozenset(CODES.get(name, ())), MAX_LENGTHS.get(name))
    for name in REQUIRED + OPTIONAL
]


def _check_row(line: int, raw: dict[str, str], errors: list[str]) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    before = len(errors)

    def fail(column: str, reason: str) -> None:
        errors.append(f"line {line}: {column}: {reason}")

    for column, required, is_date, codes, max_length in _COLUMNS:
        value = (raw.get(column) or "").strip()
        if not value:
            if required:
                fail(column, "valeur obligatoire manquante")
            row[column] = None if is_date else ""
            continue
        if max_length and len(value) > max_length:
            fail(column, f"plus de {max_length} caractères")
        if is_date:
            parsed = _parse_date(value)
            if parsed is None:
                fail(column, f"date invalide « {value} » (attendu AAAA-MM-JJ)")
            row[column] = parsed
            continue
        if codes and value not in codes:
            fail(column, f"code inconnu « {value} »")
        if column == "commune_insee" and not _INSEE.match(value):
            fail(column, f"code INSEE invalide « {value} » (5 caractères, ex. 59606 ou 2A004)")
        row[column] = value
    if row.get("subprocess") and row.get("process") in CODES["process"]:
        if row["subprocess"] not in SUBPROCESSES.get(row["process"], {}):
            fail("subprocess", f"« {row['subprocess']} » n'appartient pas au processus « {row['process']} »")
    if row.get("closed_on") and row.get("received_on") and row["closed_on"] < row["received_on"]:
        fail("closed_on", "antérieure à received_on")
    if row.get("closed_on") and not row.get("outcome"):
        fail("outcome", "obligatoire quand closed_on est renseignée")
    return row if len(errors) == before else None


def parse_saisines_csv(data: bytes) -> ImportResult:
    """Validate the whole file; rows are returned only when every line is valid."""
    result = ImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        result.errors.append(f"line {line}: -: le fichier n'est pas encodé en UTF-8")
        return result
    if "\x00" in text:  # no text of Lien holds one, and PostgreSQL refuses it
        line = text[: text.index("\x00")].count("\n") + 1
        result.errors.append(f"line {line}: -: caractère nul (octet 0) : le fichier n'est pas un CSV texte")
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        result.errors.append("line 1: -: fichier vide (ligne d'en-tête attendue)")
        return result
    reader.fieldnames = header
    for name in sorted({name for name in header if header.count(name) > 1}):
        result.errors.append(f"line 1: {name}: colonne en double")
    for name in REQUIRED:
        if name not in header:
            result.errors.append(f"line 1: {name}: colonne obligatoire absente")
    if result.errors:
        return result
    seen: dict[str, int] = {}
    try:
        for raw in reader:
            line = reader.line_num
            if None in raw:
                result.errors.append(f"line {line}: -: plus de cellules que de colonnes")
                continue
            row = _check_row(line, raw, result.errors)
            if row is None:
                continue
            if row["reference"] in seen:
                first = seen[row["reference"]]
                result.errors.append(
                    f"line {line}: reference: « {row['reference']} » déjà présente ligne {first}"
                )
                continue
            seen[row["reference"]] = line
            result.rows.append(row)
    except csv.Error as error:
        result.errors.append(f"line {reader.line_num}: -: CSV illisible ({error})")
    if result.errors:
        result.rows = []
    return result


# The statuses a file can say by its dates; the others are reached by working the case in Lien.
IMPORT_STATUSES = frozenset({Status.RECEIVED, Status.RECEIVABLE, Status.CLOSED})


def _status(row: dict[str, Any], current: str | None = None) -> str:
    """The status the file's dates say: closed, acknowledged (receivable) or received.

    A saisine already moved along in Lien (under review, not receivable, in instruction, proposal)
    keeps its status unless the file closes it, and one ended by a court action stays ended: a
    re-import never moves a case backwards in the mediator's work.
    """
    if current == Status.ENDED_COURT_ACTION:
        return current
    if row["closed_on"]:
        return Status.CLOSED
    if current is not None and current not in IMPORT_STATUSES:
        return current
    if row["acknowledged_on"]:
        return Status.RECEIVABLE
    return Status.RECEIVED


@dataclass(frozen=True)
class _Known:
    """What the import reads of a saisine already there."""

    pk: int
    status: str
    received_on: date
    answer_due_on: date
    objective_due_on: date
    subject: str
    names: str


@transaction.atomic
def import_saisines(*, organisation: Organisation, data: bytes, dry_run: bool = False) -> ImportResult:
    """Create or update (by reference) every saisine of the file, or nothing at all.

    Rows go to the database as plain tuples (``COPY`` on PostgreSQL, ``executemany`` on SQLite),
    not as model instances: building 50 000 instances and their SQL took longer than the writes.
    The derived columns come from the same functions as ``Saisine.refresh_derived``.
    """
    result = parse_saisines_csv(data)
    if not result.ok:
        return result
    existing = _existing(organisation, [row["reference"] for row in result.rows])
    result.updated = len(existing)
    result.created = len(result.rows) - result.updated
    if dry_run:
        return result
    settings = mediation_settings(organisation)
    created, updated = [], []
    for row in result.rows:
        known = existing.get(row["reference"])
        values = _row_values(row, known, settings)
        if known is None:
            values["reference"] = row["reference"]
            created.append(values)
        else:
            values["id"] = known.pk
            updated.append(values)
    writer = _PostgresWriter() if connection.vendor == "postgresql" else _GenericWriter()
    now = timezone.now()
    writer.insert(organisation, created, now)
    writer.update(updated, now)
    _log_imported(organisation, [values["reference"] for values in created], now)
    return result


def _row_values(row: dict[str, Any], known: _Known | None, settings: MediationSettings) -> dict[str, Any]:
    """The columns a line of the file writes: its own facts, and what is derived from them."""
    values = {name: row[name] for name in IMPORTED_FIELDS}
    values["status"] = _status(row, known.status if known else None)
    # Deadlines are set at receipt: for a new saisine, or when the file moves its receipt date.
    if known is None or known.received_on != row["received_on"]:
        values["answer_due_on"] = deadlines.due_date(row["received_on"], settings.answer_days)
        values["objective_due_on"] = deadlines.due_date(row["received_on"], settings.objective_days)
    else:
        values["answer_due_on"], values["objective_due_on"] = known.answer_due_on, known.objective_due_on
    (
        values["first_answer_on"],
        values["answer_delay_days"],
        values["processing_delay_days"],
    ) = deadlines.delays(row["received_on"], row["acknowledged_on"], row["closed_on"])
    values["search_text"] = search_text(
        row["reference"], known.names if known else "", known.subject if known else ""
    )
    return values


def _existing(organisation: Organisation, references: list[str]) -> dict[str, _Known]:
    table = connection.ops.quote_name(Saisine._meta.db_table)
    # reference, id, status, received_on, answer_due_on, objective_due_on, subject, requester_id
    rows: list[tuple[str, int, str, date, date, date, str, int | None]] = []
    with connection.cursor() as cursor:
        for batch in _batches(references):
            condition, params = _references_condition(batch)
            cursor.execute(
                "SELECT reference, id, status, received_on, answer_due_on, objective_due_on, subject, "  # noqa: S608
                f"requester_id FROM {table} WHERE organisation_id = %s AND {condition}",
                [organisation.pk, *params],
            )
            rows += cursor.fetchall()
    requester_ids = {row[-1] for row in rows if row[-1]}
    names: dict[int | None, str] = {
        person.pk: str(person) for person in Person.objects.filter(pk__in=requester_ids)
    }
    return {row[0]: _Known(*row[1:-1], names=names.get(row[-1], "")) for row in rows}


def _references_condition(batch: list[str]) -> tuple[str, Sequence[str | list[str]]]:
    if connection.vendor == "postgresql":
        return "reference = ANY(%s)", [batch]
    return f"reference IN ({', '.join(['%s'] * len(batch))})", batch


def _batches(items: list[str]) -> Iterator[list[str]]:
    """Slices short enough for one ``IN (…)`` list; PostgreSQL takes them whole (``= ANY``)."""
    size = max(len(items), 1) if connection.vendor == "postgresql" else 2000
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _GenericWriter:
    """Rows as parameters of one statement run many times (SQLite and any other database)."""

    def __init__(self) -> None:
        self.fields = {field.attname: field for field in Saisine._meta.concrete_fields}
        self.quote = connection.ops.quote_name
        self.table = self.quote(Saisine._meta.db_table)

    def _adapter(self, name: str) -> Callable[[Any], Any] | None:
        if isinstance(self.fields[name], DateField):
            return connection.ops.adapt_datefield_value
        return None

    def _constant(self, name: str, organisation: Organisation, now: datetime) -> Any:
        """The value of a column the file does not fill, the same for every row."""
        if name == "organisation_id":
            return organisation.pk
        field = self.fields[name]
        value = now if name in ("created_at", "updated_at") else field.get_default()
        return field.get_db_prep_save(value, connection)

    def _column(self, name: str) -> str:
        # A concrete field always has a column (Django: ``concrete = column is not None``).
        return cast(str, self.fields[name].column)

    def _insert_columns(self) -> tuple[list[str], list[str]]:
        written = ["reference", *IMPORTED_FIELDS, *DERIVED_FIELDS]
        constant = [name for name in self.fields if name != "id" and name not in written]
        return written, constant

    def _tuples(
        self, rows: list[dict[str, Any]], names: list[str], tail: Sequence[Any] = ()
    ) -> Iterator[list[Any]]:
        adapters = [(name, self._adapter(name)) for name in names]
        for values in rows:
            yield [adapt(values[name]) if adapt else values[name] for name, adapt in adapters] + list(tail)

    def insert(self, organisation: Organisation, rows: list[dict[str, Any]], now: datetime) -> None:
        if not rows:
            return
        written, constant = self._insert_columns()
        tail = [self._constant(name, organisation, now) for name in constant]
        columns = ", ".join(self.quote(self._column(name)) for name in written + constant)
        marks = ", ".join(["%s"] * (len(written) + len(constant)))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",  # noqa: S608 — field names only
                list(self._tuples(rows, written, tail)),
            )

    def update(self, rows: list[dict[str, Any]], now: datetime) -> None:
        if not rows:
            return
        names = [*IMPORTED_FIELDS, *DERIVED_FIELDS]
        assignments = ", ".join(f"{self.quote(self._column(name))} = %s" for name in names)
        updated_at = self.fields["updated_at"].get_db_prep_save(now, connection)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {assignments}, {self.quote('updated_at')} = %s "  # noqa: S608
                f"WHERE {self.quote('id')} = %s",
                [row[:-1] + [updated_at, row[-1]] for row in self._tuples(rows, [*names, "id"])],
            )


class _PostgresWriter(_GenericWriter):
    """``COPY`` straight into the table for new saisines, and into a temporary table for updates."""

    def _adapter(self, name: str) -> Callable[[Any], Any] | None:
        return None  # psycopg adapts dates, strings and numbers itself

    def _copy(self, cursor: CursorWrapper, table: str, names: list[str], rows: Iterable[list[Any]]) -> None:
        columns = ", ".join(self.quote(name) for name in names)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def insert(self, organisation: Organisation, rows: list[dict[str, Any]], now: datetime) -> None:
        if not rows:
            return
        written, constant = self._insert_columns()
        tail = [self._constant(name, organisation, now) for name in constant]
        columns = [self._column(name) for name in written + constant]
        with connection.cursor() as cursor:
            self._copy(cursor, self.table, columns, self._tuples(rows, written, tail))

    def update(self, rows: list[dict[str, Any]], now: datetime) -> None:
        if not rows:
            return
        names = ["id", *IMPORTED_FIELDS, *DERIVED_FIELDS]
        columns = [self._column(name) for name in names]
        quoted = ", ".join(self.quote(column) for column in columns)
        assignments = ", ".join(f"{self.quote(column)} = v.{self.quote(column)}" for column in columns[1:])
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE saisine_import ON COMMIT DROP AS "  # noqa: S608 — field names only
                f"SELECT {quoted} FROM {self.table} WITH NO DATA"
            )
            self._copy(cursor, "saisine_import", columns, self._tuples(rows, names))
            cursor.execute(
                f"UPDATE {self.table} SET {assignments}, {self.quote('updated_at')} = %s "  # noqa: S608
                f"FROM saisine_import v WHERE {self.table}.{self.quote('id')} = v.{self.quote('id')}",
                [now],
            )
            cursor.execute("DROP TABLE saisine_import")


def _log_imported(organisation: Organisation, references: list[str], now: datetime) -> None:
    """One "imported" event per new saisine, written by the database from the rows just inserted."""
    quote = connection.ops.quote_name
    events, saisines = quote(SaisineEvent._meta.db_table), quote(Saisine._meta.db_table)
    at = SaisineEvent._meta.get_field("at").get_db_prep_save(now, connection)
    insert = (
        f"INSERT INTO {events} (saisine_id, at, user_id, kind, from_status, to_status, detail) "  # noqa: S608
        f"SELECT id, %s, NULL, 'imported', '', status, '' FROM {saisines} WHERE organisation_id = %s AND "
    )
    with connection.cursor() as cursor:
        for batch in _batches(references):
            condition, params = _references_condition(batch)
            cursor.execute(insert + condition, [at, organisation.pk, *params])
