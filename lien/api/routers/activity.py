from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from lien.activity.access import programme_organisations_for
from lien.activity.report import programme_report
from lien.api.schemas import ERRORS, ErrorOut, IsoDate, Text
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["activité des programmes"])


class ReportQuery(Schema):
    organisation: Text = Field(..., max_length=80)
    start: IsoDate
    end: IsoDate = Field(..., description="Pas avant start, cinq ans après au plus")


@router.get(
    "/report",
    response={200: dict, 404: ErrorOut, **ERRORS},
    url_name="activity_report",
    summary="Rapport d'activité d'un programme sur une période (le même objet que la page et le PDF)",
    description=(
        "Les chiffres de la période, puis sous `previous` les mêmes chiffres pour la même période un "
        "an plus tôt. « Personnes accompagnées » (`people.accompanied`) : les personnes ayant une fiche "
        "et au moins un contact sur la période (lien/activity/definitions.py)."
    ),
)
def get_report(request: AuthenticatedHttpRequest, query: Query[ReportQuery]):
    organisation = next(
        (o for o in programme_organisations_for(request.user) if o.slug == query.organisation), None
    )
    if organisation is None:
        raise HttpError(404, "Programme introuvable ou statistiques non accessibles.")
    if query.end < query.start or (query.end - query.start).days > 366 * 5:
        raise HttpError(422, "Période invalide : la fin suit le début, cinq ans au plus.")
    return programme_report(organisation, query.start, query.end)
