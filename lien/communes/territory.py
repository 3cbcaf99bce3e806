"""The territory of a programme: the communes it covers, named by INSEE code, postal code or whole
département — read from what a coordinator types, kept all or nothing, journalled.

The programme report counts the communes reached out of these; without a recorded territory it
falls back to the départements where the programme's people live (``lien.activity.report``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.communes.models import Commune, TerritoryCommune
from lien.journal.models import JournalEntry

# What the API takes at most in one request (a territory is a few dozen to a few hundred communes).
MAX_INSEE_CODES = 2000
MAX_POSTAL_CODES = 500
MAX_DEPARTEMENTS = 10
SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class TerritoryInput:
    """What the page and the API give: codes as typed, each list in its own field."""

    insee_codes: list[str] = field(default_factory=list)
    postal_codes: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)


def split_codes(text: str) -> list[str]:
    """Codes separated by spaces, commas, semicolons or lines, upper-cased (« 2a » is Corsica)."""
    return [code.upper() for code in SEPARATORS.split(text or "") if code]


def territory_communes(organisation_ids: Iterable[int]):
    """The communes of the territories of these organisations (a regional report: all of theirs)."""
    return Commune.objects.filter(
        pk__in=TerritoryCommune.objects.filter(organisation_id__in=list(organisation_ids)).values(
            "commune_id"
        )
    )


def territory_by_departement(communes) -> list[dict]:
    """How many communes of each département a territory holds, in the order of their codes."""
    return list(
        communes.order_by()
        .values("departement", "departement_name")
        .annotate(communes=Count("insee_code"))
        .order_by("departement")
    )


def resolve_territory(data: TerritoryInput) -> list[Commune]:
    """The communes named, or ``ValidationError`` naming each code Lien does not know."""
    errors: dict[str, str] = {}
    chosen: dict[str, Commune] = {}
    if data.insee_codes:
        found = Commune.objects.in_bulk(data.insee_codes)
        unknown = [code for code in dict.fromkeys(data.insee_codes) if code not in found]
        if unknown:
            errors["insee_codes"] = f"Code INSEE inconnu : {', '.join(unknown[:10])}."
        chosen.update(found)
    for code in dict.fromkeys(data.postal_codes):
        if not re.fullmatch(r"\d{5}", code):
            errors["postal_codes"] = f"Code postal invalide : {code} (5 chiffres)."
            break
        matches = Commune.objects.filter(postal_codes__regex=rf"(^| ){code}( |$)")
        if not matches:
            errors["postal_codes"] = f"Aucune commune n'a le code postal {code}."
            break
        chosen.update((commune.pk, commune) for commune in matches)
    if data.departements:
        found_departements = set(
            Commune.objects.filter(departement__in=data.departements).values_list("departement", flat=True)
        )
        unknown = [code for code in dict.fromkeys(data.departements) if code not in found_departements]
        if unknown:
            errors["departements"] = f"Département inconnu : {', '.join(unknown[:10])}."
        chosen.update(
            (commune.pk, commune) for commune in Commune.objects.filter(departement__in=found_departements)
        )
    if errors:
        raise ValidationError(errors)
    return sorted(chosen.values(), key=lambda commune: commune.pk)


@transaction.atomic
def territory_set(*, acting_user: User, organisation: Organisation, data: TerritoryInput) -> int:
    """Make the organisation's territory exactly the communes named (none: no territory, the
    report falls back to the départements). All or nothing; returns the number of communes."""
    if not has_perm(acting_user, Perm.TERRITORY_CHANGE, organisation.pk):
        raise PermissionDenied("Vous ne pouvez pas définir le territoire de cette organisation.")
    communes = resolve_territory(data)
    kept = set(
        TerritoryCommune.objects.filter(organisation=organisation).values_list("commune_id", flat=True)
    )
    wanted = {commune.pk for commune in communes}
    TerritoryCommune.objects.filter(organisation=organisation).exclude(commune_id__in=wanted).delete()
    TerritoryCommune.objects.bulk_create(
        [TerritoryCommune(organisation=organisation, commune_id=code) for code in sorted(wanted - kept)]
    )
    JournalEntry.log_update(
        user=acting_user,
        obj=organisation,
        organisation=organisation,
        detail=f"territoire, en communes : {len(wanted)} ; ajoutées : {len(wanted - kept)} ; "
        f"retirées : {len(kept - wanted)}",
    )
    return len(wanted)
