from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import StringConstraints

from lien.activity.access import get_territory_organisation_for_user, programme_organisations_for
from lien.activity.report import programme_report
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, IsoDate, Text
from lien.communes.territory import (
    MAX_DEPARTEMENTS,
    MAX_INSEE_CODES,
    MAX_POSTAL_CODES,
    TerritoryInput,
    territory_by_departement,
    territory_communes,
    territory_set,
)
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


class TerritoryQuery(Schema):
    organisation: Text = Field(..., max_length=80, description="Identifiant (slug) du programme")


class TerritoryDepartementOut(Schema):
    code: str = Field(..., alias="departement")
    name: str = Field(..., alias="departement_name")
    communes: int


class TerritoryOut(Schema):
    organisation: str
    communes: list[str] = Field(..., description="Codes INSEE, vide : pas de territoire déclaré")
    by_departement: list[TerritoryDepartementOut]


class TerritoryIn(BodyIn):
    insee_codes: list[Annotated[str, StringConstraints(pattern=r"^([0-9]{2}|2[AB])[0-9]{3}$")]] = Field(
        [], max_length=MAX_INSEE_CODES, description="Codes INSEE de communes (« 11304 », « 2A004 »)"
    )
    postal_codes: list[Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]] = Field(
        [], max_length=MAX_POSTAL_CODES, description="Toutes les communes de chaque code postal"
    )
    departements: list[Annotated[str, StringConstraints(pattern=r"^([0-9]{2,3}|2[AB])$")]] = Field(
        [], max_length=MAX_DEPARTEMENTS, description="Départements entiers (« 11 », « 2A », « 974 »)"
    )


def _territory(organisation) -> dict:
    communes = territory_communes([organisation.pk])
    return {
        "organisation": organisation.slug,
        "communes": list(communes.order_by("insee_code").values_list("insee_code", flat=True)),
        "by_departement": territory_by_departement(communes),
    }


@router.get(
    "/territory",
    response={200: TerritoryOut, 404: ErrorOut, **ERRORS},
    summary="Territoire d'un programme : les communes sur lesquelles le rapport compte celles atteintes",
)
def get_territory(request: AuthenticatedHttpRequest, query: Query[TerritoryQuery]):
    return _territory(get_territory_organisation_for_user(request.user, query.organisation))


@router.put(
    "/territory",
    response={200: TerritoryOut, 404: ErrorOut, **ERRORS},
    summary="Déclarer le territoire d'un programme (tout ou rien ; vide : aucun territoire)",
    description="Les communes nommées par code INSEE, par code postal (toutes ses communes) ou par "
    "département entier ; un code que Lien ne connaît pas refuse le tout (404, comme une commune "
    "inconnue ailleurs) et ne change rien.",
)
def put_territory(request: AuthenticatedHttpRequest, query: Query[TerritoryQuery], payload: TerritoryIn):
    organisation = get_territory_organisation_for_user(request.user, query.organisation)
    data = TerritoryInput(payload.insee_codes, payload.postal_codes, payload.departements)
    try:
        territory_set(acting_user=request.user, organisation=organisation, data=data)
    except ValidationError as error:  # a code Lien does not know: the commune named is not found
        raise HttpError(
            404, " ".join(message for messages in error.message_dict.values() for message in messages)
        ) from None
    return _territory(organisation)
