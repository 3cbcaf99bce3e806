"""Writes of the journal beyond a single entry: the reading of the journal itself, the refusals,
and the archive of the entries past their retention (CNIL recommendation 2021-122: the trace
stays online 6 to 12 months, then is archived)."""

import gzip
import json
import logging
import os
from calendar import monthrange
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils import timezone, translation

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import JournalledRefusal
from lien.journal.models import Action, JournalEntry

logger = logging.getLogger(__name__)

# The CNIL's floor: a LIEN_JOURNAL_RETENTION_MONTHS below it is refused (lien/journal/checks.py),
# and the PostgreSQL trigger refuses to delete an entry younger than 180 days whatever the setting.
RETENTION_MINIMUM_MONTHS = 6
RETENTION_MAXIMUM_MONTHS = 12

# What an archived entry keeps: the ids, the texts, and the user's e-mail, so that the archive
# reads without the database (a user may be gone by the time it is read).
ARCHIVED_FIELDS = (
    "id",
    "at",
    "user_id",
    "user__email",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "person_id",
    "detail",
)


def _read_filters_text(filters: dict[str, Any], page_number: int) -> str:
    # The journal is written once and read by French directors: its texts are French whatever the
    # language of the page (as the other entries' details).
    parts = [f"page {page_number}"]
    with translation.override("fr"):
        if filters.get("person"):
            # Never the text searched: the journal keeps nothing that could name a person.
            parts.append("personne recherchée")
        if filters.get("user"):
            parts.append(f"utilisateur·rice : {filters['user'].email}")
        if filters.get("action"):
            parts.append(f"action : {Action(filters['action']).label}")
        if filters.get("date_from"):
            parts.append(f"du {filters['date_from']:%d/%m/%Y}")
        if filters.get("date_to"):
            parts.append(f"au {filters['date_to']:%d/%m/%Y}")
    return f"Lecture du journal ({', '.join(parts)})"


def log_journal_read(
    *, user: User, organisation_ids: Iterable[int], filters: dict[str, Any], page_number: int
) -> list[JournalEntry]:
    """A view entry in each organisation whose journal ``user`` reads, with the filters used, in
    one write: who read the trace is part of the trace (a director looking for someone's
    accesses shows up too)."""
    organisations = Organisation.objects.filter(pk__in=set(organisation_ids)).only("pk", "name")
    detail = _read_filters_text(filters, page_number)
    return JournalEntry.objects.bulk_create(
        JournalEntry(
            user=user,
            organisation=organisation,
            action=Action.VIEW,
            object_type=Organisation._meta.label_lower,
            object_id=str(organisation.pk),
            object_repr=str(organisation)[:200],
            detail=detail[:300],
        )
        for organisation in organisations
    )


def log_refused_access(*, request: HttpRequest, exception: Exception) -> None:
    """A security entry for a refusal (403, or the 404 of ``require_perm(not_found=True)``) of an
    authenticated user, in each organisation where they hold a role: their director sees someone
    probing pages or objects their roles do not reach.

    Never for an anonymous visitor (nobody to write it about; the login page and the throttles
    answer them), and never at the cost of the answer: a journal that cannot be written is logged
    and the refusal goes on. The path only, never the query string (a search can hold a name)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated or isinstance(exception, JournalledRefusal):
        return
    perm = getattr(exception, "perm", None)
    detail = f"Accès refusé : {request.method} {request.path}"
    if perm:
        detail += f" (permission {perm})"
    try:
        with transaction.atomic():  # a failure rolls back this savepoint only
            JournalEntry.log_security(user=user, detail=detail)
    except Exception:
        logger.exception("The refusal of %s %s could not be journalled.", request.method, request.path)


def retention_cutoff(now: datetime | None = None) -> datetime:
    """The moment before which entries leave the database: ``LIEN_JOURNAL_RETENTION_MONTHS``
    months before ``now``, the same day (the last of a shorter month)."""
    months = settings.LIEN_JOURNAL_RETENTION_MONTHS
    if months < RETENTION_MINIMUM_MONTHS:  # the system check refuses it too; a job must never
        raise ImproperlyConfigured(
            f"LIEN_JOURNAL_RETENTION_MONTHS must be at least {RETENTION_MINIMUM_MONTHS}, not {months}."
        )
    now = now or timezone.now()
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class ArchivePreview:
    count: int
    oldest: datetime | None
    cutoff: datetime


@dataclass(frozen=True)
class ArchiveResult:
    count: int
    path: Path | None  # None when there was nothing to archive


def journal_archive_preview(*, now: datetime | None = None) -> ArchivePreview:
    """How many entries the next archive would take, and the oldest one's date; changes nothing."""
    cutoff = retention_cutoff(now)
    found = JournalEntry.objects.filter(at__lt=cutoff).aggregate(count=Count("id"), oldest=Min("at"))
    return ArchivePreview(count=found["count"], oldest=found["oldest"], cutoff=cutoff)


def _archive_line(row: dict[str, Any]) -> bytes:
    record = {("user_email" if key == "user__email" else key): value for key, value in row.items()}
    record["at"] = row["at"].isoformat()
    return (json.dumps(record, ensure_ascii=False) + "\n").encode()


def _open_archive(directory: Path, cutoff: datetime, now: datetime) -> tuple[Path, IO[bytes]]:
    """A new file readable by Lien's account only, in a directory of its own (the entries name
    persons and users by id, and their objects)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"journal-before-{cutoff:%Y-%m-%d}-{now:%Y%m%dT%H%M%S%fZ}.jsonl.gz"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return path, os.fdopen(descriptor, "wb")


def _delete_entries(ids: list[int], cutoff: datetime) -> int:
    """The only deletion of journal rows, in raw SQL: the ORM refuses any (JournalQuerySet.delete)
    so that nothing else deletes by mistake, and on PostgreSQL the trigger of migration 0003
    refuses it for an entry younger than 180 days."""
    quote = connection.ops.quote_name
    table, at = quote(JournalEntry._meta.db_table), quote("at")
    deleted = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {table} WHERE {at} < %s AND id IN ({placeholders})",  # noqa: S608 (names from the model)
                [cutoff, *chunk],
            )
            deleted += cursor.rowcount
    return deleted


def journal_archive(*, now: datetime | None = None) -> ArchiveResult:
    """Write the entries older than the retention to a gzip JSON-lines file under
    ``LIEN_JOURNAL_ARCHIVE_DIR`` (one per run, oldest first), then delete exactly those.

    Idempotent: a second run finds nothing and writes no file. The rows are locked while they are
    written (two workers cannot archive the same entries twice), and the file is on disk before
    the rows go; if the deletion fails, the transaction rolls back and the file is removed, so
    that the next run archives the same entries once."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    path: Path | None = None
    ids: list[int] = []
    try:
        with transaction.atomic():
            rows = (
                JournalEntry.objects.filter(at__lt=cutoff)
                .select_for_update(of=("self",))
                .order_by("at", "id")
                .values(*ARCHIVED_FIELDS)
            )
            raw: IO[bytes] | None = None
            archive: gzip.GzipFile | None = None
            try:
                for row in rows.iterator(chunk_size=2000):
                    if archive is None:
                        path, raw = _open_archive(Path(settings.LIEN_JOURNAL_ARCHIVE_DIR), cutoff, now)
                        archive = gzip.GzipFile(fileobj=raw, mode="wb", filename="")
                    archive.write(_archive_line(row))
                    ids.append(row["id"])
            finally:
                if archive is not None and raw is not None:
                    archive.close()
                    raw.flush()
                    os.fsync(raw.fileno())
                    raw.close()
            if ids and _delete_entries(ids, cutoff) != len(ids):
                raise RuntimeError("Journal entries changed while they were archived.")
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return ArchiveResult(count=len(ids), path=path)


# The trigger of migration 0003 that refuses the deletion of recent entries (PostgreSQL only).
RECENT_DELETE_TRIGGER = "journal_entry_no_recent_delete"


@contextmanager
def synthetic_entries_deletable() -> Iterator[None]:
    """Within the caller's transaction, let recent entries be deleted: for the bench's synthetic
    organisations only (``lien.demo.bench.bench_reset``), whose journal is generated with them.

    On PostgreSQL the trigger is disabled for this transaction and enabled again before it ends
    (``ALTER TABLE`` is transactional and locks the table meanwhile); on SQLite there is no
    trigger. Only the owner of the table can do this — as only the owner could drop the trigger:
    the trigger guards against mistakes and other roles, not against the schema's owner."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("synthetic_entries_deletable() runs inside a transaction.")
    if connection.vendor != "postgresql":
        yield
        return
    table = connection.ops.quote_name(JournalEntry._meta.db_table)

    def alter(change: str) -> None:
        with connection.cursor() as cursor:
            # The foreign keys' deferred checks are run first: a table with pending trigger
            # events cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} {change} TRIGGER {RECENT_DELETE_TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    alter("DISABLE")
    yield  # on an error, the rollback of the transaction enables the trigger again
    alter("ENABLE")
