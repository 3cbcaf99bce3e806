from ninja import Query, Router, Schema

from lien.api.schemas import ERRORS, CommuneOut
from lien.communes.models import Commune

router = Router(tags=["communes"])


class CommuneQuery(Schema):
    q: str = ""


@router.get(
    "", response={200: list[CommuneOut], **ERRORS}, summary="Recherche de communes (nom, code postal, INSEE)"
)
def list_communes(request, filters: Query[CommuneQuery]):
    return list(Commune.objects.search(filters.q[:100]))
