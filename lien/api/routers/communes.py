from ninja import Field, Query, Router, Schema

from lien.api.schemas import ERRORS, CommuneOut, Text
from lien.communes.models import Commune
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["communes"])


class CommuneQuery(Schema):
    q: Text = Field("", description="Les 100 premiers caractères comptent")


@router.get(
    "", response={200: list[CommuneOut], **ERRORS}, summary="Recherche de communes (nom, code postal, INSEE)"
)
def list_communes(request: AuthenticatedHttpRequest, filters: Query[CommuneQuery]):
    return list(Commune.objects.search(filters.q[:100]))
