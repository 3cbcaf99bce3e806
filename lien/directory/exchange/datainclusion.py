"""data·inclusion v1: ``{"structures": [...], "services": [...]}``, each record validated with
the models of the ``data-inclusion-schema`` package (the same schemas as
``standards/data-inclusion/v1/*.json``).

Import is idempotent on the record ``id`` (kept as ``source_id``, with ``source``), within the
importing organisation. Fields that data·inclusion does not carry (AME, C2S, languages, typology,
how to get there, the partnership file) are left untouched by an import and absent from an
export. ``contact_nom_prenom`` is a named person: exported only on request.
"""

import pydantic
from data_inclusion.schema.v1 import Service as DIService
from data_inclusion.schema.v1 import Structure as DIStructure

from lien.accounts.models import Organisation, User
from lien.directory.exchange.common import (
    Entry,
    ExportError,
    ImportResult,
    apply_entries,
    duplicates,
    load_json,
    log_export,
)
from lien.directory.models import Contact, Service, Structure

# data·inclusion field -> Lien field, for the plain values (strings and numbers).
STRUCTURE_FIELDS = {
    "nom": "name",
    "description": "description",
    "lien_source": "source_url",
    "siret": "siret",
    "commune": "commune_name",
    "code_postal": "postal_code",
    "code_insee": "code_insee",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "longitude": "longitude",
    "latitude": "latitude",
    "telephone": "phone",
    "courriel": "email",
    "site_web": "website",
    "horaires_accueil": "opening_hours",
    "accessibilite_lieu": "accessibility_url",
}
STRUCTURE_LISTS = {"reseaux_porteurs": "networks"}
SERVICE_FIELDS = {
    "nom": "name",
    "description": "description",
    "lien_source": "source_url",
    "type": "type",
    "frais": "fees",
    "frais_precisions": "fees_details",
    "publics_precisions": "publics_details",
    "conditions_acces": "access_conditions",
    "commune": "commune_name",
    "code_postal": "postal_code",
    "code_insee": "code_insee",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "longitude": "longitude",
    "latitude": "latitude",
    "telephone": "phone",
    "courriel": "email",
    "lien_mobilisation": "booking_url",
    "mobilisation_precisions": "mobilisation_details",
    "volume_horaire_hebdomadaire": "weekly_hours",
    "nombre_semaines": "weeks",
    "horaires_accueil": "opening_hours",
}
# Sets in data·inclusion: written sorted, so that an export is stable.
SERVICE_LISTS = {
    "publics": "publics",
    "modes_accueil": "reception_modes",
    "modes_mobilisation": "mobilisation_modes",
    "mobilisable_par": "mobilisable_by",
}
FLOATS = {"latitude", "longitude", "weekly_hours"}
NULLABLE = FLOATS | {"weeks"}


def _put(record: dict, name: str, value) -> None:
    if value not in ("", None, []):
        record[name] = value


def structure_record(structure: Structure) -> dict:
    record = {"source": structure.source, "id": structure.source_id}
    for standard, ours in STRUCTURE_FIELDS.items():
        _put(record, standard, getattr(structure, ours))
    for standard, ours in STRUCTURE_LISTS.items():
        _put(record, standard, sorted(getattr(structure, ours)))
    record["date_maj"] = structure.source_updated_on.isoformat()
    return record


def service_record(service: Service, *, contact: Contact | None = None) -> dict:
    record = {"source": service.source, "structure_id": service.structure.source_id, "id": service.source_id}
    for standard, ours in SERVICE_FIELDS.items():
        _put(record, standard, getattr(service, ours))
    for standard, ours in SERVICE_LISTS.items():
        _put(record, standard, sorted(getattr(service, ours)))
    _put(record, "thematiques", service.thematic_codes)
    _put(record, "zone_eligibilite", list(service.coverage))
    if contact is not None:
        record["contact_nom_prenom"] = contact.name
    record["date_maj"] = service.source_updated_on.isoformat()
    return record


def _errors(label: str, error: pydantic.ValidationError) -> list[str]:
    return [
        f"{label}: {'.'.join(str(part) for part in item['loc']) or '-'}: {item['msg']}"
        for item in error.errors()
    ]


def export_datainclusion(
    *, organisation: Organisation, include_contacts: bool = False, acting_user: User | None = None
) -> dict:
    """The organisation's own structures and services; journalled."""
    structures = sorted(
        Structure.objects.filter(organisation=organisation), key=lambda s: (s.search_name, s.source_id)
    )
    services = sorted(
        Service.objects.filter(organisation=organisation)
        .select_related("structure")
        .prefetch_related("thematics", "contacts"),
        key=lambda s: (s.structure.search_name, s.structure.source_id, s.search_name, s.source_id),
    )
    data = {"structures": [structure_record(s) for s in structures], "services": []}
    for service in services:
        contacts = list(service.contacts.all()) if include_contacts else []
        data["services"].append(service_record(service, contact=contacts[0] if contacts else None))
    errors = []
    for kind, model in (("structures", DIStructure), ("services", DIService)):
        for index, record in enumerate(data[kind]):
            try:
                model.model_validate(record)
            except pydantic.ValidationError as error:
                errors += _errors(f"{kind}[{index}] (id={record['id']}, « {record.get('nom', '')} »)", error)
    if errors:
        raise ExportError(errors)
    log_export(
        user=acting_user,
        organisation=organisation,
        fmt="data·inclusion",
        structures=len(structures),
        services=len(services),
        contacts=include_contacts,
    )
    return data


def _fields(raw: dict, validated, mapping: dict, lists: dict) -> dict:
    """Strings as written in the file (pydantic would normalise URLs), numbers as validated."""
    fields = {}
    for standard, ours in mapping.items():
        value = raw.get(standard)
        if ours in NULLABLE:
            value = getattr(validated, standard)
            fields[ours] = float(value) if value is not None and ours in FLOATS else value
        else:
            fields[ours] = "" if value is None else str(value)
    for standard, ours in lists.items():
        fields[ours] = sorted(set(raw.get(standard) or []))
    return fields


def _read(raw, kind: str, index: int, model, result: ImportResult):
    label = f"{kind}[{index}]"
    if not isinstance(raw, dict):
        result.errors.append(f"{label}: objet JSON attendu")
        return None, label
    label += f" (id={raw.get('id')})"
    try:
        validated = model.model_validate(raw)
    except pydantic.ValidationError as error:
        result.errors.extend(_errors(label, error))
        return None, label
    return validated, label


def read_datainclusion(data: bytes, result: ImportResult) -> tuple[list[Entry], list[Entry]]:
    """Check every record of the file; entries are returned only when all are valid."""
    document = load_json(data, result)
    if document is None:
        return [], []
    if not isinstance(document, dict) or not all(
        isinstance(document.get(key, []), list) for key in ("structures", "services")
    ):
        result.errors.append('fichier: objet {"structures": [...], "services": [...]} attendu')
        return [], []
    structures, services = [], []
    for index, raw in enumerate(document.get("structures", [])):
        validated, label = _read(raw, "structures", index, DIStructure, result)
        if validated is not None:
            fields = _fields(raw, validated, STRUCTURE_FIELDS, STRUCTURE_LISTS)
            fields |= {"source": validated.source, "source_updated_on": validated.date_maj}
            structures.append(Entry(label=label, key=validated.id, fields=fields))
    for index, raw in enumerate(document.get("services", [])):
        validated, label = _read(raw, "services", index, DIService, result)
        if validated is not None:
            fields = _fields(raw, validated, SERVICE_FIELDS, SERVICE_LISTS)
            fields |= {
                "source": validated.source,
                "source_updated_on": validated.date_maj,
                "coverage": list(raw.get("zone_eligibilite") or []),
            }
            name = (validated.contact_nom_prenom or "").strip()
            services.append(
                Entry(
                    label=label,
                    key=validated.id,
                    fields=fields,
                    thematics=sorted(t.value for t in validated.thematiques or []),
                    structure_key=validated.structure_id,
                    contacts=[{"name": name[:150]}] if name else None,
                )
            )
    duplicates(structures, result)
    duplicates(services, result)
    return structures, services


def import_datainclusion(*, organisation: Organisation, data: bytes) -> ImportResult:
    """Create or update (by ``id``) every structure and service of the file, or nothing at all."""
    result = ImportResult()
    structures, services = read_datainclusion(data, result)
    if not result.ok:
        return result
    return apply_entries(
        organisation=organisation,
        key_field="source_id",
        structures=structures,
        services=services,
        result=result,
    )
