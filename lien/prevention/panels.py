"""The prevention section of a person's page (registered in the people app's panels)."""

from typing import Any

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.people.models import Person
from lien.people.panels import register


@register(35)
def prevention_panel(user: User, person: Person) -> dict[str, Any] | None:
    """For those who record prevention without following the person (volunteers)."""
    if has_perm(user, Perm.FOLLOWUP_VIEW, person.organisation_id) or not has_perm(
        user, Perm.PREVENTION_RECORD, person.organisation_id
    ):
        return None
    return {"template": "prevention/_person_panel.html"}
