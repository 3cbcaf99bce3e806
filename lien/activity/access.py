"""Which programmes' activity a user may read: statistics, never files (a coordinator above
reads the organisations below)."""

from django.http import Http404

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for

# Community mediation happens in associations and health centres.
PROGRAMME_KINDS = {OrganisationKind.ASSOCIATION, OrganisationKind.HEALTH_CENTRE}


def programme_organisations_for(user: User) -> list[Organisation]:
    """The community organisations whose statistics the user reads, and the organisations above
    them where the user holds the statistics too (a regional view aggregates its programmes)."""
    ids = organisation_ids_for(user, Perm.STATISTICS_VIEW)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).select_related("parent")}
    chosen: set[int] = set()
    for organisation in organisations.values():
        if organisation.kind in PROGRAMME_KINDS:
            chosen.add(organisation.pk)
            chosen.update(
                ancestor.pk for ancestor in organisation.ancestors() if ancestor.pk in organisations
            )
    return sorted((organisations[pk] for pk in chosen), key=lambda o: (o.kind not in PROGRAMME_KINDS, o.name))


def get_programme_for_user(user: User, slug: str) -> Organisation:
    """The organisation of that slug if the user reads its programme's activity; 404 otherwise."""
    found = next((o for o in programme_organisations_for(user) if o.slug == slug), None)
    if found is None:
        raise Http404("Programme introuvable.")
    return found


def reads_programmes(user: User) -> bool:
    """Whether the menu shows the programme report: one query, only for readers of statistics."""
    cache: dict[str, bool] = user.__dict__.setdefault("_lien_programmes", {})
    if "any" not in cache:
        ids = organisation_ids_for(user, Perm.STATISTICS_VIEW)
        cache["any"] = (
            bool(ids) and Organisation.objects.filter(pk__in=ids, kind__in=PROGRAMME_KINDS).exists()
        )
    return cache["any"]


def territory_organisations_for(user: User) -> list[Organisation]:
    """The programmes whose territory the user declares (``TERRITORY_CHANGE``)."""
    ids = organisation_ids_for(user, Perm.TERRITORY_CHANGE)
    return list(Organisation.objects.filter(pk__in=ids, kind__in=PROGRAMME_KINDS).order_by("name"))


def get_territory_organisation_for_user(user: User, slug: str | None) -> Organisation:
    """The programme of that slug (the first one without a slug) if the user declares its
    territory; 404 otherwise — another organisation's is missing and forbidden alike."""
    organisations = territory_organisations_for(user)
    found = (
        next((o for o in organisations if o.slug == slug), None) if slug else next(iter(organisations), None)
    )
    if found is None:
        raise Http404("Programme introuvable.")
    return found
