from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.schemas import ERRORS, ErrorOut
from lien.reports.annual import annual_report

router = Router(tags=["rapports"])


class AnnualQuery(Schema):
    year: int = Field(..., ge=1900, le=2200)
    organisation: str = Field(..., max_length=80)


@router.get(
    "/annual",
    response={200: dict, 404: ErrorOut, **ERRORS},
    summary="Rapport annuel de la médiation (même objet que `lien report annual`)",
)
def get_annual_report(request, query: Query[AnnualQuery]):
    organisation = Organisation.objects.filter(
        slug=query.organisation, pk__in=organisation_ids_for(request.user, Perm.STATISTICS_VIEW)
    ).first()
    if organisation is None:
        raise HttpError(404, "Organisation introuvable ou statistiques non accessibles.")
    return annual_report(organisation=organisation, year=query.year)
