"""The person's right of access (RGPD art. 15): everything Lien holds about one person, as JSON
and as a printed document, each export journalled.

What to gather is found by introspection, not listed by hand: every model with a path to
``Person`` — a foreign key to it, or to a model that has one (a goal's actions, an appointment's
reminders, a saisine's events). A table added tomorrow that points to a person is in the export
the day it exists; tests/people/test_erasure_coverage.py walks the same paths to prove that a
consent withdrawal leaves no text behind.

The journal is not copied: the export says when the file was read or changed and how (the
person may know it), not by whom (the professionals' names are not theirs to receive).
"""

import json
from datetime import date, datetime
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.models import Person

HOPS = 2
# Read apart (``accesses``), never copied row by row.
NOT_GATHERED = {"journal.JournalEntry"}


def person_paths(
    model: type[models.Model], hops: int = HOPS, seen: frozenset[type[models.Model]] = frozenset()
) -> list[str]:
    """The lookups from ``model`` to a Person (``person``, ``saisine__requester``…)."""
    if model is Person:
        return ["pk"]
    paths = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None:
            continue
        if target is Person:
            paths.append(field.name)
        elif hops > 1 and target is not model and target not in seen:
            paths += [f"{field.name}__{path}" for path in person_paths(target, hops - 1, seen | {model})]
    return paths


def person_models() -> dict[type[models.Model], list[str]]:
    """Every model with a path to a person, and its paths."""
    return {model: paths for model in apps.get_models() if (paths := person_paths(model))}


def rows_of(model: type[models.Model], person: Person) -> models.QuerySet[Any]:
    """The rows of ``model`` about ``person``, by any of its paths."""
    paths = person_models()[model]
    return model._base_manager.filter(reduce(or_, (models.Q(**{path: person.pk}) for path in paths)))


def _shown(field: models.Field[Any, Any]) -> bool:
    """A field the person receives: not a text Lien derives for its searches (``search_text``),
    not the link back to the person themselves."""
    if isinstance(field, models.CharField | models.TextField) and not field.editable:
        return False
    return not (field.is_relation and field.related_model is Person)


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    if field.choices:
        return getattr(row, f"get_{field.name}_display")()
    value = getattr(row, field.name)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return (value.name or "").rsplit("/", 1)[-1] or None
    return str(value)


def _section(model: type[models.Model], rows: list[models.Model]) -> dict[str, Any]:
    fields = [field for field in model._meta.concrete_fields if _shown(field)]
    return {
        "model": model._meta.label_lower,
        "name": str(model._meta.verbose_name_plural),
        "fields": {field.name: str(field.verbose_name) for field in fields},
        "rows": [{field.name: _value(row, field) for field in fields} for row in rows],
    }


def person_data(person: Person) -> dict[str, Any]:
    """Everything Lien holds about ``person``: their file, a section per kind of record that has
    rows about them (in the order of the apps), and the reads and changes of the journal."""
    records = []
    for model in person_models():
        if model is Person or model._meta.label in NOT_GATHERED:
            continue
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and _shown(f)]
        found = rows_of(model, person).order_by("pk")
        rows = list(found.select_related(*related) if related else found)
        if rows:
            records.append(_section(model, rows))
    accesses = JournalEntry.objects.filter(person=person).order_by("at", "pk")
    return {
        "generated_at": timezone.localtime().isoformat(timespec="minutes"),
        "organisation": person.organisation.name,
        "person": _section(Person, [person]),
        "records": records,
        "accesses": [
            {
                "at": timezone.localtime(entry.at).isoformat(timespec="minutes"),
                "action": entry.get_action_display(),
            }
            for entry in accesses
        ],
    }


def person_data_export(*, acting_user: User, person: Person, kind: str) -> dict[str, Any]:
    """The person's data for their request of access, journalled as an export (``kind``: JSON or
    PDF) in the person's organisation. Refused to anyone without ``PERSON_DATA_EXPORT`` there:
    the page and the API go through this one check."""
    if not has_perm(acting_user, Perm.PERSON_DATA_EXPORT, person.organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'exporter les données de cette personne.")
    data = person_data(person)
    JournalEntry.log_export(
        user=acting_user,
        obj=person,
        organisation=person.organisation,
        person=person,
        detail=f"Droit d'accès de la personne : {kind}",
    )
    return data


def _printed(value: Any) -> str | None:
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 300 else text[:300] + "…"
    return None if value in (None, "") else str(value)


def printable_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections of ``person_data`` as the printed document shows them: each row as pairs of
    the field's name and its value in words (oui/non; a drawn signature shortened)."""
    return [
        {
            "name": section["name"],
            "rows": [
                [(section["fields"][name], _printed(value)) for name, value in row.items()]
                for row in section["rows"]
            ],
        }
        for section in [data["person"], *data["records"]]
    ]
