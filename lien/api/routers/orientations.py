from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.directory.models import Service
from lien.followup.access import get_followed_person_for_user
from lien.orientations import services
from lien.orientations.access import get_orientation_for_user
from lien.orientations.enums import Difficulty, Outcome, StructureKind
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties

router = Router(tags=["orientations"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}


class OrientationOut(Schema):
    id: int
    person_id: int
    oriented_on: date
    structure_kind: str
    structure_name: str
    directory_service_id: int | None
    reason: str
    appointment_booked: bool
    needs_prepared: bool
    documents_prepared: bool
    help_detail: str
    outcome: str
    outcome_on: date | None
    difficulty: str
    outcome_detail: str


class OrientationQuery(Schema):
    person_id: int | None = Field(None, ge=1, le=2**62)
    outcome: Outcome | None = None


class OrientationIn(Schema):
    person_id: StrictInt = Field(..., ge=1, le=2**62)
    oriented_on: IsoDate | None = None
    structure_kind: StructureKind
    structure_name: str = Field(..., min_length=1, max_length=200)
    directory_service_id: StrictInt | None = Field(None, ge=1, le=2**62, description="Service de l'annuaire")
    reason: str = Field(..., min_length=1, max_length=5000)
    appointment_booked: StrictBool = False
    needs_prepared: StrictBool = False
    documents_prepared: StrictBool = False
    help_detail: str = Field("", max_length=300)


class OutcomeIn(Schema):
    outcome: Outcome
    on: IsoDate | None = None
    difficulty: Difficulty | None = None
    detail: str = Field("", max_length=500)


class DifficultyOut(Schema):
    structure_kind: str
    structure_name: str
    total: int
    went: int
    failed: int
    last_on: date
    difficulties: dict[str, int]


@router.get("", response={200: list[OrientationOut], **ERRORS}, summary="Orientations visibles")
@paginate(Pagination, page_size=25, max_page_size=200)
def list_orientations(request, query: Query[OrientationQuery]):
    orientations = Orientation.objects.visible_to(request.user)
    if query.person_id:
        orientations = orientations.filter(person_id=query.person_id)
    if query.outcome:
        orientations = orientations.filter(outcome=query.outcome)
    return orientations


@router.get(
    "/difficulties",
    response={200: list[DifficultyOut], **ERRORS},
    summary="Difficultés d'orientation par structure (dossier partenarial)",
)
def list_difficulties(request):
    return orientation_difficulties(Orientation.objects.visible_to(request.user))


@router.get("/{int:orientation_id}", response={200: OrientationOut, **FOUND}, summary="Une orientation")
def get_orientation(request, orientation_id: int):
    return get_orientation_for_user(request.user, orientation_id)


@router.post("", response={201: OrientationOut, **FOUND}, summary="Orienter une personne vers une structure")
def create_orientation(request, payload: OrientationIn):
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


@router.post(
    "/{int:orientation_id}/outcome",
    response={200: OrientationOut, **FOUND},
    summary="Suite de l'orientation (y est allée, n'y est pas allée, refusée)",
)
def record_outcome(request, orientation_id: int, payload: OutcomeIn):
    orientation = get_orientation_for_user(request.user, orientation_id, write=True)
    return services.orientation_record_outcome(
        acting_user=request.user,
        orientation=orientation,
        outcome=payload.outcome,
        on=payload.on,
        difficulty=payload.difficulty or "",
        detail=payload.detail,
    )
