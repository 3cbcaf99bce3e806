"""The one way views and the API reach a person's file: scoped, and journalled."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.journal.models import JournalEntry
from lien.people.models import Person


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    """The person if ``user`` may read it (or change it, with ``write``); 404 otherwise.

    Missing and forbidden answer the same, so that ids reveal nothing. Every access is
    journalled, the edit form included (it shows the whole file).
    """
    person = Person.objects.visible_to(user).select_related("organisation", "commune").filter(pk=pk).first()
    if person is None or (write and not has_perm(user, Perm.PERSON_CHANGE, person.organisation_id)):
        raise Http404("Personne introuvable.")
    JournalEntry.log_view(user=user, obj=person, organisation=person.organisation, person=person)
    return person


def get_person_with_perm(user: User, pk: int, perm: Perm) -> Person:
    """The person if ``user`` holds ``perm`` in the person's organisation (and may read the file).

    For the pages of other apps about a person (assessments, procedures…): checked before the
    file is read, so that a refused access leaves no view in the journal.
    """
    if not Person.objects.filter(pk=pk, organisation_id__in=organisation_ids_for(user, perm)).exists():
        raise Http404("Personne introuvable.")
    return get_person_for_user(user, pk)
