"""The one way views and the API reach a saisine: scoped to the user's funds, and journalled."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext

from lien.accounts.models import User
from lien.accounts.permissions import JournalledRefusal, Perm, has_perm, organisation_ids_for
from lien.journal.models import Action, JournalEntry
from lien.saisines.models import Saisine


def get_saisine_for_user(user: User, pk: int, *, write: bool = False) -> Saisine:
    """The saisine if the user may read it (or change it, with ``write``); 404 otherwise."""
    saisine = (
        Saisine.objects.visible_to(user)
        .select_related("organisation", "requester__commune", "concerned_person", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if saisine is None:
        refuse_if_conflicted(user, pk)
        raise Http404("Saisine introuvable.")
    if write and not has_perm(user, Perm.SAISINE_CHANGE, saisine.organisation_id):
        raise Http404("Saisine introuvable.")
    if not write:
        JournalEntry.log_view(
            user=user, obj=saisine, organisation=saisine.organisation, person=saisine.requester
        )
    return saisine


def refuse_if_conflicted(user: User, pk: int) -> None:
    """A mediator who declared a conflict of interest on the case no longer reads it beyond its
    reference, nor acts on it: the attempt is journalled and refused with the reference only."""
    saisine = (
        Saisine.objects.filter(
            pk=pk,  # a primary key lookup: an id out of the column's range finds nothing
            conflicts__declared_by=user,
            organisation_id__in=organisation_ids_for(user, Perm.SAISINE_VIEW),
        )
        .select_related("organisation")
        .first()
    )
    if saisine is None:
        return
    JournalEntry.log(
        user=user,
        action=Action.VIEW,
        obj=saisine,
        organisation=saisine.organisation,
        detail="accès refusé : conflit d'intérêts déclaré (référence seule)",
    )
    raise JournalledRefusal(
        gettext(
            "Vous avez déclaré un conflit d'intérêts sur la saisine %(reference)s : elle est confiée "
            "au suppléant ou à la suppléante, vous ne pouvez plus la consulter ni agir sur elle."
        )
        % {"reference": saisine.reference}
    )


def get_saisine_for_decision(user: User, pk: int) -> Saisine:
    """The saisine whose equity proposal ``user`` decides (the director, who needs no write
    access to the case); 404 for missing and forbidden alike, 403 for a reader of the case who
    may not decide. Checked before the saisine is read, so that a refused decision leaves no
    view in the journal."""
    saisine = Saisine.objects.visible_to(user).filter(pk=pk).only("organisation_id").first()
    if saisine is None:
        refuse_if_conflicted(user, pk)
        raise Http404("Saisine introuvable.")
    if not has_perm(user, Perm.EQUITY_DECIDE, saisine.organisation_id):
        raise PermissionDenied(gettext("Votre rôle ne permet pas cette action sur ce dossier."))
    return get_saisine_for_user(user, pk)
