"""Who may read and write reports: statistics reach down the tree, the text stays with the fund."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for


def get_report_organisation_for_user(user: User | AnonymousUser, slug: str) -> Organisation:
    """The organisation if the user reads its statistics; 404 for missing and forbidden alike."""
    organisation = Organisation.objects.filter(
        slug=slug, pk__in=organisation_ids_for(user, Perm.STATISTICS_VIEW)
    ).first()
    if organisation is None:
        raise Http404("Organisation introuvable.")
    return organisation


def can_write_report_text(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """The fund's mediation team and its director (``report_text.change``)."""
    return has_perm(user, Perm.REPORT_TEXT_CHANGE, organisation.pk)
