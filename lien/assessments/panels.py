from typing import Any

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.assessments.models import Assessment
from lien.people.models import Person
from lien.people.panels import register


@register(20)
def assessments_panel(user: User, person: Person) -> dict[str, Any] | None:
    if not has_perm(user, Perm.ASSESSMENT_VIEW, person.organisation_id):
        return None
    latest = Assessment.objects.filter(person=person).prefetch_related("barriers").first()
    return {
        "template": "assessments/_person_panel.html",
        "latest": latest,
        "can_change": has_perm(user, Perm.ASSESSMENT_CHANGE, person.organisation_id)
        and not person.is_anonymised,
    }
