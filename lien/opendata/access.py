"""Which organisations' open data a user may publish: where they hold ``open_data.export`` (a
coordinator or a director above reaches the organisations below, as for statistics)."""

from django.http import Http404

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for


def open_data_organisations_for(user: User) -> list[Organisation]:
    ids = organisation_ids_for(user, Perm.OPEN_DATA_EXPORT)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk")) if ids else []


def get_open_data_organisation_for_user(user: User, slug: str) -> Organisation:
    """The organisation of that slug if the user publishes its open data; 404 for missing and
    forbidden alike."""
    ids = organisation_ids_for(user, Perm.OPEN_DATA_EXPORT)
    organisation = Organisation.objects.filter(slug=slug, pk__in=ids).first() if ids else None
    if organisation is None:
        raise Http404("Organisation introuvable.")
    return organisation
