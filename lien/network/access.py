"""Whose network a user reads: the organisations where they hold the statistics
(``Perm.STATISTICS_VIEW``, which a coordinator or a director holds on the organisations below
too) — figures only, never a file."""

from django.http import Http404

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for


def network_organisations_for(user: User) -> list[Organisation]:
    """The organisations whose network dashboard the user reads: those with organisations below
    first (the dashboards of a network), the highest first, then by name."""
    ids = organisation_ids_for(user, Perm.STATISTICS_VIEW)
    if not ids:
        return []
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    parents = {organisation.parent_id for organisation in organisations.values()}

    def depth(organisation: Organisation) -> int:  # among those read: the tree above may be hidden
        seen: set[int] = set()
        while organisation.parent_id in organisations and organisation.pk not in seen:
            seen.add(organisation.pk)
            organisation = organisations[organisation.parent_id]
        return len(seen)

    return sorted(organisations.values(), key=lambda o: (o.pk not in parents, depth(o), o.name, o.pk))


def heads_a_network(user: User) -> bool:
    """Whether one of the organisations the user reads has organisations below (the menu)."""
    ids = organisation_ids_for(user, Perm.STATISTICS_VIEW)
    return bool(ids) and Organisation.objects.filter(parent_id__in=ids).exists()


def get_network_for_user(user: User, slug: str) -> Organisation:
    """The organisation of that slug if the user reads its network; 404 for missing and
    forbidden alike."""
    found = next((o for o in network_organisations_for(user) if o.slug == slug), None)
    if found is None:
        raise Http404("Organisation introuvable.")
    return found
