"""The one way views and the API reach a session or a contact: scoped to the user's organisations."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.outreach.models import Contact, OutreachSession
from lien.outreach.services import contact_undoable_by


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


def get_contact_for_user(user: User, pk: int, *, deleted_too: bool = False) -> Contact:
    """A contact the user may delete (its author, or a mediator: ``contact_undoable_by``), or
    with ``deleted_too`` restore; 404 otherwise."""
    contacts = Contact.all_objects if deleted_too else Contact.objects
    contact = (
        contacts.visible_to(user).select_related("organisation", "person", "session").filter(pk=pk).first()
    )
    if contact is None or not contact_undoable_by(user, contact):
        raise Http404("Contact introuvable.")
    return contact
