from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.people.models import Person
from lien.saisines import services
from lien.saisines.access import get_saisine_for_user
from lien.saisines.enums import (
    AuthorType,
    Channel,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
)
from lien.saisines.enums import (
    Status as SaisineStatus,
)
from lien.saisines.selectors import QUEUES, SaisineFilters, saisines_for

router = Router(tags=["saisines"])


class SaisineOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    reference: str
    received_on: date
    channel: str
    author_type: str
    origin: str
    requester_id: int | None
    commune_insee: str
    subject: str
    perimeter: str
    matter: str
    process: str
    subprocess: str
    status: str
    receivable: bool | None
    answer_due_on: date
    objective_due_on: date
    acknowledged_on: date | None
    closed_on: date | None
    resolution_mode: str
    outcome: str
    equity_decision: str
    processing_delay_days: int | None


class SaisineQuery(Schema):
    q: str = Field("", max_length=100)
    status: SaisineStatus | None = None
    channel: Channel | None = None
    process: Process | None = None
    perimeter: Perimeter | None = None
    commune: str = Field("", max_length=5)
    received_from: IsoDate | None = None
    received_to: IsoDate | None = None
    queue: str = Field("", pattern="^(" + "|".join(QUEUES) + ")?$")


class SaisineIn(Schema):
    organisation: str = Field(..., max_length=80)
    received_on: IsoDate
    channel: Channel
    author_type: AuthorType
    origin: Origin
    perimeter: Perimeter
    process: Process
    subprocess: str = Field("", max_length=30)
    requester_id: int | None = None
    commune_insee: str = Field("", max_length=5)
    subject: str = Field("", max_length=10000)


class TransitionIn(Schema):
    to: SaisineStatus
    detail: str = Field("", max_length=2000)


class ReceivabilityIn(Schema):
    receivable: bool
    reason: str = Field("", max_length=2000)


class CloseIn(Schema):
    closed_on: IsoDate
    outcome: Outcome
    resolution_mode: ResolutionMode | None = None


class EquityDecisionIn(Schema):
    accept: bool
    motive: str = Field(..., min_length=1, max_length=5000)


@router.get("", response={200: list[SaisineOut], **ERRORS}, summary="Saisines visibles, filtrées")
@paginate(Pagination, page_size=25, max_page_size=200)
def list_saisines(request, query: Query[SaisineQuery]):
    filters = SaisineFilters(
        q=query.q,
        status=query.status or "",
        channel=query.channel or "",
        process=query.process or "",
        perimeter=query.perimeter or "",
        commune=query.commune,
        received_from=query.received_from,
        received_to=query.received_to,
        queue=query.queue,
    )
    return saisines_for(request.user, filters, today=timezone.localdate())


@router.get("/{int:saisine_id}", response={200: SaisineOut, 404: ErrorOut, **ERRORS}, summary="Une saisine")
def get_saisine(request, saisine_id: int):
    return get_saisine_for_user(request.user, saisine_id)


@router.post("", response={201: SaisineOut, 404: ErrorOut, **ERRORS}, summary="Enregistrer une saisine reçue")
def create_saisine(request, payload: SaisineIn):
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.SAISINE_CHANGE)
    ).first()
    if organisation is None:
        raise Http404
    requester = None
    if payload.requester_id is not None:
        requester = (
            Person.objects.visible_to(request.user)
            .filter(pk=payload.requester_id, organisation=organisation)
            .first()
        )
        if requester is None:
            raise ValidationError("Requérant·e introuvable dans cette caisse.")
    data = payload.dict(exclude={"organisation", "requester_id"})
    saisine = services.saisine_receive(
        acting_user=request.user, organisation=organisation, requester=requester, **data
    )
    return Status(201, saisine)


@router.post(
    "/{int:saisine_id}/transitions",
    response={200: SaisineOut, 404: ErrorOut, **ERRORS},
    summary="Changer de statut",
)
def transition(request, saisine_id: int, payload: TransitionIn):
    saisine = get_saisine_for_user(request.user, saisine_id, write=True)
    return services.saisine_transition(
        acting_user=request.user, saisine=saisine, to_status=payload.to, detail=payload.detail
    )


@router.post(
    "/{int:saisine_id}/receivability",
    response={200: SaisineOut, 404: ErrorOut, **ERRORS},
    summary="Décider de la recevabilité",
)
def decide_receivability(request, saisine_id: int, payload: ReceivabilityIn):
    saisine = get_saisine_for_user(request.user, saisine_id, write=True)
    return services.saisine_decide_receivability(
        acting_user=request.user, saisine=saisine, receivable=payload.receivable, reason=payload.reason
    )


@router.post(
    "/{int:saisine_id}/close",
    response={200: SaisineOut, 404: ErrorOut, **ERRORS},
    summary="Clôturer avec une suite donnée",
)
def close(request, saisine_id: int, payload: CloseIn):
    saisine = get_saisine_for_user(request.user, saisine_id, write=True)
    return services.saisine_close(
        acting_user=request.user,
        saisine=saisine,
        closed_on=payload.closed_on,
        outcome=payload.outcome,
        resolution_mode=payload.resolution_mode or "",
    )


@router.post(
    "/{int:saisine_id}/equity-decision",
    response={200: SaisineOut, 403: ErrorOut, 404: ErrorOut, **ERRORS},
    summary="Décision du directeur sur une proposition en équité",
)
def decide_equity(request, saisine_id: int, payload: EquityDecisionIn):
    saisine = get_saisine_for_user(request.user, saisine_id)
    return services.saisine_decide_equity(
        acting_user=request.user, saisine=saisine, accept=payload.accept, motive=payload.motive
    )
