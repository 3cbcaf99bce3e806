"""Small lookups shared by routers: an organisation by slug where the user holds a permission,
a commune by INSEE code. Both answer like the access helpers: 404 for missing and forbidden."""

from django.http import Http404
from ninja.errors import HttpError

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.communes.models import Commune
from lien.web.http import AuthenticatedHttpRequest


def organisation_for(user: User, slug: str, perm: Perm) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug, pk__in=organisation_ids_for(user, perm)).first()
    if organisation is None:
        raise Http404
    return organisation


def commune_for(code: str | None) -> Commune | None:
    if not code:
        return None
    commune = Commune.objects.filter(insee_code=code).first()
    if commune is None:
        raise HttpError(404, f"Commune inconnue : {code}")
    return commune


def medical_allowed(request: AuthenticatedHttpRequest, organisation_id: int) -> bool:
    return has_perm(request.user, Perm.MEDICAL_VIEW, organisation_id)
