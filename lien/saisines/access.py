"""The one way views and the API reach a saisine: scoped to the user's funds, and journalled."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.saisines.models import Saisine


def get_saisine_for_user(user: User, pk: int, *, write: bool = False) -> Saisine:
    """The saisine if the user may read it (or change it, with ``write``); 404 otherwise."""
    saisine = (
        Saisine.objects.visible_to(user)
        .select_related("organisation", "requester__commune", "concerned_person", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if saisine is None or (write and not has_perm(user, Perm.SAISINE_CHANGE, saisine.organisation_id)):
        raise Http404("Saisine introuvable.")
    if not write:
        JournalEntry.log_view(
            user=user, obj=saisine, organisation=saisine.organisation, person=saisine.requester
        )
    return saisine
