"""The one way views and the API reach an orientation: scoped, 404 otherwise, journalled."""

from django.http import Http404

from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.orientations.models import Orientation


def get_orientation_for_user(user, pk: int, *, write: bool = False) -> Orientation:
    orientation = (
        Orientation.objects.visible_to(user)
        .select_related("person__organisation", "organisation", "created_by")
        .filter(pk=pk)
        .first()
    )
    if orientation is None or (
        write and not has_perm(user, Perm.FOLLOWUP_CHANGE, orientation.organisation_id)
    ):
        raise Http404("Orientation introuvable.")
    JournalEntry.log_view(
        user=user, obj=orientation, organisation=orientation.organisation, person=orientation.person
    )
    return orientation
