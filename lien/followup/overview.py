"""Everything the team knows of a person's follow-up, for their follow-up page — each part
read through its own user-scoped queryset (medical parts only for those entitled); the parts of
the apps built on the follow-up come from their registered sections (``sections.py``)."""

from datetime import date

from django.db.models import Prefetch

from lien.accounts.permissions import Perm, has_perm
from lien.followup.models import Contact, Followup, Goal, GoalAction, Prescription
from lien.followup.sections import sections_for
from lien.followup.selectors import rupture_cutoffs, with_last_contact
from lien.followup.workflow import GOALS, followup_actions
from lien.people.models import Person


def person_followup_page(user, person: Person, *, today: date) -> dict:
    organisation_id = person.organisation_id
    followup = with_last_contact(Followup.objects.filter(person=person)).select_related("referent").first()
    if followup is not None:
        followup.person = person
    silent = bool(
        followup
        and followup.status == "active"
        and followup.last_contact_on < rupture_cutoffs({organisation_id}, today)[organisation_id]
    )
    can_see_medical = has_perm(user, Perm.MEDICAL_VIEW, organisation_id)
    goals = list(
        Goal.objects.visible_to(user)
        .filter(person=person)
        .prefetch_related(
            Prefetch("actions", queryset=GoalAction.objects.order_by("done_on", "due_on", "id"))
        )
    )
    for goal in goals:
        goal.person = person
    return {
        "followup": followup,
        # The actions the tables of workflow.py open to this user now, with the goal they are on.
        "followup_actions": followup_actions(user, person, followup),
        "goals": [(goal, GOALS.available(user, goal)) for goal in goals],
        "silent": silent,
        "can_change": has_perm(user, Perm.FOLLOWUP_CHANGE, organisation_id),
        "can_record_prevention": has_perm(user, Perm.PREVENTION_RECORD, organisation_id),
        "can_see_medical": can_see_medical,
        "contacts": list(Contact.objects.filter(person=person).select_related("created_by")[:10]),
        "prescriptions": list(Prescription.objects.visible_to(user).filter(person=person))
        if can_see_medical
        else [],
        # The parts the apps built on the follow-up contribute (orientations, appointments…).
        "sections": sections_for(user, person),
    }
