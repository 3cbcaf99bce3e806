"""The one way views and the API reach an assessment: scoped, and journalled with the person."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.assessments.models import Assessment
from lien.journal.models import JournalEntry
from lien.people.access import get_person_with_perm
from lien.people.models import Person


def get_assessment_for_user(user: User, pk: int, *, write: bool = False) -> Assessment:
    """The assessment if the user may read it (or change it, with ``write``); 404 otherwise."""
    assessment = (
        Assessment.objects.visible_to(user)
        .select_related("organisation", "person__organisation", "created_by")
        .prefetch_related("barriers", "needs")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or (
        write and not has_perm(user, Perm.ASSESSMENT_CHANGE, assessment.organisation_id)
    ):
        raise Http404("Évaluation introuvable.")
    JournalEntry.log_view(
        user=user, obj=assessment, organisation=assessment.organisation, person=assessment.person
    )
    return assessment


def get_person_for_assessments(user: User, person_id: int, *, write: bool = False) -> Person:
    """The person, if the user may read (or write) their assessments; 404 otherwise."""
    return get_person_with_perm(user, person_id, Perm.ASSESSMENT_CHANGE if write else Perm.ASSESSMENT_VIEW)
