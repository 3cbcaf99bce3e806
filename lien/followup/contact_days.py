"""The days each person was met or reached (``ContactDay``), kept in step with the contact sources.

The sources stay the definition (``sections.contact_source``: a reached call, an attended
appointment, a rapid test…). ``ContactDay`` is what they say, one row per person and day, so that
the last contact, the ruptures and « personnes accompagnées » read one indexed table whatever the
number of contacts (issue 15: the programme report and the call-back list at a million contacts).

It is kept on every path that writes a source:

- a source row saved or deleted (a page, the API, an import, the admin) refreshes its person's
  days, and those of the person it was read with if it moved, in the same transaction
  (``post_save``/``post_delete``, connected for each source model when it registers,
  ``sections.contact_source``); a deletion only removes days, so a cascade that deletes a person
  never writes a row for them;
- a bulk write that bypasses the signals (``QuerySet.update`` of source dates, the bench's
  generator) calls ``refresh_contact_days`` or ``rebuild_contact_days`` itself;
- after ``migrate`` the table is filled if it is empty while sources hold contacts (an
  installation upgraded to this version).

``tests/followup/test_contact_days.py`` checks that the table equals what the sources say after
each path.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from lien.followup.models import ContactDay
from lien.followup.selectors import contact_sources

_CHUNK = 500


def _as_date(value: date | str) -> date:
    """A day out of a UNION: SQLite gives the ISO text of a truncated datetime."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _source_days(person_ids: Iterable[int] | None = None) -> QuerySet[Any, tuple[int, date]] | None:
    """The distinct ``(person id, day)`` of every registered source (one UNION), for these people
    or, without ``person_ids``, for everyone with a file."""
    parts = []
    for model, _lookup, expression, condition in contact_sources():
        rows = model._default_manager.filter(condition)
        rows = rows.filter(person_id__in=person_ids) if person_ids is not None else rows.exclude(person=None)
        parts.append(rows.annotate(contact_day=expression).order_by().values_list("person_id", "contact_day"))
    if not parts:
        return None
    return parts[0].union(*parts[1:]).order_by()


def refresh_contact_days(person_ids: Iterable[int | None], *, only_remove: bool = False) -> None:
    """Make these people's ``ContactDay`` rows exactly the days their sources say. With
    ``only_remove`` (a deletion), days no longer supported go and none is added."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        union = _source_days(chunk)
        wanted = {(pk, _as_date(day)) for pk, day in union} if union is not None else set()
        have = set(ContactDay.objects.filter(person_id__in=chunk).values_list("person_id", "day"))
        gone: dict[int, list[date]] = defaultdict(list)
        for pk, day in have - wanted:
            gone[pk].append(day)
        for pk, days in gone.items():
            ContactDay.objects.filter(person_id=pk, day__in=days).delete()
        if not only_remove:
            new = [ContactDay(person_id=pk, day=day) for pk, day in sorted(wanted - have)]
            ContactDay.objects.bulk_create(new, ignore_conflicts=True)


@transaction.atomic
def rebuild_contact_days() -> int:
    """Rebuild the whole table from the sources in one INSERT … SELECT; return the rows written."""
    ContactDay.objects.all().delete()
    union = _source_days()
    if union is None:
        return 0
    sql, params = union.query.sql_with_params()
    quote = connection.ops.quote_name
    table, person, day = (quote(name) for name in (ContactDay._meta.db_table, "person_id", "day"))
    with connection.cursor() as cursor:
        # Quoted names and the ORM's own compiled query; the values are parameters.
        select = f"SELECT DISTINCT person_id, contact_day FROM ({sql}) AS days"  # noqa: S608
        cursor.execute(f"INSERT INTO {table} ({person}, {day}) {select}", params)
    return ContactDay.objects.count()


def on_source_loaded(sender: type, instance: Any, **kwargs: object) -> None:
    """Remember the person a row was read with: a row moved to another person refreshes both."""
    instance.__dict__["_contact_days_person_id"] = instance.__dict__.get("person_id")


def on_source_saved(sender: type, instance: Any, raw: bool = False, **kwargs: object) -> None:
    if not raw:
        before = instance.__dict__.get("_contact_days_person_id")
        refresh_contact_days([getattr(instance, "person_id", None), before])
        instance.__dict__["_contact_days_person_id"] = getattr(instance, "person_id", None)


def on_source_deleted(sender: type, instance: Any, **kwargs: object) -> None:
    refresh_contact_days([getattr(instance, "person_id", None)], only_remove=True)


def fill_if_missing(**kwargs: object) -> None:
    """After ``migrate``: an installation that has contacts but no ``ContactDay`` yet gets them."""
    if ContactDay.objects.exists():
        return
    union = _source_days()
    if union is not None and union.exists():
        rebuild_contact_days()
