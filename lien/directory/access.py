"""The one way views and the API reach directory entries: scoped, and journalled where a
person's data is shown (the named contacts of a structure)."""

from django.http import Http404

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.directory.models import (
    Contact,
    OrientationDifficulty,
    PartnerMeeting,
    PartnershipNote,
    Service,
    Structure,
)
from lien.directory.network import reader_scope
from lien.journal.models import JournalEntry


def can_change(user: User, organisation_id: int) -> bool:
    return has_perm(user, Perm.DIRECTORY_CHANGE, organisation_id)


def changeable_organisations(user: User):
    """The organisations whose directory the user keeps."""
    return Organisation.objects.filter(pk__in=organisation_ids_for(user, Perm.DIRECTORY_CHANGE))


def partnership_organisations(user: User):
    """The organisations whose partnership file (notes, meetings, difficulties) the user keeps."""
    return Organisation.objects.filter(pk__in=organisation_ids_for(user, Perm.PARTNERSHIP_CHANGE))


def get_structure_for_user(user: User, pk: int, *, write: bool = False) -> Structure:
    """The structure if ``user`` may read it (or change it, with ``write``); 404 otherwise.

    Missing and forbidden answer the same. A published structure is read-only for the other
    organisations of the network."""
    structure = Structure.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    if structure is None or (write and not can_change(user, structure.organisation_id)):
        raise Http404("Structure introuvable.")
    return structure


def get_service_for_user(user: User, pk: int, *, write: bool = False) -> Service:
    service = (
        Service.objects.visible_to(user)
        .select_related("structure", "structure__organisation")
        .filter(pk=pk)
        .first()
    )
    if service is None or (write and not can_change(user, service.organisation_id)):
        raise Http404("Service introuvable.")
    return service


def contacts_for_user(user: User, structure: Structure) -> list[Contact]:
    """The named contacts of a structure, for the members of its organisation only; each one
    shown is journalled (they are professionals' personal data)."""
    own, _network = reader_scope(user)
    if structure.organisation_id not in own:
        return []
    contacts = list(structure.contacts.select_related("service"))
    JournalEntry.log_views(user=user, objs=contacts, organisation=structure.organisation)
    return contacts


def get_contact_for_user(user: User, pk: int) -> Contact:
    """A contact to edit: only for those who keep the owner's directory; journalled."""
    contact = Contact.objects.visible_to(user).select_related("structure__organisation").filter(pk=pk).first()
    if contact is None or not can_change(user, contact.structure.organisation_id):
        raise Http404("Contact introuvable.")
    JournalEntry.log_view(user=user, obj=contact, organisation=contact.structure.organisation)
    return contact


def partnership_notes_for_user(user: User, structure: Structure) -> list[PartnershipNote]:
    """The notes the user's own organisations keep on the structure (never another's)."""
    return list(
        PartnershipNote.objects.visible_to(user).filter(structure=structure).select_related("organisation")
    )


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> PartnerMeeting:
    meeting = PartnerMeeting.objects.visible_to(user).select_related("organisation").filter(pk=pk).first()
    if meeting is None or (write and not has_perm(user, Perm.PARTNERSHIP_CHANGE, meeting.organisation_id)):
        raise Http404("Rencontre introuvable.")
    return meeting


def difficulties_for_user(user: User, structure: Structure) -> list[OrientationDifficulty]:
    return list(
        OrientationDifficulty.objects.visible_to(user).filter(structure=structure).select_related("service")
    )
