from typing import Any

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.participation.models import Testimony
from lien.people.models import Person
from lien.people.panels import register


@register(50)
def testimonies_panel(user: User, person: Person) -> dict[str, Any] | None:
    if not has_perm(user, Perm.TESTIMONY_VIEW, person.organisation_id):
        return None
    return {
        "template": "participation/_person_panel.html",
        "testimonies": Testimony.objects.filter(person=person).order_by("-collected_on", "-id")[:10],
        "can_change": has_perm(user, Perm.TESTIMONY_CHANGE, person.organisation_id)
        and not person.is_anonymised,
    }
