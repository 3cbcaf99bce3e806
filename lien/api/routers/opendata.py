from typing import Annotated

from django.conf import settings
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from lien.api.schemas import ERRORS, ErrorOut, IsoDate, Text
from lien.opendata.access import get_open_data_organisation_for_user
from lien.opendata.enums import OpenDataDimension, OpenDataPopulation
from lien.opendata.exports import table_json
from lien.opendata.services import open_data_export
from lien.opendata.tables import split_dimensions, unknown_dimensions
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["données ouvertes"])

_NAME = "(" + "|".join(OpenDataDimension.values) + ")"
DIMENSIONS_PATTERN = rf"^{_NAME}(,{_NAME})*$"


def _known(value: str) -> str:
    """What the pattern says, in French (a repeated or inapplicable dimension is for the table)."""
    if problems := unknown_dimensions(split_dimensions(value)):
        raise ValueError(" ".join(problems))
    return value


Dimensions = Annotated[
    str,
    StringConstraints(max_length=200),
    AfterValidator(_known),
    WithJsonSchema(
        {"type": "string", "pattern": DIMENSIONS_PATTERN, "maxLength": 200, "examples": ["commune,gender"]}
    ),
]


class OpenDataQuery(Schema):
    organisation: Text = Field(
        ..., max_length=80, description="Identifiant (slug) de l'organisation", examples=["asso"]
    )
    start: IsoDate = Field(..., examples=["2026-01-01"])
    end: IsoDate = Field(..., description="Incluse ; pas avant start", examples=["2026-06-30"])
    by: Dimensions = Field(
        ...,
        description=(
            "Dimensions, dans l'ordre, séparées par des virgules (« commune,gender »), chacune une "
            "fois ; `channel` et `process` pour une caisse seulement, `barrier` hors caisse"
        ),
    )
    threshold: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="Seuil K de masquage ; par défaut et au moins celui de l'instance "
        "(LIEN_OPEN_DATA_THRESHOLD, 5 par défaut)",
    )


class OpenDataOut(Schema):
    organisation: str
    population: OpenDataPopulation
    start: str = Field(..., description="AAAA-MM-JJ")
    end: str = Field(..., description="AAAA-MM-JJ")
    threshold: int
    dimensions: list[OpenDataDimension]
    rows: list[dict[str, str | int | None]] = Field(
        ...,
        description="Une ligne par combinaison : la valeur de chaque dimension (« * » : toutes), "
        "et `count`, null quand la case est masquée",
    )


@router.get(
    "",
    response={200: OpenDataOut, 404: ErrorOut, **ERRORS},
    url_name="open_data",
    summary="Tableau de données ouvertes : effectifs croisés, totaux compris, petites cases masquées",
    description=(
        "Le même objet que `lien open-data --format json` (INTERFACES.md « Open data »). Une caisse "
        "(ou une organisation au-dessus d'une caisse) compte ses saisines reçues sur la période, les "
        "autres les personnes accompagnées. Aucun effectif de 1 à K − 1 n'est publié, et aucune case "
        "masquée ne peut être retrouvée par soustraction. 422 : période à l'envers, dimension "
        "répétée ou sans objet pour cette organisation, seuil inférieur à celui de l'instance, "
        "tableau de plus de 200 000 lignes. Chaque appel est inscrit au journal."
    ),
)
def get_open_data(request: AuthenticatedHttpRequest, query: Query[OpenDataQuery]):
    # The organisation first: 404 for missing and forbidden alike, before anything is said of the rest.
    organisation = get_open_data_organisation_for_user(request.user, query.organisation)
    table = open_data_export(
        acting_user=request.user,
        organisation=organisation,
        start=query.start,
        end=query.end,
        by=split_dimensions(query.by),
        threshold=query.threshold,
        minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD,
        fmt="json",
        via="API",
    )
    return table_json(table)
