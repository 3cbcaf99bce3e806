"""The one way views and the API reach a referral: the organisation's inbox for the mediator,
their own referrals for the doctor; 404 otherwise."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.referrals.models import Referral


def get_referral_for_user(user: User, pk: int, *, write: bool = False) -> Referral:
    """The referral if the user may read it (or handle it, with ``write``: checked before anything
    is journalled, so that a refused action writes nothing); 404 otherwise."""
    referral = (
        Referral.objects.visible_to(user)
        .select_related("organisation", "referred_by", "handled_by", "person")
        .filter(pk=pk)
        .first()
    )
    if referral is None or (write and not has_perm(user, Perm.REFERRAL_HANDLE, referral.organisation_id)):
        raise Http404("Adressage introuvable.")
    if write:
        return referral
    JournalEntry.log_view(user=user, obj=referral, organisation=referral.organisation, person=referral.person)
    return referral
