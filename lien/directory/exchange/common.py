"""What both formats share: the import result, and writing checked records all-or-nothing.

Each format reads its file into ``Entry`` objects (model fields, keyed by the identifier the
format carries: ``source_id`` for data·inclusion, ``uuid`` for HSDS); ``apply_entries`` then
creates or updates them in one transaction, or writes nothing if any record is invalid.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from lien.accounts.models import Organisation, User
from lien.directory import enums
from lien.directory.models import Contact, Service, Structure
from lien.directory.services import _set_thematics, validate_service, validate_structure
from lien.journal.models import JournalEntry

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ExportError(Exception):
    """The organisation's own data does not fit the standard (listed in ``errors``)."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} fiche(s) non conformes au format d'échange.")
        self.errors = errors


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    structures: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        s, v = self.structures, self.services
        return (
            f"structures: {s.created} created, {s.updated} updated, {s.unchanged} unchanged; "
            f"services: {v.created} created, {v.updated} updated, {v.unchanged} unchanged"
        )


@dataclass
class Entry:
    """One record read from a file, ready to be written."""

    label: str  # where it is in the file, for error messages: "structures[3] (id=…)"
    key: str
    fields: dict
    contacts: list[dict] | None = None  # None: leave the existing contacts alone
    thematics: list[str] | None = None  # services only
    structure_key: str = ""  # services only


class _Abort(Exception):
    pass


def load_json(data: bytes, result: ImportResult):
    if len(data) > MAX_IMPORT_BYTES:
        result.errors.append(f"fichier: plus de {MAX_IMPORT_BYTES // (1024 * 1024)} Mo")
        return None
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        result.errors.append("fichier: n'est pas encodé en UTF-8")
    except json.JSONDecodeError as error:
        result.errors.append(
            f"fichier: JSON invalide (ligne {error.lineno}, colonne {error.colno}: {error.msg})"
        )
    except RecursionError:
        result.errors.append(f"fichier: JSON imbriqué sur plus de {MAX_DEPTH} niveaux")
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        result.errors.append("fichier: JSON invalide (nombre trop long)")
    else:
        problem = _shape_problem(loaded)
        if problem is None:
            return loaded
        result.errors.append(f"fichier: {problem}")
    return None


# No directory format nests deeper than this (an HSDS service: service → schedules → list → item).
MAX_DEPTH = 32


def _shape_problem(value: Any) -> str | None:
    """What makes a parsed file unusable whatever its format: nesting deeper than ``MAX_DEPTH``,
    or a NUL character in a text (PostgreSQL refuses it)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"JSON imbriqué sur plus de {MAX_DEPTH} niveaux"
        if isinstance(item, str):
            if "\x00" in item:
                return "caractère nul (\\u0000) dans un texte"
        elif isinstance(item, dict):
            stack.extend((key, depth + 1) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages


def _differs(obj: models.Model, fields: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in fields.items())


def _sync_contacts(
    structure: Structure, service: Service | None, contacts: list[dict[str, Any]], by: str
) -> None:
    """Create the contacts the file names and the directory lacks; update those matched by
    ``by`` (``uuid`` or ``name``). Never deletes a contact someone typed in."""
    existing = {str(getattr(c, by)): c for c in Contact.objects.filter(structure=structure, service=service)}
    for data in contacts:
        contact = existing.get(str(data[by]))
        if contact is None:
            contact = Contact(structure=structure, service=service, **data)
            contact.save()
            JournalEntry.log_create(user=None, obj=contact, organisation=structure.organisation)
        elif _differs(contact, data):
            for name, value in data.items():
                setattr(contact, name, value)
            contact.save()
            JournalEntry.log_update(
                user=None, obj=contact, organisation=structure.organisation, detail="import"
            )


def _write_structures(
    organisation: Organisation,
    key_field: str,
    entries: list[Entry],
    result: ImportResult,
    errors: list[str],
) -> dict[str, Structure | None]:
    keys = [entry.key for entry in entries]
    existing = {
        str(getattr(s, key_field)): s
        for s in Structure.objects.filter(organisation=organisation, **{f"{key_field}__in": keys})
    }
    written: dict[str, Structure | None] = {}
    for entry in entries:
        structure = existing.get(entry.key)
        created = structure is None
        if structure is None:
            structure = Structure(organisation=organisation, **{key_field: entry.key})
        changed = created or _differs(structure, entry.fields)
        for name, value in entry.fields.items():
            setattr(structure, name, value)
        if not structure.source_id:
            structure.source, structure.source_id = (
                enums.LIEN_SOURCE,
                f"{enums.LIEN_SOURCE}--{structure.uuid}",
            )
        structure.refresh_search_fields()
        try:
            validate_structure(structure)
        except ValidationError as error:
            errors.extend(f"{entry.label}: {message}" for message in _messages(error))
            written[entry.key] = None  # its services are not checked against a structure in error
            continue
        if changed:
            structure.save()
        counts = result.structures
        counts.created += created
        counts.updated += changed and not created
        counts.unchanged += not changed
        if entry.contacts is not None:
            _sync_contacts(structure, None, entry.contacts, "uuid")
        written[entry.key] = structure
    return written


def _write_services(
    organisation: Organisation,
    key_field: str,
    entries: list[Entry],
    structures: dict[str, Structure | None],
    result: ImportResult,
    errors: list[str],
) -> None:
    keys = [entry.key for entry in entries]
    existing = {
        str(getattr(s, key_field)): s
        for s in Service.objects.filter(
            organisation=organisation, **{f"{key_field}__in": keys}
        ).prefetch_related("thematics")
    }
    missing = {e.structure_key for e in entries} - set(structures)
    for found in Structure.objects.filter(organisation=organisation, **{f"{key_field}__in": missing}):
        structures[str(getattr(found, key_field))] = found
    for entry in entries:
        if entry.structure_key in structures and structures[entry.structure_key] is None:
            continue
        structure = structures.get(entry.structure_key)
        if structure is None:
            errors.append(
                f"{entry.label}: structure « {entry.structure_key} » absente du fichier et de l'annuaire"
            )
            continue
        service = existing.get(entry.key)
        created = service is None
        if service is None:
            service = Service(organisation=organisation, **{key_field: entry.key})
        thematics = sorted(set(entry.thematics or []))
        before = [] if created else sorted(t.code for t in service.thematics.all())
        changed = created or service.structure_id != structure.pk or _differs(service, entry.fields)
        changed = changed or before != thematics
        service.structure = structure
        for name, value in entry.fields.items():
            setattr(service, name, value)
        if not service.source_id:
            service.source, service.source_id = enums.LIEN_SOURCE, f"{enums.LIEN_SOURCE}--{service.uuid}"
        service.refresh_search_fields(thematics=thematics)
        try:
            validate_service(service, thematics)
        except ValidationError as error:
            errors.extend(f"{entry.label}: {message}" for message in _messages(error))
            continue
        if changed:
            service.save()
            _set_thematics(service, thematics)
        else:
            # The structure may have changed (name, place): keep the search columns right.
            service.save(
                update_fields=[
                    "search_name",
                    "search_text",
                    "place_insee",
                    "place_lat",
                    "place_lon",
                    "hours_known",
                    "open_days",
                    "coverage_key",
                ]
            )
        counts = result.services
        counts.created += created
        counts.updated += changed and not created
        counts.unchanged += not changed
        if entry.contacts is not None:
            _sync_contacts(structure, service, entry.contacts, "uuid" if key_field == "uuid" else "name")


def apply_entries(
    *,
    organisation: Organisation,
    key_field: str,
    structures: list[Entry],
    services: list[Entry],
    result: ImportResult,
) -> ImportResult:
    """Create or update every entry, in one transaction; on any error, write nothing."""
    errors: list[str] = []
    try:
        with transaction.atomic():
            written = _write_structures(organisation, key_field, structures, result, errors)
            _write_services(organisation, key_field, services, written, result, errors)
            if errors:
                raise _Abort
    except _Abort:
        result.errors.extend(errors)
        result.structures, result.services = Counts(), Counts()
    return result


def duplicates(entries: list[Entry], result: ImportResult) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.key in seen:
            result.errors.append(f"{entry.label}: identifiant déjà présent ({seen[entry.key]})")
        else:
            seen[entry.key] = entry.label


def log_export(
    *, user: User | None, organisation: Organisation, fmt: str, structures: int, services: int, contacts: bool
) -> None:
    JournalEntry.log_export(
        user=user,
        obj=organisation,
        organisation=organisation,
        detail=f"annuaire {fmt}: {structures} structures, {services} services"
        + (", personnes contacts incluses" if contacts else ""),
    )


def dumps_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
