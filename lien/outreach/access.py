"""The one way views and the API reach a session or a contact: scoped to the user's organisations."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.outreach.models import Contact, OutreachSession


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> OutreachSession:
    """The session if the user may read it (or record in it, with ``write``); 404 otherwise.

    Its page names the people met: the read is journalled.
    """
    session = (
        OutreachSession.objects.visible_to(user)
        .select_related("organisation", "commune")
        .filter(pk=pk)
        .first()
    )
    if session is None or (write and not has_perm(user, Perm.OUTREACH_RECORD, session.organisation_id)):
        raise Http404("Sortie introuvable.")
    if not write:
        JournalEntry.log_view(user=user, obj=session, organisation=session.organisation)
    return session


def get_contact_for_user(user: User, pk: int) -> Contact:
    """A contact the user may undo (record rights in its organisation); 404 otherwise."""
    contact = (
        Contact.objects.visible_to(user)
        .select_related("organisation", "person", "session")
        .filter(pk=pk)
        .first()
    )
    if contact is None or not has_perm(user, Perm.OUTREACH_RECORD, contact.organisation_id):
        raise Http404("Contact introuvable.")
    return contact
