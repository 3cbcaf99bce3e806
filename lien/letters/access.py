from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.letters.models import Letter


def get_letter_for_user(user: User, pk: int, *, write: bool = False) -> Letter:
    """A letter of a saisine the user may read (or change); 404 otherwise. Reads are journalled."""
    letter = (
        Letter.objects.select_related("saisine__organisation", "saisine__requester").filter(pk=pk).first()
    )
    perm = Perm.SAISINE_CHANGE if write else Perm.SAISINE_VIEW
    if letter is None or not has_perm(user, perm, letter.saisine.organisation_id):
        raise Http404("Courrier introuvable.")
    if not write:
        saisine = letter.saisine
        JournalEntry.log_view(
            user=user, obj=letter, organisation=saisine.organisation, person=saisine.requester
        )
    return letter
