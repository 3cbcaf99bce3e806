"""The one way views and the API reach meetings, relays and testimonies: scoped and journalled."""

from django.http import Http404

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.participation.models import CommunityRelay, Meeting, Testimony


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> Meeting:
    meeting = Meeting.objects.visible_to(user).select_related("organisation", "commune").filter(pk=pk).first()
    if meeting is None or (write and not has_perm(user, Perm.PARTICIPATION_CHANGE, meeting.organisation_id)):
        raise Http404("Rencontre introuvable.")
    return meeting


def get_relay_for_user(user: User, pk: int, *, write: bool = False) -> CommunityRelay:
    relay = (
        CommunityRelay.objects.visible_to(user)
        .select_related("organisation", "commune")
        .filter(pk=pk)
        .first()
    )
    if relay is None or (write and not has_perm(user, Perm.PARTICIPATION_CHANGE, relay.organisation_id)):
        raise Http404("Relais introuvable.")
    JournalEntry.log_view(user=user, obj=relay, organisation=relay.organisation)
    return relay


def get_testimony_for_user(user: User, pk: int, *, write: bool = False) -> Testimony:
    testimony = (
        Testimony.objects.visible_to(user)
        .select_related("organisation", "person__organisation", "meeting")
        .prefetch_related("troubles")
        .filter(pk=pk)
        .first()
    )
    if testimony is None or (write and not has_perm(user, Perm.TESTIMONY_CHANGE, testimony.organisation_id)):
        raise Http404("Témoignage introuvable.")
    JournalEntry.log_view(
        user=user, obj=testimony, organisation=testimony.organisation, person=testimony.person
    )
    return testimony
