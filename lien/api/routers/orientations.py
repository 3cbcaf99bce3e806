from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from lien.api.pagination import JournalledPagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.directory.models import Service
from lien.followup.access import get_followed_person_for_user
from lien.orientations import services
from lien.orientations.access import get_orientation_for_user
from lien.orientations.enums import OrientationDifficulty, OrientationOutcome, OrientationStructureKind
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties
from lien.orientations.workflow import ORIENTATIONS
from lien.web.http import MAX_ID, AuthenticatedHttpRequest

router = Router(tags=["orientations"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}


class OrientationOut(Schema):
    id: int
    person_id: int
    oriented_on: date
    structure_kind: OrientationStructureKind
    structure_name: str
    directory_service_id: int | None
    reason: str
    appointment_booked: bool
    needs_prepared: bool
    documents_prepared: bool
    help_detail: str
    outcome: OrientationOutcome
    outcome_on: date | None
    difficulty: OrientationDifficulty | Literal[""]
    outcome_detail: str


class OrientationQuery(Schema):
    person_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    outcome: OrientationOutcome | None = None


class OrientationIn(BodyIn):
    person_id: Id
    oriented_on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")
    structure_kind: OrientationStructureKind
    structure_name: NonBlankText = Field(..., max_length=200)
    directory_service_id: Id | None = Field(None, description="Service de l'annuaire")
    reason: NonBlankText = Field(..., max_length=5000)
    appointment_booked: StrictBool = False
    needs_prepared: StrictBool = False
    documents_prepared: StrictBool = False
    help_detail: Text = Field("", max_length=300)


class OrientationDifficultiesOut(Schema):
    structure_kind: OrientationStructureKind
    structure_name: str
    total: int
    went: int
    failed: int
    last_on: date
    difficulties: dict[str, int]


@router.get("", response={200: list[OrientationOut], **ERRORS}, summary="Orientations visibles")
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_orientations(request: AuthenticatedHttpRequest, query: Query[OrientationQuery]):
    orientations = Orientation.objects.visible_to(request.user)
    if query.person_id:
        orientations = orientations.filter(person_id=query.person_id)
    if query.outcome:
        orientations = orientations.filter(outcome=query.outcome)
    return orientations


@router.get(
    "/difficulties",
    response={200: list[OrientationDifficultiesOut], **ERRORS},
    summary="Difficultés d'orientation par structure (dossier partenarial)",
)
def list_difficulties(request: AuthenticatedHttpRequest):
    return orientation_difficulties(Orientation.objects.visible_to(request.user))


@router.get("/{int:orientation_id}", response={200: OrientationOut, **FOUND}, summary="Une orientation")
def get_orientation(request: AuthenticatedHttpRequest, orientation_id: int):
    return get_orientation_for_user(request.user, orientation_id)


@router.post(
    "",
    response={201: OrientationOut, 409: ErrorOut, **FOUND},
    summary="Orienter une personne vers une structure (action « orient »)",
)
def create_orientation(request: AuthenticatedHttpRequest, payload: OrientationIn):
    person = get_followed_person_for_user(request.user, payload.person_id, write=True)
    service = None
    if payload.directory_service_id is not None:
        service = Service.objects.visible_to(request.user).filter(pk=payload.directory_service_id).first()
        if service is None:
            raise Http404
    data = payload.dict(exclude={"person_id", "directory_service_id"})
    data["oriented_on"] = data["oriented_on"] or timezone.localdate()
    orientation = services.orientation_create(
        acting_user=request.user, person=person, directory_service=service, **data
    )
    return Status(201, orientation)


# -- the named actions of workflow.ORIENTATIONS, one route each --------------------------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


class OrientationAvailableActionOut(Schema):
    name: str
    label: str


OUTCOME_ON = "Pas avant le jour de l'orientation ; aujourd'hui si absent"


class OrientationRecordWentIn(BodyIn):
    on: IsoDate | None = Field(None, description=OUTCOME_ON)
    detail: Text = Field("", max_length=500)


class OrientationRecordDidNotGoIn(BodyIn):
    difficulty: OrientationDifficulty = Field(..., description="Pourquoi : alimente le dossier partenarial")
    on: IsoDate | None = Field(None, description=OUTCOME_ON)
    detail: Text = Field("", max_length=500)


class OrientationRecordRefusedIn(BodyIn):
    difficulty: OrientationDifficulty = Field(..., description="Pourquoi : alimente le dossier partenarial")
    on: IsoDate | None = Field(None, description=OUTCOME_ON)
    detail: Text = Field("", max_length=500)


class OrientationRecordWaitingListIn(BodyIn):
    on: IsoDate | None = Field(None, description=OUTCOME_ON)
    detail: Text = Field("", max_length=500, description="Délai annoncé, rappel prévu…")


def _writable(request: AuthenticatedHttpRequest, orientation_id: int) -> Orientation:
    return get_orientation_for_user(request.user, orientation_id, write=True)


def _route(name: str, summary: str):
    return router.post(
        f"/{{int:orientation_id}}/actions/{name}",
        response={200: OrientationOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"orientation_{name}",
    )


@router.get(
    "/{int:orientation_id}/actions",
    response={200: list[OrientationAvailableActionOut], **FOUND},
    summary="Actions ouvertes à l'appelant sur cette orientation, maintenant",
)
def list_actions(request: AuthenticatedHttpRequest, orientation_id: int):
    orientation = get_orientation_for_user(request.user, orientation_id)
    return [
        {"name": act.name, "label": str(act.label)}
        for act in ORIENTATIONS.available(request.user, orientation)
    ]


@_route("record_went", "La personne y est allée")
def record_went(request: AuthenticatedHttpRequest, orientation_id: int, payload: OrientationRecordWentIn):
    return services.orientation_record_went(
        acting_user=request.user, orientation=_writable(request, orientation_id), **payload.dict()
    )


@_route("record_did_not_go", "La personne n'y est pas allée, et pourquoi")
def record_did_not_go(
    request: AuthenticatedHttpRequest, orientation_id: int, payload: OrientationRecordDidNotGoIn
):
    return services.orientation_record_did_not_go(
        acting_user=request.user, orientation=_writable(request, orientation_id), **payload.dict()
    )


@_route("record_refused", "La structure a refusé la personne, et pourquoi")
def record_refused(
    request: AuthenticatedHttpRequest, orientation_id: int, payload: OrientationRecordRefusedIn
):
    return services.orientation_record_refused(
        acting_user=request.user, orientation=_writable(request, orientation_id), **payload.dict()
    )


@_route("record_waiting_list", "La personne est sur liste d'attente de la structure")
def record_waiting_list(
    request: AuthenticatedHttpRequest, orientation_id: int, payload: OrientationRecordWaitingListIn
):
    return services.orientation_record_waiting_list(
        acting_user=request.user, orientation=_writable(request, orientation_id), **payload.dict()
    )


@_route("reset_outcome", "Remettre la suite en attente (correction)")
def reset_outcome(request: AuthenticatedHttpRequest, orientation_id: int):
    return services.orientation_reset_outcome(
        acting_user=request.user, orientation=_writable(request, orientation_id)
    )
