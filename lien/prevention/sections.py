"""What prevention adds to the follow-up (``lien.followup.sections``): advice and rapid tests as
contacts, and their part of the follow-up page (a result only for those entitled to it)."""

from typing import Any

from lien.accounts.models import User
from lien.followup import sections
from lien.people.models import Person
from lien.prevention.access import rapid_tests_visible_to
from lien.prevention.models import Advice, RapidTest

sections.contact_source(Advice, "given_on")
sections.contact_source(RapidTest, "performed_on")


@sections.section(40)
def prevention_section(user: User, person: Person) -> dict[str, Any]:
    return {
        "template": "prevention/_followup_section.html",
        "advice": list(Advice.objects.visible_to(user).filter(person=person)[:20]),
        "tests": list(rapid_tests_visible_to(user).filter(person=person).select_related("performed_by")),
    }
