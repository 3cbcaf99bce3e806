"""What orientations add to the follow-up (``lien.followup.sections``): their dates as contacts
and their part of the follow-up page."""

from typing import Any

from lien.accounts.models import User
from lien.followup import sections
from lien.orientations.models import Orientation
from lien.people.models import Person

sections.contact_source(Orientation, "oriented_on")


@sections.section(10)
def orientations_section(user: User, person: Person) -> dict[str, Any]:
    return {
        "template": "orientations/_followup_section.html",
        "orientations": list(Orientation.objects.visible_to(user).filter(person=person)[:20]),
    }
