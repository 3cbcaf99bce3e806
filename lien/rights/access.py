"""The one way views and the API reach a procedure or a reminder: scoped, and journalled."""

from django.http import Http404

from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.access import get_person_with_perm
from lien.people.models import Person
from lien.rights.models import Procedure, RightsReminder


def get_procedure_for_user(user, pk: int, *, write: bool = False) -> Procedure:
    """The procedure if the user may read it (or change it, with ``write``); 404 otherwise."""
    procedure = (
        Procedure.objects.visible_to(user)
        .select_related("organisation", "person__organisation", "followed_by", "renewal_of")
        .filter(pk=pk)
        .first()
    )
    if procedure is None or (write and not has_perm(user, Perm.RIGHTS_CHANGE, procedure.organisation_id)):
        raise Http404("Démarche introuvable.")
    JournalEntry.log_view(
        user=user, obj=procedure, organisation=procedure.organisation, person=procedure.person
    )
    return procedure


def get_reminder_for_user(user, pk: int) -> RightsReminder:
    """A reminder the user may handle (mark as done); 404 otherwise."""
    reminder = (
        RightsReminder.objects.visible_to(user)
        .select_related("procedure__person", "organisation")
        .filter(pk=pk)
        .first()
    )
    if reminder is None or not has_perm(user, Perm.RIGHTS_CHANGE, reminder.organisation_id):
        raise Http404("Rappel introuvable.")
    return reminder


def get_person_for_rights(user, person_id: int, *, write: bool = False) -> Person:
    return get_person_with_perm(user, person_id, Perm.RIGHTS_CHANGE if write else Perm.RIGHTS_VIEW)
