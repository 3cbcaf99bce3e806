from datetime import date

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.rights.access import get_person_for_rights, get_procedure_for_user, get_reminder_for_user
from lien.rights.enums import ProcedureKind
from lien.rights.enums import Status as ProcedureStatus
from lien.rights.models import Procedure
from lien.rights.selectors import ProcedureFilters, open_reminders, procedures_for
from lien.rights.services import (
    procedure_documents_update,
    procedure_renew,
    procedure_start,
    procedure_transition,
    procedure_update,
    reminder_done,
)

router = Router(tags=["accès aux droits"])


class DocumentOut(Schema):
    id: int
    label: str
    gathered_on: date | None


class EventOut(Schema):
    on: date
    from_status: str
    to_status: str
    detail: str


class ProcedureOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    kind: str
    status: str
    started_on: date
    filed_on: date | None
    decision_on: date | None
    rights_start: date | None
    rights_end: date | None
    renewal_of: int | None = Field(None, alias="renewal_of_id")
    notes: str


class ProcedureDetailOut(ProcedureOut):
    documents: list[DocumentOut]
    events: list[EventOut]

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


class ReminderOut(Schema):
    id: int
    procedure: int = Field(..., alias="procedure_id")
    person: int = Field(..., alias="procedure.person_id")
    procedure_kind: str = Field(..., alias="procedure.kind")
    kind: str
    due_on: date
    done: bool

    @staticmethod
    def resolve_done(obj) -> bool:
        return obj.done_at is not None


class ProcedureIn(Schema):
    person: int = Field(..., ge=1, le=2**62)
    kind: ProcedureKind
    started_on: IsoDate
    notes: str = Field("", max_length=10000)


class TransitionIn(Schema):
    to_status: ProcedureStatus
    on: IsoDate
    rights_start: IsoDate | None = None
    rights_end: IsoDate | None = Field(None, description="Par défaut, un an pour l'AME et la C2S")
    detail: str = Field("", max_length=300)


class ProcedureUpdateIn(Schema):
    started_on: IsoDate
    filed_on: IsoDate | None = None
    decision_on: IsoDate | None = None
    rights_start: IsoDate | None = None
    rights_end: IsoDate | None = None
    notes: str = Field("", max_length=10000)


class DocumentsIn(Schema):
    gathered: list[int] = Field([], max_length=100, description="Identifiants des pièces réunies")
    on: IsoDate | None = None
    new_label: str = Field("", max_length=200)


class ProcedureQuery(Schema):
    kind: ProcedureKind | None = None
    status: ProcedureStatus | None = None


def _detail(procedure: Procedure) -> Procedure:
    return Procedure.objects.prefetch_related("documents", "events").get(pk=procedure.pk)


@router.get(
    "/procedures", response={200: list[ProcedureOut], **ERRORS}, summary="Démarches (en cours par défaut)"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_procedures(request, filters: Query[ProcedureQuery]):
    return procedures_for(
        request.user, ProcedureFilters(kind=filters.kind or "", status=filters.status or "")
    )


@router.post(
    "/procedures",
    response={201: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Commencer une démarche",
)
def create_procedure(request, payload: ProcedureIn):
    person = get_person_for_rights(request.user, payload.person, write=True)
    procedure = procedure_start(
        acting_user=request.user,
        person=person,
        kind=payload.kind,
        started_on=payload.started_on,
        notes=payload.notes,
    )
    return Status(201, _detail(procedure))


@router.get(
    "/procedures/{int:procedure_id}",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Une démarche, ses pièces et ses étapes",
)
def get_procedure(request, procedure_id: int):
    return _detail(get_procedure_for_user(request.user, procedure_id))


@router.put(
    "/procedures/{int:procedure_id}",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Corriger les dates et les notes d'une démarche",
)
def update_procedure(request, procedure_id: int, payload: ProcedureUpdateIn):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    procedure_update(
        acting_user=request.user, procedure=procedure, followed_by=procedure.followed_by, **payload.dict()
    )
    return _detail(procedure)


@router.post(
    "/procedures/{int:procedure_id}/transitions",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Passer à l'étape suivante (dépôt, décision…)",
)
def transition_procedure(request, procedure_id: int, payload: TransitionIn):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    procedure_transition(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@router.put(
    "/procedures/{int:procedure_id}/documents",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Cocher les pièces réunies",
)
def update_documents(request, procedure_id: int, payload: DocumentsIn):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    procedure_documents_update(
        acting_user=request.user,
        procedure=procedure,
        gathered_ids=set(payload.gathered),
        on=payload.on or timezone.localdate(),
        new_label=payload.new_label,
    )
    return _detail(procedure)


@router.post(
    "/procedures/{int:procedure_id}/renewal",
    response={201: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Commencer le renouvellement de droits accordés",
)
def renew_procedure(request, procedure_id: int):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    return Status(201, _detail(procedure_renew(acting_user=request.user, procedure=procedure)))


@router.get("/reminders", response={200: list[ReminderOut], **ERRORS}, summary="Droits à renouveler")
@paginate(Pagination, page_size=50, max_page_size=200)
def list_reminders(request):
    return open_reminders(request.user)


@router.post(
    "/reminders/{int:reminder_id}/done",
    response={200: ReminderOut, 404: ErrorOut, **ERRORS},
    summary="Marquer un rappel comme traité",
)
def mark_reminder_done(request, reminder_id: int):
    reminder = get_reminder_for_user(request.user, reminder_id)
    return reminder_done(acting_user=request.user, reminder=reminder)
