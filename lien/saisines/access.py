"""The one way views and the API reach a saisine: scoped to the user's funds, and journalled."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

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


def get_saisine_for_decision(user: User, pk: int) -> Saisine:
    """The saisine whose equity proposal ``user`` decides (the director, who needs no write
    access to the case); 404 for missing and forbidden alike, 403 for a reader of the case who
    may not decide. Checked before the saisine is read, so that a refused decision leaves no
    view in the journal."""
    saisine = Saisine.objects.visible_to(user).filter(pk=pk).only("organisation_id").first()
    if saisine is None:
        raise Http404("Saisine introuvable.")
    if not has_perm(user, Perm.EQUITY_DECIDE, saisine.organisation_id):
        raise PermissionDenied(gettext("Votre rôle ne permet pas cette action sur ce dossier."))
    return get_saisine_for_user(user, pk)
