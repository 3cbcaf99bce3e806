from datetime import date

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from lien.api.pagination import JournalledPagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, Text
from lien.people.enums import ReminderChoice
from lien.rights.access import get_person_for_rights, get_procedure_for_user, get_reminder_for_user
from lien.rights.enums import ProcedureKind
from lien.rights.enums import Status as ProcedureStatus
from lien.rights.models import Procedure
from lien.rights.selectors import ProcedureFilters, open_reminders, procedures_for
from lien.rights.services import (
    procedure_abandon,
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_refuse,
    procedure_renew,
    procedure_resume,
    procedure_return_to_documents,
    procedure_start,
    procedure_update,
    reminder_done,
)
from lien.rights.workflow import PROCEDURES
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["accès aux droits"])


class DocumentOut(Schema):
    id: int
    label: str
    gathered_on: date | None


class EventOut(Schema):
    on: date
    action: str = Field(..., description="L'action de la démarche qui a fait cette étape")
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
    remind_person: ReminderChoice = Field(
        ..., description="Prévenir la personne avant l'échéance (seulement si elle l'a accepté)"
    )
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


REMIND_PERSON = (
    "Prévenir la personne avant l'échéance, seulement si elle l'a accepté (absent : inchangé) ; "
    "409 si sa fiche n'a pas le numéro ou l'adresse pour ce canal"
)


class ProcedureIn(BodyIn):
    person: Id
    kind: ProcedureKind
    started_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    notes: Text = Field("", max_length=10000)


class ProcedureUpdateIn(BodyIn):
    started_on: IsoDate
    filed_on: IsoDate | None = None
    decision_on: IsoDate | None = Field(None, description="Requise (409 sinon) une fois la décision rendue")
    rights_start: IsoDate | None = None
    rights_end: IsoDate | None = Field(None, description="Pas avant rights_start")
    remind_person: ReminderChoice | None = Field(None, description=REMIND_PERSON)
    notes: Text = Field("", max_length=10000)


class DocumentsIn(BodyIn):
    gathered: list[Id] = Field([], max_length=100, description="Identifiants des pièces réunies")
    on: IsoDate | None = None
    new_label: Text = Field("", max_length=200)


class ProcedureQuery(Schema):
    kind: ProcedureKind | None = None
    status: ProcedureStatus | None = None


def _detail(procedure: Procedure) -> Procedure:
    return Procedure.objects.prefetch_related("documents", "events").get(pk=procedure.pk)


@router.get(
    "/procedures", response={200: list[ProcedureOut], **ERRORS}, summary="Démarches (en cours par défaut)"
)
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_procedures(request: AuthenticatedHttpRequest, filters: Query[ProcedureQuery]):
    return procedures_for(
        request.user, ProcedureFilters(kind=filters.kind or "", status=filters.status or "")
    )


@router.post(
    "/procedures",
    response={201: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Commencer une démarche (action « start »)",
)
def create_procedure(request: AuthenticatedHttpRequest, payload: ProcedureIn):
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
def get_procedure(request: AuthenticatedHttpRequest, procedure_id: int):
    return _detail(get_procedure_for_user(request.user, procedure_id))


@router.put(
    "/procedures/{int:procedure_id}",
    response={200: ProcedureDetailOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Corriger les dates et les notes d'une démarche",
)
def update_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureUpdateIn):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    procedure_update(
        acting_user=request.user, procedure=procedure, followed_by=procedure.followed_by, **payload.dict()
    )
    return _detail(procedure)


@router.put(
    "/procedures/{int:procedure_id}/documents",
    response={200: ProcedureDetailOut, 404: ErrorOut, **ERRORS},
    summary="Cocher les pièces réunies",
)
def update_documents(request: AuthenticatedHttpRequest, procedure_id: int, payload: DocumentsIn):
    procedure = get_procedure_for_user(request.user, procedure_id, write=True)
    procedure_documents_update(
        acting_user=request.user,
        procedure=procedure,
        gathered_ids=set(payload.gathered),
        on=payload.on or timezone.localdate(),
        new_label=payload.new_label,
    )
    return _detail(procedure)


# -- the named actions of workflow.PROCEDURES, one route each ---------------------------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


def _detail_field():
    return Field("", max_length=300)


class ProcedureAvailableActionOut(Schema):
    name: str
    label: str


class ProcedureFileIn(BodyIn):
    filed_on: IsoDate = Field(..., description="Entre le début de la démarche et aujourd'hui")
    detail: Text = _detail_field()


class ProcedureReturnToDocumentsIn(BodyIn):
    on: IsoDate = Field(..., description="Entre le début de la démarche et aujourd'hui")
    detail: Text = Field("", max_length=300, description="La pièce qui manque")


class ProcedureGrantIn(BodyIn):
    decision_on: IsoDate = Field(..., description="Entre le début de la démarche et aujourd'hui")
    rights_start: IsoDate | None = Field(
        None, description="Par défaut, la date de la décision ; au plus tard un an après elle"
    )
    rights_end: IsoDate | None = Field(
        None, description="Pas avant rights_start ; par défaut, un an pour l'AME et la C2S"
    )
    remind_person: ReminderChoice | None = Field(None, description=REMIND_PERSON)
    detail: Text = _detail_field()


class ProcedureRefuseIn(BodyIn):
    decision_on: IsoDate = Field(..., description="Entre le début de la démarche et aujourd'hui")
    detail: Text = _detail_field()


class ProcedureStepIn(BodyIn):
    """The date of the step (abandon, resume) and a detail."""

    on: IsoDate = Field(..., description="Entre le début de la démarche et aujourd'hui")
    detail: Text = _detail_field()


def _writable(request: AuthenticatedHttpRequest, procedure_id: int) -> Procedure:
    return get_procedure_for_user(request.user, procedure_id, write=True)


def _route(name: str, summary: str):
    return router.post(
        f"/procedures/{{int:procedure_id}}/actions/{name}",
        response={200: ProcedureDetailOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"procedure_{name}",
    )


@router.get(
    "/procedures/{int:procedure_id}/actions",
    response={200: list[ProcedureAvailableActionOut], 404: ErrorOut, **ERRORS},
    summary="Actions ouvertes à l'appelant sur cette démarche, maintenant",
)
def list_actions(request: AuthenticatedHttpRequest, procedure_id: int):
    procedure = get_procedure_for_user(request.user, procedure_id)
    return [
        {"name": act.name, "label": str(act.label)}
        for act in PROCEDURES.available(request.user, procedure)
        if act.sources
    ]


@_route("file", "Dossier déposé")
def file_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureFileIn):
    procedure = _writable(request, procedure_id)
    procedure_file(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@_route("return_to_documents", "Dossier renvoyé par la caisse : une pièce manque")
def return_to_documents(
    request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureReturnToDocumentsIn
):
    procedure = _writable(request, procedure_id)
    procedure_return_to_documents(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@_route("grant", "Droits accordés (un an pour l'AME et la C2S, sauf autre fin donnée)")
def grant_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureGrantIn):
    procedure = _writable(request, procedure_id)
    procedure_grant(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@_route("refuse", "Demande refusée")
def refuse_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureRefuseIn):
    procedure = _writable(request, procedure_id)
    procedure_refuse(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@_route("abandon", "Abandonner la démarche")
def abandon_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureStepIn):
    procedure = _writable(request, procedure_id)
    procedure_abandon(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@_route("resume", "Reprendre une démarche refusée ou abandonnée")
def resume_procedure(request: AuthenticatedHttpRequest, procedure_id: int, payload: ProcedureStepIn):
    procedure = _writable(request, procedure_id)
    procedure_resume(acting_user=request.user, procedure=procedure, **payload.dict())
    return _detail(procedure)


@router.post(
    "/procedures/{int:procedure_id}/actions/renew",
    response={201: ProcedureDetailOut, **ACTION_ERRORS},
    summary="Commencer le renouvellement de droits accordés : la réponse est la nouvelle démarche",
    operation_id="procedure_renew",
)
def renew_procedure(request: AuthenticatedHttpRequest, procedure_id: int):
    procedure = _writable(request, procedure_id)
    return Status(201, _detail(procedure_renew(acting_user=request.user, procedure=procedure)))


@router.get("/reminders", response={200: list[ReminderOut], **ERRORS}, summary="Droits à renouveler")
@paginate(JournalledPagination, page_size=50, max_page_size=200)
def list_reminders(request: AuthenticatedHttpRequest):
    return open_reminders(request.user)


@router.post(
    "/reminders/{int:reminder_id}/done",
    response={200: ReminderOut, 404: ErrorOut, **ERRORS},
    summary="Marquer un rappel comme traité",
)
def mark_reminder_done(request: AuthenticatedHttpRequest, reminder_id: int):
    reminder = get_reminder_for_user(request.user, reminder_id)
    return reminder_done(acting_user=request.user, reminder=reminder)
