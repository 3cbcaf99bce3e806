from ninja import Query, Router, Schema
from pydantic import Field

from lien.api.schemas import ERRORS, ErrorOut, Text
from lien.reports.access import get_report_organisation_for_user
from lien.reports.annual import annual_report
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["rapports"])


class AnnualQuery(Schema):
    year: int = Field(..., ge=1900, le=2200)
    organisation: Text = Field(..., max_length=80)


@router.get(
    "/annual",
    response={200: dict, 404: ErrorOut, **ERRORS},
    summary="Rapport annuel de la médiation (même objet que `lien report annual`)",
)
def get_annual_report(request: AuthenticatedHttpRequest, query: Query[AnnualQuery]):
    # The same access helper as the report page: 404 for a missing and a forbidden organisation.
    organisation = get_report_organisation_for_user(request.user, query.organisation)
    return annual_report(organisation=organisation, year=query.year)
