from datetime import date

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from lien.advocacy.needs import DEFAULT_RADIUS_KM, MAX_RADIUS_KM
from lien.api.schemas import ERRORS, ErrorOut, IsoDate, Text
from lien.network.access import get_network_for_user
from lien.network.display import dashboard_rows
from lien.network.services import network_export
from lien.web.forms import period_error
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["réseau"])


class NetworkQuery(Schema):
    organisation: Text = Field(..., max_length=80, description="Identifiant (slug) de l'organisation")
    start: IsoDate = Field(..., examples=["2026-01-01"])
    end: IsoDate = Field(..., description="Incluse ; pas avant start, cinq ans après au plus")
    radius_km: int = Field(
        DEFAULT_RADIUS_KM,
        ge=1,
        le=MAX_RADIUS_KM,
        description="Distance d'un service pour répondre à un besoin",
    )


class NetworkRowOut(Schema):
    organisation: str = Field(..., description="Identifiant (slug)")
    organisation_name: str
    kind: str
    scope: str = Field(
        ...,
        description="« own » : l'organisation seule ; « subtree » : elle et celles qui lui sont "
        "rattachées ; « network » : tout le réseau (la dernière ligne)",
    )
    organisations_below: int
    saisines_received: int
    saisines_answered_in_time: int = Field(..., description="Reçues sur la période, réponse sous 7 jours")
    saisines_closed: int
    saisines_open: int = Field(..., description="Aujourd'hui")
    saisines_late: int = Field(..., description="Aujourd'hui : réponse ou objectif de clôture dépassé")
    people_accompanied: int
    people_new: int
    orientations: int
    orientations_went: int
    orientations_failed: int
    orientations_waiting_list: int
    appointments: int
    appointments_attended: int
    directory_services: int
    unmet_needs: int | None = Field(
        ..., description="Couples commune × besoin sans service à radius_km ; null : pas de programme"
    )
    people_with_unmet_needs: int | None
    proposals_written: int
    proposals_sent: int
    proposals_answered: int
    proposals_awaiting_answer: int = Field(..., description="Aujourd'hui")
    proposals_implemented: int


class NetworkProposalOut(Schema):
    organisation: str
    kind: str
    title: str
    sent_to: str
    sent_on: date | None
    answered_on: date | None
    status: str


class NetworkOut(Schema):
    organisation: str
    start: date
    end: date
    radius_km: int
    rows: list[NetworkRowOut]
    proposals: list[NetworkProposalOut] = Field(
        ..., description="Propositions transmises ou ayant reçu une réponse sur la période (50 au plus)"
    )


@router.get(
    "",
    response={200: NetworkOut, 404: ErrorOut, **ERRORS},
    url_name="network_dashboard",
    summary="Tableau de bord d'un réseau : l'activité agrégée des organisations rattachées",
    description=(
        "Pour une organisation dont l'utilisateur lit les statistiques, sur une période : une ligne "
        "pour son activité propre, une par organisation directement rattachée (elle et celles qui lui "
        "sont rattachées), puis le total du réseau — saisines, accompagnement, annuaire et besoins "
        "sans réponse, propositions d'amélioration et leurs réponses. Des effectifs, jamais une "
        "personne. Chaque appel est inscrit au journal comme un export."
    ),
)
def get_network(request: AuthenticatedHttpRequest, query: Query[NetworkQuery]):
    # The organisation first: 404 for missing and forbidden alike, before the period is judged.
    root = get_network_for_user(request.user, query.organisation)
    if problem := period_error(query.start, query.end):
        raise HttpError(422, problem)
    dashboard = network_export(
        acting_user=request.user,
        root=root,
        start=query.start,
        end=query.end,
        today=timezone.localdate(),
        radius_km=query.radius_km,
        fmt="json",
        via="API",
    )
    return {
        "organisation": root.slug,
        "start": dashboard.start,
        "end": dashboard.end,
        "radius_km": dashboard.radius_km,
        "rows": dashboard_rows(dashboard),
        "proposals": dashboard.proposals,
    }
