from lien.accounts.permissions import Perm, has_perm
from lien.people.panels import register
from lien.rights.models import Procedure


@register(30)
def rights_panel(user, person) -> dict | None:
    if not has_perm(user, Perm.RIGHTS_VIEW, person.organisation_id):
        return None
    return {
        "template": "rights/_person_panel.html",
        "procedures": Procedure.objects.filter(person=person).order_by("-started_on", "-id")[:20],
        "can_change": has_perm(user, Perm.RIGHTS_CHANGE, person.organisation_id) and not person.is_anonymised,
    }
