"""The one way views and the API reach the follow-up of a person, its goals and prescriptions:
scoped to the user's organisations, 404 for missing and forbidden alike, journalled."""

from django.http import Http404

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.followup.models import Goal, GoalAction, Prescription
from lien.journal.models import JournalEntry
from lien.people.models import Person


def get_followed_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    """The person if ``user`` may read their follow-up (or change it, with ``write``)."""
    perm = Perm.FOLLOWUP_CHANGE if write else Perm.FOLLOWUP_VIEW
    person = (
        Person.objects.visible_to(user)
        .filter(pk=pk, organisation_id__in=organisation_ids_for(user, perm))
        .select_related("organisation", "commune")
        .first()
    )
    # A person who withdrew their consent has an anonymised file: kept for the figures, closed to new steps.
    if person is None or (write and person.is_anonymised):
        raise Http404("Personne introuvable.")
    JournalEntry.log_view(user=user, obj=person, organisation=person.organisation, person=person)
    return person


def get_person_for_prescriptions(user, pk: int) -> Person:
    """The person if ``user`` may record their prescriptions (medical information, in the
    person's organisation) and change their follow-up. Checked before the file is read, so that
    a refused access leaves no view in the journal."""
    medical = organisation_ids_for(user, Perm.MEDICAL_VIEW)
    if not Person.objects.filter(pk=pk, organisation_id__in=medical).exists():
        raise Http404("Personne introuvable.")
    return get_followed_person_for_user(user, pk, write=True)


def get_goal_for_user(user, pk: int, *, write: bool = True) -> Goal:
    """A goal the user may change (goals are changed, never opened on their own page), or only
    read with ``write=False`` (the API's list of the actions open on it)."""
    goal = Goal.objects.visible_to(user).select_related("person", "organisation").filter(pk=pk).first()
    if goal is None or (write and not has_perm(user, Perm.FOLLOWUP_CHANGE, goal.organisation_id)):
        raise Http404("Objectif introuvable.")
    return goal


def get_goal_action_for_user(user, pk: int) -> GoalAction:
    action = (
        GoalAction.objects.filter(
            pk=pk, goal__organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_CHANGE)
        )
        .select_related("goal__person", "goal__organisation")
        .first()
    )
    if action is None:
        raise Http404("Action introuvable.")
    return action


def get_prescription_for_user(user, pk: int) -> Prescription:
    """A prescription (medical information) the user may change."""
    prescription = (
        Prescription.objects.visible_to(user).select_related("person", "organisation").filter(pk=pk).first()
    )
    if prescription is None or not has_perm(user, Perm.FOLLOWUP_CHANGE, prescription.organisation_id):
        raise Http404("Prescription introuvable.")
    return prescription


def can_see_medical(user, organisation_id: int) -> bool:
    return has_perm(user, Perm.MEDICAL_VIEW, organisation_id)
