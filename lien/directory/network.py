"""Who reads which directory entries.

An entry belongs to an organisation. Its members with ``DIRECTORY_VIEW`` read it; when the
owner publishes it, the members of every organisation of the same network (the same tree of
organisations: national → regional → local) read it too, without changing it. Contacts and
the partnership file never leave the organisation that wrote them.
"""

from django.contrib.auth.models import AnonymousUser

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for


def network_ids(organisation_ids: set[int]) -> set[int]:
    """Every organisation of the trees the given organisations belong to."""
    if not organisation_ids:
        return set()
    parents = dict(Organisation.objects.values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for org_id, parent_id in parents.items():
        children.setdefault(parent_id, []).append(org_id)
    roots = set()
    for org_id in organisation_ids:
        seen = set()
        while parents.get(org_id) is not None and org_id not in seen:
            seen.add(org_id)
            org_id = parents[org_id]
        roots.add(org_id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        org_id = stack.pop()
        if org_id not in found:
            found.add(org_id)
            stack.extend(children.get(org_id, []))
    return found


def reader_scope(user: User | AnonymousUser) -> tuple[set[int], set[int]]:
    """(organisations whose whole directory the user reads, organisations whose *published*
    entries the user reads); cached on the user object for the request."""
    cached: tuple[set[int], set[int]] | None = getattr(user, "_lien_directory_scope", None)
    if cached is not None:
        return cached
    own = organisation_ids_for(user, Perm.DIRECTORY_VIEW)
    scope = (own, network_ids(own))
    if user.is_authenticated:
        user.__dict__["_lien_directory_scope"] = scope
    return scope
