"""The patient-partner section of a person's page (registered in the people app's panels)."""

from typing import Any

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.partners.models import PartnerAccompaniment
from lien.people.models import Person
from lien.people.panels import register


@register(60)
def partner_panel(user: User, person: Person) -> dict[str, Any] | None:
    if not has_perm(user, Perm.PARTNER_ACCOMPANY, person.organisation_id):
        return None
    return {
        "template": "partners/_person_panel.html",
        "accompaniments": list(PartnerAccompaniment.objects.filter(person=person).select_related("partner")),
        "can_change": has_perm(user, Perm.PARTNER_PROPOSE, person.organisation_id),
    }
