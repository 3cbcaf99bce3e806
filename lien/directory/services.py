"""Writes on the directory and the partnership file. Contacts (personal data) are journalled."""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.directory import enums
from lien.directory.models import (
    SEARCH_FIELDS,
    Contact,
    OrientationDifficulty,
    PartnerMeeting,
    PartnershipNote,
    Service,
    ServiceThematic,
    Structure,
)
from lien.journal.models import JournalEntry

STRUCTURE_FIELDS = (
    "name",
    "description",
    "siret",
    "typology",
    "networks",
    "address",
    "address_complement",
    "postal_code",
    "commune_name",
    "code_insee",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
    "website",
    "accessibility_url",
    "languages",
    "access_directions",
    "visibility",
)
SERVICE_FIELDS = (
    "name",
    "description",
    "type",
    "fees",
    "fees_details",
    "accepts_c2s",
    "accepts_ame",
    "publics",
    "publics_details",
    "access_conditions",
    "reception_modes",
    "mobilisation_modes",
    "mobilisable_by",
    "mobilisation_details",
    "booking_url",
    "coverage",
    "coverage_areas",
    "address",
    "address_complement",
    "postal_code",
    "commune_name",
    "code_insee",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
)
CONTACT_FIELDS = ("name", "role", "phone", "email", "notes", "service")
NOTE_FIELDS = ("how_to_reach", "waiting_times", "what_works", "notes")
MEETING_FIELDS = ("held_on", "participants", "topics", "follow_ups", "follow_up_due_on")

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_COVERAGE_CODE = re.compile(r"^(\w{2,3}|\w{5}|\d{9}|france)$")
MAX_AREAS, MAX_AREA_TEXT = 50, 2000


def _require_change(user: User, organisation_id: int, message: str) -> None:
    require_perm(user, Perm.DIRECTORY_CHANGE, organisation_id, message=message)


def _require_partnership(user: User, organisation_id: int) -> None:
    require_perm(
        user,
        Perm.PARTNERSHIP_CHANGE,
        organisation_id,
        message="Vous ne tenez pas le fichier partenarial de cette organisation.",
    )


def _check_areas(errors: dict, areas) -> None:
    """Zones written as free text: a list of {"name", "description"} texts."""
    if not (
        isinstance(areas, list)
        and len(areas) <= MAX_AREAS
        and all(
            isinstance(area, dict)
            and set(area) <= {"name", "description"}
            and any(area.values())
            and all(isinstance(text, str) and len(text) <= MAX_AREA_TEXT for text in area.values())
            for area in areas
        )
    ):
        errors["coverage_areas"] = (
            f"Zones décrites : {MAX_AREAS} au plus, un nom ou une description de "
            f"{MAX_AREA_TEXT} caractères au plus chacune."
        )


def _check_codes(errors: dict, field: str, values, allowed: set[str] | re.Pattern) -> None:
    if not isinstance(values, list):
        errors[field] = "Liste attendue."
        return
    for value in values:
        ok = allowed.match(str(value)) if isinstance(allowed, re.Pattern) else value in allowed
        if not ok:
            errors[field] = f"Code inconnu : {value}"
            return


# data·inclusion's minimums, so that every entry can always be exported.
MINIMUMS = {
    "name": "Au moins 3 caractères (exigence data·inclusion).",
    "description": "Au moins 5 caractères (exigence data·inclusion).",
}
SET_FIELDS = {"networks", "publics", "reception_modes", "mobilisation_modes", "mobilisable_by"}


def _as_sets(entry) -> None:
    """Code lists that are sets in data·inclusion are kept sorted, so that imports compare equal."""
    for name in SET_FIELDS:
        value = getattr(entry, name, None)
        if isinstance(value, list):
            setattr(entry, name, sorted(set(value), key=str))


def validate_structure(structure: Structure) -> None:
    _as_sets(structure)
    errors: dict[str, str] = {}
    if len(structure.name.strip()) < 3:
        errors["name"] = MINIMUMS["name"]
    _check_codes(errors, "networks", structure.networks, {code for code, _label in enums.NETWORKS})
    _check_codes(errors, "languages", structure.languages, _LANGUAGE_CODE)
    if errors:
        raise ValidationError(errors)
    structure.full_clean()


def validate_service(service: Service, thematics: list[str]) -> None:
    _as_sets(service)
    errors: dict[str, str] = {}
    if len(service.name.strip()) < 3:
        errors["name"] = MINIMUMS["name"]
    if len(service.description.strip()) < 5:
        errors["description"] = MINIMUMS["description"]
    _check_codes(errors, "publics", service.publics, {code for code, _label in enums.PUBLICS})
    if "tous-publics" in service.publics and len(service.publics) > 1:
        errors["publics"] = "« tous-publics » ne se combine pas avec d'autres publics."
    _check_codes(errors, "reception_modes", service.reception_modes, {c for c, _l in enums.RECEPTION_MODES})
    _check_codes(
        errors, "mobilisation_modes", service.mobilisation_modes, {c for c, _l in enums.MOBILISATION_MODES}
    )
    _check_codes(errors, "mobilisable_by", service.mobilisable_by, {c for c, _l in enums.MOBILISABLE_BY})
    _check_codes(errors, "coverage", service.coverage, _COVERAGE_CODE)
    _check_areas(errors, service.coverage_areas)
    _check_codes(errors, "thematics", thematics, set(enums.THEMATIC_LABELS))
    if errors:
        raise ValidationError(errors)
    service.full_clean()


def _new_identifiers(entry: Structure | Service) -> None:
    entry.source = enums.LIEN_SOURCE
    entry.source_id = f"{enums.LIEN_SOURCE}--{entry.uuid}"


def refresh_services_of(structure: Structure) -> None:
    """Recompute the search columns of the structure's services (name, place, hours changed)."""
    services = list(structure.services.prefetch_related("thematics"))
    for service in services:
        service.structure = structure
        service.refresh_search_fields(thematics=[item.code for item in service.thematics.all()])
    Service.objects.bulk_update(services, SEARCH_FIELDS, batch_size=500)


@transaction.atomic
def structure_create(*, acting_user: User, organisation: Organisation, **fields) -> Structure:
    _require_change(acting_user, organisation.pk, "Vous ne tenez pas l'annuaire de cette organisation.")
    today = timezone.localdate()
    structure = Structure(organisation=organisation, created_by=acting_user, **fields)
    _new_identifiers(structure)
    structure.source_updated_on = structure.verified_on = today
    structure.refresh_search_fields()
    validate_structure(structure)
    structure.save()
    return structure


@transaction.atomic
def structure_update(*, acting_user: User, structure: Structure, **fields) -> Structure:
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    for name in STRUCTURE_FIELDS:
        if name in fields:
            setattr(structure, name, fields[name])
    structure.source_updated_on = timezone.localdate()
    structure.refresh_search_fields()
    validate_structure(structure)
    structure.save()
    refresh_services_of(structure)
    return structure


@transaction.atomic
def structure_verify(*, acting_user: User, structure: Structure, on: date | None = None) -> Structure:
    """Record that someone checked the entry (still open, same phone, same conditions)."""
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    structure.verified_on = on or timezone.localdate()
    structure.save(update_fields=["verified_on", "updated_at"])
    return structure


@transaction.atomic
def structure_delete(*, acting_user: User, structure: Structure) -> None:
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    structure.delete()


def _set_thematics(service: Service, codes: list[str]) -> None:
    wanted = set(codes)
    current = set(service.thematics.values_list("code", flat=True))
    service.thematics.filter(code__in=current - wanted).delete()
    ServiceThematic.objects.bulk_create(
        [ServiceThematic(service=service, code=code) for code in sorted(wanted - current)]
    )


@transaction.atomic
def service_create(*, acting_user: User, structure: Structure, thematics: list[str], **fields) -> Service:
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    service = Service(structure=structure, organisation_id=structure.organisation_id, **fields)
    _new_identifiers(service)
    service.source_updated_on = timezone.localdate()
    service.refresh_search_fields(thematics=thematics)
    validate_service(service, thematics)
    service.save()
    _set_thematics(service, thematics)
    return service


@transaction.atomic
def service_update(
    *, acting_user: User, service: Service, thematics: list[str] | None = None, **fields
) -> Service:
    _require_change(acting_user, service.organisation_id, "Ce service appartient à une autre organisation.")
    for name in SERVICE_FIELDS:
        if name in fields:
            setattr(service, name, fields[name])
    if thematics is None:
        thematics = list(service.thematics.values_list("code", flat=True))
    service.source_updated_on = timezone.localdate()
    service.refresh_search_fields(thematics=thematics)
    validate_service(service, thematics)
    service.save()
    _set_thematics(service, thematics)
    return service


@transaction.atomic
def service_delete(*, acting_user: User, service: Service) -> None:
    _require_change(acting_user, service.organisation_id, "Ce service appartient à une autre organisation.")
    service.delete()


@transaction.atomic
def contact_save(
    *, acting_user: User, structure: Structure, contact: Contact | None = None, **fields
) -> Contact:
    """Create or update a named contact of the structure; journalled as personal data."""
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    service = fields.get("service")
    if service is not None and service.structure_id != structure.pk:
        raise ValidationError({"service": "Ce service n'appartient pas à la structure."})
    creating = contact is None
    contact = contact or Contact(structure=structure, created_by=acting_user)
    for name in CONTACT_FIELDS:
        if name in fields:
            setattr(contact, name, fields[name])
    contact.full_clean(exclude=["structure"])
    contact.save()
    if creating:
        JournalEntry.log_create(user=acting_user, obj=contact, organisation=structure.organisation)
    else:
        JournalEntry.log_update(
            user=acting_user,
            obj=contact,
            organisation=structure.organisation,
            detail=", ".join(name for name in CONTACT_FIELDS if name in fields),
        )
    return contact


@transaction.atomic
def contact_delete(*, acting_user: User, contact: Contact) -> None:
    structure = contact.structure
    _require_change(
        acting_user, structure.organisation_id, "Cette fiche appartient à une autre organisation."
    )
    JournalEntry.log_update(
        user=acting_user, obj=contact, organisation=structure.organisation, detail="supprimé"
    )
    contact.delete()


@transaction.atomic
def partnership_note_save(
    *, acting_user: User, organisation: Organisation, structure: Structure, **fields
) -> PartnershipNote:
    """The organisation's private notes on a structure, its own or one published to it."""
    _require_partnership(acting_user, organisation.pk)
    if not Structure.objects.visible_to(acting_user).filter(pk=structure.pk).exists():
        raise PermissionDenied("Structure introuvable.")
    note, _created = PartnershipNote.objects.get_or_create(organisation=organisation, structure=structure)
    for name in NOTE_FIELDS:
        if name in fields:
            setattr(note, name, fields[name])
    note.updated_by = acting_user
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def meeting_save(
    *,
    acting_user: User,
    organisation: Organisation,
    structures: list[Structure],
    meeting: PartnerMeeting | None = None,
    **fields,
) -> PartnerMeeting:
    _require_partnership(acting_user, organisation.pk)
    visible = set(
        Structure.objects.visible_to(acting_user)
        .filter(pk__in=[s.pk for s in structures])
        .values_list("pk", flat=True)
    )
    if len(visible) != len({s.pk for s in structures}):
        raise ValidationError({"structures": "Structure introuvable."})
    meeting = meeting or PartnerMeeting(organisation=organisation, created_by=acting_user)
    if meeting.organisation_id != organisation.pk:
        raise PermissionDenied("Cette rencontre appartient à une autre organisation.")
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    meeting.full_clean()
    meeting.save()
    meeting.structures.set(structures)
    return meeting


@transaction.atomic
def difficulty_report(
    *,
    acting_user: User,
    organisation: Organisation,
    structure: Structure,
    kind: str,
    occurred_on: date,
    service: Service | None = None,
    description: str = "",
    orientation_ref: str = "",
) -> OrientationDifficulty:
    """Record an orientation difficulty (refused, waiting list, unreachable…).

    Called from this app's form and from the orientation of an accompaniment (which passes
    ``orientation_ref``); the difficulty stays private to ``organisation``."""
    _require_partnership(acting_user, organisation.pk)
    if not Structure.objects.visible_to(acting_user).filter(pk=structure.pk).exists():
        raise PermissionDenied("Structure introuvable.")
    if service is not None and service.structure_id != structure.pk:
        raise ValidationError({"service": "Ce service n'appartient pas à la structure."})
    difficulty = OrientationDifficulty(
        organisation=organisation,
        structure=structure,
        service=service,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        orientation_ref=orientation_ref[:100],
        reported_by=acting_user,
    )
    difficulty.full_clean()
    difficulty.save()
    return difficulty
