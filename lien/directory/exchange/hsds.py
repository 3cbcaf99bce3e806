"""Open Referral HSDS 3.1: a JSON array of ``service`` objects, each with its ``organization``
and its ``service_at_locations`` (each with its ``location``) nested, as the HSDS API answers
``/services/{id}``; every object is validated against the HSDS JSON Schemas.

Mapping (Lien → HSDS):
- structure → ``organization`` (id = the structure's UUID) with its place as
  ``organization.locations[0]`` (address, coordinates, schedules, accessibility, languages,
  ``transportation`` = how to get there), its phone, SIRET as an ``organization_identifier``;
- service → ``service`` (id = the service's UUID); its own place, when it has one, as a second
  location; otherwise its ``service_at_location`` points to the structure's;
- code lists (thematics, publics, fees, modes, networks, typology, AME/C2S) as ``attributes``
  whose ``taxonomy_term.taxonomy`` names the list (``data-inclusion:thematiques``…), and the
  data·inclusion identifiers as attributes too, so that nothing the two standards carry is lost;
- opening hours: structured ``schedules`` (weekly, ``byday``, ``opens_at``/``closes_at``),
  with the OSM string kept in ``notes`` (``OSM opening_hours: …``);
- eligibility zone: a ``service_area`` per code (its ``name``), and one per zone written as free
  text, as the standard allows (its ``name`` and ``description``): such a zone is kept as text
  (``coverage_areas``), and adds to ``coverage`` the codes of the commune, département or région
  it names, if Lien knows it (``zones.py``).
Ids of nested objects derive from their parent's UUID (``uuid5``): exports are stable.
Import is idempotent on the service and organization ids.
"""

import json
import re
import uuid
from datetime import date
from functools import cache
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lien.accounts.models import Organisation, User
from lien.communes.models import Commune
from lien.directory import enums
from lien.directory.enums import STANDARDS_DIR
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
from lien.directory.opening_hours import (
    DAY_CODES,
    FULL_DAY,
    day_groups,
    describe_fr,
    format_opening_hours,
    normalise_week,
    parse_opening_hours,
)
from lien.directory.zones import Places

SCHEMA_DIR = STANDARDS_DIR / "hsds-3.1" / "schema"
NAMESPACE = uuid.UUID("6f1c1e0a-4b1e-5b8e-9a53-6c69656e2d64")  # fixed: ids of taxonomy terms
HOURS_PREFIX = "OSM opening_hours: "
BOOKING_LABEL = "lien_mobilisation"

# taxonomy name -> (Lien field, code list) of the attributes of a service
SERVICE_TAXONOMIES = {
    "data-inclusion:thematiques": ("thematics", dict(enums.THEMATICS)),
    "data-inclusion:types-de-services": ("type", dict(enums.SERVICE_TYPES)),
    "data-inclusion:frais": ("fees", dict(enums.FEES)),
    "data-inclusion:publics": ("publics", dict(enums.PUBLICS)),
    "data-inclusion:modes-accueil": ("reception_modes", dict(enums.RECEPTION_MODES)),
    "data-inclusion:modes-mobilisation": ("mobilisation_modes", dict(enums.MOBILISATION_MODES)),
    "data-inclusion:personnes-mobilisatrices": ("mobilisable_by", dict(enums.MOBILISABLE_BY)),
}
ORGANIZATION_TAXONOMIES = {
    "data-inclusion:reseaux-porteurs": ("networks", dict(enums.NETWORKS)),
    "lien:typologies-de-structures": ("typology", dict(enums.TYPOLOGIES)),
}
COVERAGE = "lien:prise-en-charge"  # codes "ame", "c2s"; value "true" / "false"
FIELDS = "data-inclusion:champs"  # codes "source", "id", numbers; value = the field's value
INSEE = "insee:code-officiel-geographique"
SINGLE = {"type", "fees", "typology"}
CODE_AREA = "Code officiel géographique (INSEE)"  # the description of an area that is a code
# An area named by a code, from any producer: a commune, a département, an EPCI, a country.
AREA_CODE = re.compile(r"^(france|\d[\dAB]\d{0,3}|\d{9})$", re.ASCII)


@cache
def validator() -> Draft202012Validator:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMA_DIR / "service.json").read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validation_errors(service: dict) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in error.absolute_path) or '-'}: {error.message}"
        for error in sorted(validator().iter_errors(service), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _id(parent, role: str) -> str:
    return str(uuid.uuid5(uuid.UUID(str(parent)), role))


def _attribute(parent, entity: str, taxonomy: str, code: str, label: str, value: str | None = None) -> dict:
    term_id = str(uuid.uuid5(NAMESPACE, f"{taxonomy}:{code}"))
    attribute = {
        "id": _id(parent, f"attribute:{taxonomy}:{code}"),
        "taxonomy_term_id": term_id,
        "link_entity": entity,
        "label": str(label),
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": str(label),
            "description": str(label),
            "taxonomy": taxonomy,
        },
    }
    if value is not None:
        attribute["value"] = value
    return attribute


def _put(obj: dict, name: str, value) -> None:
    if value not in ("", None, []):
        obj[name] = value


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _schedules(parent, text: str) -> list[dict]:
    if not text:
        return []
    notes = HOURS_PREFIX + text
    hours = parse_opening_hours(text)
    if hours is None:
        return [{"id": _id(parent, "schedule"), "description": "Horaires : voir les notes.", "notes": notes}]
    description = " ; ".join(describe_fr(hours))
    schedules = []
    for days, intervals in day_groups(hours):
        for start, end in intervals:
            schedules.append(
                {
                    "id": _id(parent, f"schedule:{days[0]}:{start}"),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(DAY_CODES[day].upper() for day in days),
                    "opens_at": _time(start),
                    "closes_at": _time(end),
                    "description": description,
                    "notes": notes,
                }
            )
    return schedules or [{"id": _id(parent, "schedule"), "description": description, "notes": notes}]


def _address(parent, place, departements: dict[str, str]) -> list[dict]:
    if not (
        place.address
        or place.address_complement
        or place.postal_code
        or place.commune_name
        or place.code_insee
    ):
        return []
    address_id = _id(parent, "address")
    address = {
        "id": address_id,
        "address_1": place.address,
        "city": place.commune_name,
        "state_province": departements.get(place.code_insee, ""),
        "postal_code": place.postal_code,
        "country": "FR",
        "address_type": "physical",
    }
    _put(address, "address_2", place.address_complement)
    if place.code_insee:
        address["attributes"] = [
            _attribute(
                address_id, "address", INSEE, "code_insee", "Code INSEE de la commune", place.code_insee
            )
        ]
    return [address]


def _location(location_id: str, place, name: str, departements, *, structure: Structure | None) -> dict:
    location: dict[str, Any] = {"id": location_id, "location_type": "physical", "name": name}
    if structure is not None:
        location["organization_id"] = str(structure.uuid)
        _put(location, "transportation", structure.access_directions)
    _put(location, "latitude", place.latitude)
    _put(location, "longitude", place.longitude)
    if structure is not None:
        location["languages"] = [
            {
                "id": _id(location_id, f"language:{code}"),
                "code": code,
                "name": str(enums.LANGUAGE_LABELS.get(code, code)),
            }
            for code in structure.languages
        ]
    location["addresses"] = _address(location_id, place, departements)
    if structure is not None:
        location["schedules"] = _schedules(location_id, structure.opening_hours)
        if structure.accessibility_url:
            location["accessibility"] = [
                {
                    "id": _id(location_id, "accessibility"),
                    "url": structure.accessibility_url,
                    "description": "Acceslibre",
                }
            ]
    return location


def _has_place(entry) -> bool:
    return (
        any(
            [entry.address, entry.address_complement, entry.postal_code, entry.commune_name, entry.code_insee]
        )
        or entry.latitude is not None
    )


def _structure_has_place(structure: Structure) -> bool:
    return _has_place(structure) or any(
        [
            structure.opening_hours,
            structure.accessibility_url,
            structure.languages,
            structure.access_directions,
        ]
    )


def _phones(parent, number: str) -> list[dict]:
    return [{"id": _id(parent, "phone"), "number": number}] if number else []


def _contact(contact: Contact) -> dict:
    data: dict[str, Any] = {"id": str(contact.uuid), "name": contact.name}
    _put(data, "title", contact.role)
    _put(data, "email", contact.email)
    data["phones"] = _phones(contact.uuid, contact.phone)
    return data


def _identifiers(parent, entity: str, entry) -> list[dict]:
    return [
        _attribute(parent, entity, FIELDS, "source", "source (data·inclusion)", entry.source),
        _attribute(parent, entity, FIELDS, "id", "id (data·inclusion)", entry.source_id),
    ]


def organization_object(structure: Structure, departements, contacts: list[Contact]) -> dict:
    org: dict[str, Any] = {
        "id": str(structure.uuid),
        "name": structure.name,
        "description": structure.description,
    }
    _put(org, "email", structure.email)
    _put(org, "website", structure.website)
    _put(org, "uri", structure.source_url)
    if structure.siret:
        org["organization_identifiers"] = [
            {
                "id": _id(structure.uuid, "siret"),
                "identifier_scheme": "FR-SIRET",
                "identifier_type": "SIRET",
                "identifier": structure.siret,
            }
        ]
    org["phones"] = _phones(structure.uuid, structure.phone)
    org["contacts"] = [_contact(contact) for contact in contacts]
    org["locations"] = (
        [
            _location(
                _id(structure.uuid, "location"), structure, structure.name, departements, structure=structure
            )
        ]
        if _structure_has_place(structure)
        else []
    )
    attributes = _identifiers(structure.uuid, "organization", structure)
    attributes.append(
        _attribute(
            structure.uuid,
            "organization",
            FIELDS,
            "date_maj",
            "date_maj (data·inclusion)",
            structure.source_updated_on.isoformat(),
        )
    )
    if structure.typology:
        attributes.append(
            _attribute(
                structure.uuid,
                "organization",
                "lien:typologies-de-structures",
                structure.typology,
                structure.typology_label,
            )
        )
    labels = dict(enums.NETWORKS)
    attributes += [
        _attribute(
            structure.uuid, "organization", "data-inclusion:reseaux-porteurs", code, labels.get(code, code)
        )
        for code in sorted(structure.networks)
    ]
    org["attributes"] = attributes
    return org


def _service_attributes(service: Service) -> list[dict]:
    attributes = _identifiers(service.uuid, "service", service)
    for taxonomy, (name, labels) in SERVICE_TAXONOMIES.items():
        value = service.thematic_codes if name == "thematics" else getattr(service, name)
        for code in sorted([value] if name in SINGLE and value else [] if name in SINGLE else value):
            attributes.append(_attribute(service.uuid, "service", taxonomy, code, labels.get(code, code)))
    for code, label, value in (
        ("ame", "Accepte l'AME", service.accepts_ame),
        ("c2s", "Accepte la C2S", service.accepts_c2s),
    ):
        if value is not None:
            attributes.append(
                _attribute(service.uuid, "service", COVERAGE, code, label, "true" if value else "false")
            )
    for code, value in (
        ("volume_horaire_hebdomadaire", service.weekly_hours),
        ("nombre_semaines", service.weeks),
    ):
        if value is not None:
            attributes.append(_attribute(service.uuid, "service", FIELDS, code, code, json.dumps(value)))
    if service.publics_details:
        attributes.append(
            _attribute(
                service.uuid,
                "service",
                FIELDS,
                "publics_precisions",
                "publics_precisions",
                service.publics_details,
            )
        )
    return attributes


def service_object(service: Service, departements, *, include_contacts: bool) -> dict:
    structure = service.structure
    data: dict[str, Any] = {
        "id": str(service.uuid),
        "organization_id": str(structure.uuid),
        "name": service.name,
        "description": service.description,
        "status": "active",
    }
    _put(data, "url", service.source_url)
    if service.booking_url:
        data["additional_urls"] = [
            {"id": _id(service.uuid, "booking"), "label": BOOKING_LABEL, "url": service.booking_url}
        ]
    _put(data, "email", service.email)
    _put(data, "application_process", service.mobilisation_details)
    _put(data, "fees_description", service.fees_details)
    _put(data, "eligibility_description", service.access_conditions)
    data["last_modified"] = f"{service.source_updated_on.isoformat()}T00:00:00Z"
    data["phones"] = _phones(service.uuid, service.phone)
    data["schedules"] = _schedules(service.uuid, service.opening_hours)
    data["service_areas"] = [
        {"id": _id(service.uuid, f"area:{code}"), "name": code, "description": CODE_AREA}
        for code in service.coverage
    ] + [
        {"id": _id(service.uuid, f"area:text:{index}")}
        | {name: text for name in ("name", "description") if (text := area.get(name))}
        for index, area in enumerate(service.coverage_areas)
    ]
    contacts = [c for c in service.contacts.all() if include_contacts]
    data["contacts"] = [_contact(contact) for contact in contacts]
    data["attributes"] = _service_attributes(service)
    structure_contacts = [c for c in structure.contacts.all() if c.service_id is None and include_contacts]
    data["organization"] = organization_object(structure, departements, structure_contacts)
    location: dict[str, Any] | None
    if _has_place(service):
        location = _location(
            _id(service.uuid, "location"), service, service.name, departements, structure=None
        )
    elif data["organization"]["locations"]:
        location = data["organization"]["locations"][0]
    else:
        location = None
    data["service_at_locations"] = (
        [
            {
                "id": _id(service.uuid, "service_at_location"),
                "service_id": str(service.uuid),
                "location_id": location["id"],
                "location": location,
            }
        ]
        if location
        else []
    )
    return data


def export_hsds(
    *, organisation: Organisation, include_contacts: bool = False, acting_user: User | None = None
) -> list[dict]:
    services = sorted(
        Service.objects.filter(organisation=organisation)
        .select_related("structure")
        .prefetch_related("thematics", "contacts", "structure__contacts"),
        key=lambda s: (s.structure.search_name, str(s.structure.uuid), s.search_name, str(s.uuid)),
    )
    data = hsds_services(services, include_contacts=include_contacts)
    errors = [
        f"services[{index}] (id={item['id']}, « {item['name']} »): {message}"
        for index, item in enumerate(data)
        for message in validation_errors(item)
    ]
    if errors:
        raise ExportError(errors)
    log_export(
        user=acting_user,
        organisation=organisation,
        fmt="HSDS",
        structures=len({s.structure_id for s in services}),
        services=len(services),
        contacts=include_contacts,
    )
    return data


def hsds_services(services: list[Service], *, include_contacts: bool) -> list[dict]:
    codes = {code for s in services for code in (s.code_insee, s.structure.code_insee) if code}
    departements = dict(
        Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "departement_name")
    )
    return [service_object(service, departements, include_contacts=include_contacts) for service in services]


# Import -------------------------------------------------------------------------------------


def _attributes(obj: dict) -> dict[str, list[tuple[str, str | None]]]:
    """taxonomy -> [(code, value)], from ``attributes`` carrying a taxonomy term."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for attribute in obj.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        code, taxonomy = term.get("code"), term.get("taxonomy") or ""
        if isinstance(code, str) and isinstance(taxonomy, str):
            found.setdefault(taxonomy, []).append((code, attribute.get("value")))
    return found


def _hours(schedules: list[dict]) -> str:
    for schedule in schedules:
        notes = schedule.get("notes") or ""
        if notes.startswith(HOURS_PREFIX):
            return notes[len(HOURS_PREFIX) :]
    week: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    structured = False
    for schedule in schedules:
        try:
            start, end = (_minutes(schedule[key]) for key in ("opens_at", "closes_at"))
            days = [DAY_CODES.index(day.strip().title()) for day in schedule["byday"].split(",")]
        except (KeyError, ValueError, AttributeError):
            continue
        if 0 <= start < end <= FULL_DAY:
            structured = True
            for day in days:
                week[day].append((start, end))
    if structured:
        return format_opening_hours(normalise_week(week))
    return ""


def _date(text) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if isinstance(text, str) else None
    except ValueError:
        return None


def _key(value: str) -> str:
    """UUIDs compared in their canonical form (lower case, with dashes)."""
    return str(uuid.UUID(value))


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _place(location: dict | None) -> dict:
    place: dict[str, Any] = {
        "address": "",
        "address_complement": "",
        "postal_code": "",
        "commune_name": "",
        "code_insee": "",
        "latitude": None,
        "longitude": None,
    }
    if not location:
        return place
    if location.get("latitude") is not None and location.get("longitude") is not None:
        place["latitude"], place["longitude"] = float(location["latitude"]), float(location["longitude"])
    addresses = location.get("addresses") or []
    address = next(
        (a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else None
    )
    if address:
        place |= {
            "address": address.get("address_1") or "",
            "address_complement": address.get("address_2") or "",
            "postal_code": address.get("postal_code") or "",
            "commune_name": address.get("city") or "",
        }
        codes = _attributes(address).get(INSEE, [])
        place["code_insee"] = next((value or "" for code, value in codes if code == "code_insee"), "")
    return place


def _codes(attributes, taxonomy: str, allowed: dict) -> list[str]:
    return sorted({code for code, _value in attributes.get(taxonomy, []) if code in allowed})


def _field(attributes, code: str) -> str | None:
    return next(
        (value for c, value in attributes.get(FIELDS, []) if c == code and isinstance(value, str)), None
    )


def _contacts(items: list[dict] | None) -> list[dict]:
    contacts = []
    for item in items or []:
        if not item.get("name"):
            continue
        phones = item.get("phones") or []
        contacts.append(
            {
                "uuid": uuid.UUID(item["id"]),
                "name": item["name"][:150],
                "role": (item.get("title") or "")[:150],
                "email": item.get("email") or "",
                "phone": (phones[0].get("number") or "")[:50] if phones else "",
            }
        )
    return contacts


def _structure_entry(org: dict, location: dict | None, label: str) -> Entry:
    attributes = _attributes(org)
    fields = {
        "name": org["name"],
        "description": org.get("description") or "",
        "email": org.get("email") or "",
        "website": org.get("website") or "",
        "source_url": org.get("uri") or "",
        "siret": next(
            (
                i["identifier"]
                for i in org.get("organization_identifiers") or []
                if str(i.get("identifier_type", "")).upper() == "SIRET"
            ),
            "",
        ),
        "phone": next((p["number"] for p in org.get("phones") or []), ""),
        "networks": _codes(attributes, "data-inclusion:reseaux-porteurs", dict(enums.NETWORKS)),
        "typology": next(
            iter(_codes(attributes, "lien:typologies-de-structures", enums.TYPOLOGY_LABELS)), ""
        ),
        **_place(location),
        "access_directions": (location or {}).get("transportation") or "",
        "opening_hours": _hours((location or {}).get("schedules") or []),
        "accessibility_url": next(
            (a["url"] for a in (location or {}).get("accessibility") or [] if a.get("url")), ""
        ),
        "languages": [lang["code"] for lang in (location or {}).get("languages") or [] if lang.get("code")],
    }
    source, source_id = _field(attributes, "source"), _field(attributes, "id")
    if source and source_id:
        fields |= {"source": source, "source_id": source_id}
    updated = _date(_field(attributes, "date_maj"))
    if updated is not None:
        fields["source_updated_on"] = updated
    return Entry(label=label, key=_key(org["id"]), fields=fields, contacts=_contacts(org.get("contacts")))


def _area_texts(item: dict) -> list[tuple[str, str]]:
    """(name, description) of each ``service_area`` of the service."""
    return [
        ((area.get("name") or "").strip(), (area.get("description") or "").strip())
        for area in item.get("service_areas") or []
    ]


def _areas(item: dict, places: Places) -> tuple[list[str], list[dict[str, str]]]:
    """The zone codes of the service and its zones written as free text (``coverage_areas``):
    a text that names a place Lien knows adds its codes."""
    codes: list[str] = []
    texts: list[dict[str, str]] = []
    for name, description in _area_texts(item):
        if AREA_CODE.match(name) or (name and description == CODE_AREA):
            codes.append(name)
        elif name or description:
            texts.append({"name": name, "description": description})
    for text in texts:
        codes += [code for code in places.codes(text["name"]) if code not in codes]
    return codes, texts


def _service_entry(item: dict, own_location: dict | None, label: str, places: Places) -> Entry:
    attributes = _attributes(item)
    fields = {
        "name": item["name"],
        "description": item.get("description") or "",
        "source_url": item.get("url") or "",
        "email": item.get("email") or "",
        "mobilisation_details": item.get("application_process") or "",
        "fees_details": item.get("fees_description") or "",
        "access_conditions": item.get("eligibility_description") or "",
        "publics_details": _field(attributes, "publics_precisions") or "",
        "phone": next((p["number"] for p in item.get("phones") or []), ""),
        "opening_hours": _hours(item.get("schedules") or []),
        **_place(own_location),
    }
    fields["coverage"], fields["coverage_areas"] = _areas(item, places)
    urls = item.get("additional_urls") or []
    booking = next((u for u in urls if u.get("label") == BOOKING_LABEL), urls[0] if urls else None)
    fields["booking_url"] = booking["url"] if booking else ""
    thematics = []
    for taxonomy, (name, allowed) in SERVICE_TAXONOMIES.items():
        codes = _codes(attributes, taxonomy, allowed)
        if name == "thematics":
            thematics = codes
        else:
            fields[name] = (codes[0] if codes else "") if name in SINGLE else codes
    for code, name in (("ame", "accepts_ame"), ("c2s", "accepts_c2s")):
        values = [value for c, value in attributes.get(COVERAGE, []) if c == code]
        fields[name] = None if not values else values[0] == "true"
    for code, name, kind in (
        ("volume_horaire_hebdomadaire", "weekly_hours", float),
        ("nombre_semaines", "weeks", int),
    ):
        value = _field(attributes, code)
        try:
            fields[name] = kind(json.loads(value)) if value is not None else None
        except (ValueError, TypeError):
            fields[name] = None
    updated = _date(item.get("last_modified"))
    if updated is not None:
        fields["source_updated_on"] = updated
    source, source_id = _field(attributes, "source"), _field(attributes, "id")
    if source and source_id:
        fields |= {"source": source, "source_id": source_id}
    return Entry(
        label=label,
        key=_key(item["id"]),
        fields=fields,
        thematics=thematics,
        structure_key=_key(item["organization"]["id"]),
        contacts=_contacts(item.get("contacts")),
    )


def read_hsds(data: bytes, result: ImportResult) -> tuple[list[Entry], list[Entry]]:
    document = load_json(data, result)
    if document is None:
        return [], []
    if not isinstance(document, list):
        result.errors.append("fichier: tableau JSON de services HSDS attendu")
        return [], []
    structures: dict[str, Entry] = {}
    read: list[tuple[dict, dict | None, str]] = []
    for index, item in enumerate(document):
        label = f"services[{index}]"
        if not isinstance(item, dict):
            result.errors.append(f"{label}: objet JSON attendu")
            continue
        label += f" (id={item.get('id')})"
        errors = validation_errors(item)
        if not errors and not isinstance(item.get("organization"), dict):
            errors = ["organization: obligatoire (chaque service porte son organisation)"]
        if errors:
            result.errors.extend(f"{label}: {message}" for message in errors)
            continue
        org = item["organization"]
        org_locations = org.get("locations")
        places = [sal["location"] for sal in item.get("service_at_locations") or [] if sal.get("location")]
        if org_locations is None:
            # No locations given for the organization: its place is that of its first service.
            structure_location = places[0] if places else None
        else:
            structure_location = org_locations[0] if org_locations else None
        if _key(org["id"]) not in structures:
            structures[_key(org["id"])] = _structure_entry(org, structure_location, f"{label} organization")
        own = next(
            (p for p in places if not structure_location or p.get("id") != structure_location.get("id")), None
        )
        read.append((item, own, label))
    zones = Places.named_in(name for item, _own, _label in read for name, _text in _area_texts(item))
    services = [_service_entry(item, own, label, zones) for item, own, label in read]
    duplicates(services, result)
    return list(structures.values()), services


def import_hsds(*, organisation: Organisation, data: bytes) -> ImportResult:
    """Create or update (by id) every service of the file and its organization, or nothing."""
    result = ImportResult()
    structures, services = read_hsds(data, result)
    if not result.ok:
        return result
    today = timezone.localdate()
    for entry in structures:
        if "source_updated_on" not in entry.fields:
            # No date on the organization (a file from elsewhere): the latest of its services'.
            dates = [s.fields["source_updated_on"] for s in services if s.structure_key == entry.key]
            entry.fields["source_updated_on"] = max((d for d in dates if d), default=today)
    for entry in services:
        entry.fields.setdefault("source_updated_on", today)
    return apply_entries(
        organisation=organisation, key_field="uuid", structures=structures, services=services, result=result
    )
