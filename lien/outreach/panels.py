from typing import Any

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.outreach.models import Contact
from lien.people.models import Person
from lien.people.panels import register


@register(40)
def outreach_panel(user: User, person: Person) -> dict[str, Any] | None:
    if not has_perm(user, Perm.OUTREACH_VIEW, person.organisation_id):
        return None
    contacts = (
        Contact.objects.filter(person=person)
        .select_related("session")
        .prefetch_related("topics")
        .order_by("-on", "-id")
    )
    return {
        "template": "outreach/_person_panel.html",
        "contacts": contacts[:10],
        "show_topics": has_perm(user, Perm.MEDICAL_VIEW, person.organisation_id),
    }
