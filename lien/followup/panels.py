"""The follow-up's section of a person's page (registered in the people app's panels)."""

from lien.accounts.permissions import Perm, has_perm
from lien.followup.models import Followup
from lien.followup.selectors import with_last_contact
from lien.people.panels import register


@register(30)
def followup_panel(user, person) -> dict | None:
    if not has_perm(user, Perm.FOLLOWUP_VIEW, person.organisation_id):
        return None
    return {
        "template": "followup/_person_panel.html",
        "followup": with_last_contact(Followup.objects.filter(person=person))
        .select_related("referent")
        .first(),
        "can_change": has_perm(user, Perm.FOLLOWUP_CHANGE, person.organisation_id),
    }
