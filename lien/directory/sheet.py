"""The orientation sheet handed to a person: the few structures chosen for them, with address,
hours, phone and how to get there, in plain French; as a page and as a PDF (WeasyPrint)."""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from lien.accounts.models import User
from lien.directory.models import Service, Structure
from lien.directory.opening_hours import describe_fr, parse_opening_hours
from lien.journal.models import JournalEntry
from lien.people.access import get_person_for_user
from lien.people.models import Person


def hours_lines(text: str) -> list[str]:
    """Opening hours in plain French; an empty list when unknown or not readable."""
    hours = parse_opening_hours(text)
    return describe_fr(hours) if hours is not None else []


@dataclass
class SheetEntry:
    structure: Structure
    services: list[Service] = field(default_factory=list)

    @property
    def hours(self) -> list[str]:
        return hours_lines(self.structure.opening_hours)

    @property
    def address_lines(self) -> list[str]:
        s = self.structure
        town = " ".join(part for part in (s.postal_code, s.commune_name) if part)
        return [line for line in (s.address, s.address_complement, town) if line]


@dataclass
class Sheet:
    entries: list[SheetEntry]
    person: Person | None
    today: date


def orientation_sheet(
    *, user: User, service_ids: list[int], structure_ids: list[int], person_id: int | None = None
) -> Sheet:
    """The chosen services (grouped by structure) and structures, among those the user may read.
    The person, if given, is reached through their access helper (journalled)."""
    person = get_person_for_user(user, person_id) if person_id else None
    services = (
        Service.objects.visible_to(user)
        .filter(pk__in=service_ids)
        .select_related("structure")
        .prefetch_related("thematics")
    )
    entries: dict[int, SheetEntry] = {}
    for service in sorted(services, key=lambda s: service_ids.index(s.pk)):
        entries.setdefault(service.structure_id, SheetEntry(service.structure)).services.append(service)
    for structure in Structure.objects.visible_to(user).filter(pk__in=structure_ids):
        entries.setdefault(structure.pk, SheetEntry(structure))
    return Sheet(entries=list(entries.values()), person=person, today=timezone.localdate())


def render_sheet_pdf(*, user: User, sheet: Sheet) -> bytes:
    from weasyprint import HTML

    html = render_to_string("directory/sheet_print.html", {"sheet": sheet, "author": user})
    if sheet.person is not None:
        JournalEntry.log_print(
            user=user, obj=sheet.person, organisation=sheet.person.organisation, person=sheet.person
        )
    return HTML(string=html).write_pdf()
