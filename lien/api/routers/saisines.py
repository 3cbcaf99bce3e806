from datetime import date
from typing import Annotated, Any, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict, StrictBool, WithJsonSchema

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import JournalledPagination
from lien.api.schemas import ERRORS, NO_NUL, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.people.models import Person
from lien.saisines import services
from lien.saisines.access import get_saisine_for_decision, get_saisine_for_user
from lien.saisines.enums import (
    SUBPROCESSES,
    AppealKind,
    AuthorType,
    Channel,
    EquityDecision,
    Matter,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
    Status,
)
from lien.saisines.models import Saisine
from lien.saisines.selectors import QUEUES, SaisineFilters, saisines_for
from lien.saisines.workflow import SAISINES
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["saisines"])


Blank = Literal[""]
CourtActionOutcome = Literal["court_action"]


class SaisineOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    reference: str
    received_on: date
    channel: Channel
    author_type: AuthorType
    origin: Origin
    requester_id: int | None
    commune_insee: str
    subject: str
    perimeter: Perimeter
    matter: Matter | Blank
    prior_claim: bool | None
    court_action_pending: bool
    process: Process
    subprocess: str
    status: Status
    receivable: bool | None
    assigned_to_id: int | None
    answer_due_on: date
    objective_due_on: date
    acknowledged_on: date | None
    notice_sent_on: date | None
    first_answer_on: date | None
    appeal_suspended_from: date | None
    appeal_suspended_until: date | None
    closed_on: date | None
    resolution_mode: ResolutionMode | Blank
    outcome: Outcome | CourtActionOutcome | Blank
    equity_decision: EquityDecision | Blank
    processing_delay_days: int | None


class SaisineQuery(Schema):
    q: Text = Field("", max_length=100)
    status: Status | None = None
    channel: Channel | None = None
    process: Process | None = None
    perimeter: Perimeter | None = None
    commune: Text = Field("", max_length=5)
    received_from: IsoDate | None = None
    received_to: IsoDate | None = None
    queue: str = Field("", pattern="^(" + "|".join(QUEUES) + ")?$")


def _subprocess_of_its_process(schema: dict[str, Any]) -> None:
    """JSON Schema of the rule of ``services.validate_subprocess``: a sub-process of the process."""
    with_subs = [str(process) for process in SUBPROCESSES]
    branches: list[dict[str, Any]] = [
        {"properties": {"process": {"enum": [str(process)]}, "subprocess": {"enum": ["", *subs]}}}
        for process, subs in SUBPROCESSES.items()
    ]
    others = [value for value in Process.values if value not in with_subs]
    branches.append({"properties": {"process": {"enum": others}, "subprocess": {"enum": [""]}}})
    schema["anyOf"] = branches


class SaisineIn(BodyIn):
    model_config = ConfigDict(json_schema_extra=_subprocess_of_its_process)

    organisation: Text = Field(..., max_length=80)
    received_on: IsoDate
    channel: Channel
    author_type: AuthorType
    origin: Origin
    perimeter: Perimeter
    process: Process
    subprocess: Text = Field("", max_length=30, description="Un sous-processus du processus, ou vide")
    requester_id: Id | None = None
    commune_insee: Text = Field("", max_length=5)
    subject: Text = Field("", max_length=10000)
    # The facts of the perimeter, as on the page (they can also be recorded later, record_perimeter).
    matter: Matter | Blank = ""
    prior_claim: StrictBool | None = None


@router.get("", response={200: list[SaisineOut], **ERRORS}, summary="Saisines visibles, filtrées")
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_saisines(request: AuthenticatedHttpRequest, query: Query[SaisineQuery]):
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
def get_saisine(request: AuthenticatedHttpRequest, saisine_id: int):
    return get_saisine_for_user(request.user, saisine_id)


@router.post("", response={201: SaisineOut, 404: ErrorOut, **ERRORS}, summary="Enregistrer une saisine reçue")
def create_saisine(request: AuthenticatedHttpRequest, payload: SaisineIn):
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
            raise HttpError(404, "Requérant·e introuvable dans cette caisse.")
    data = payload.dict(exclude={"organisation", "requester_id"})
    saisine = services.saisine_receive(
        acting_user=request.user, organisation=organisation, requester=requester, **data
    )
    return HttpStatus(201, saisine)


# -- the named actions of workflow.SAISINES, one route each -----------------------------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


class SaisineActionOut(Schema):
    name: str
    label: str


class SaisineDeclareIn(BodyIn):
    reason: Text = Field("", max_length=2000)


class SaisinePerimeterIn(BodyIn):
    perimeter: Perimeter
    matter: Matter | Blank = ""
    prior_claim: StrictBool | None = None
    court_action_pending: StrictBool = False


class SaisineAcknowledgeIn(BodyIn):
    acknowledged_on: IsoDate
    suspended_appeals: list[AppealKind] = Field(default_factory=lambda: list(AppealKind))


class SaisineExchangeRequestIn(BodyIn):
    service: NonBlankText = Field(..., max_length=120)
    requested_on: IsoDate
    question: Text = Field("", max_length=5000)


class SaisineExchangeAnswerIn(BodyIn):
    exchange_id: Id
    answered_on: IsoDate
    answer: Text = Field("", max_length=5000)


class SaisineCraIn(BodyIn):
    informed_on: IsoDate | None = None
    appeal_maintained: StrictBool | None = None


class SaisineEquityProposalIn(BodyIn):
    proposal: NonBlankText = Field(..., max_length=5000)


class SaisineEquityDecisionIn(BodyIn):
    accept: StrictBool
    motive: NonBlankText = Field(..., max_length=5000)


class SaisineCloseIn(BodyIn):
    closed_on: IsoDate
    outcome: Outcome
    resolution_mode: ResolutionMode | None = None


class SaisineCourtActionIn(BodyIn):
    on: IsoDate


class SaisineReopenIn(BodyIn):
    detail: NonBlankText = Field(..., max_length=2000)


class SaisineConflictIn(BodyIn):
    link: NonBlankText = Field(..., max_length=2000)


class SaisineNoteIn(BodyIn):
    text: NonBlankText = Field(..., max_length=10000)


class SaisineTaskDoneIn(BodyIn):
    task_id: Id
    done_on: IsoDate
    note: Text = Field("", max_length=2000)


DocumentFile = Annotated[
    UploadedFile,
    WithJsonSchema(
        {
            "type": "string",
            "format": "binary",
            "minLength": 1,
            "maxLength": services.DOCUMENT_MAX_BYTES,
            "description": "Un fichier non vide de 10 Mo au plus : PDF, image (PNG, JPEG, WebP) ou document "
            "bureautique (Word, Excel, OpenDocument), reconnu par son contenu",
        }
    ),
]


def _writable(request: AuthenticatedHttpRequest, saisine_id: int) -> Saisine:
    return get_saisine_for_user(request.user, saisine_id, write=True)


def _route(name: str, summary: str, description: str = ""):
    return router.post(
        f"/{{int:saisine_id}}/actions/{name}",
        response={200: SaisineOut, **ACTION_ERRORS},
        summary=summary,
        description=description
        or "409 si l'action n'est pas ouverte sur la saisine maintenant (son statut, une règle du dossier).",
        operation_id=f"saisine_{name}",
    )


@router.get(
    "/{int:saisine_id}/actions",
    response={200: list[SaisineActionOut], 404: ErrorOut, **ERRORS},
    summary="Actions ouvertes à l'appelant sur cette saisine, maintenant",
)
def list_actions(request: AuthenticatedHttpRequest, saisine_id: int):
    saisine = get_saisine_for_user(request.user, saisine_id)
    return [
        {"name": act.name, "label": str(act.label)}
        for act in SAISINES.available(request.user, saisine, offered_only=False)
        if act.sources
    ]


@_route("examine", "Mettre en examen")
def examine(request: AuthenticatedHttpRequest, saisine_id: int):
    return services.saisine_examine(acting_user=request.user, saisine=_writable(request, saisine_id))


@_route("record_perimeter", "Qualifier le périmètre")
def record_perimeter(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisinePerimeterIn):
    return services.saisine_record_perimeter(
        acting_user=request.user, saisine=_writable(request, saisine_id), **payload.dict()
    )


@_route(
    "declare_receivable",
    "Déclarer recevable (motif requis hors périmètre)",
    "409 si la saisine n'est pas ouverte à cette action, ou si, hors périmètre, `reason` est vide.",
)
def declare_receivable(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineDeclareIn):
    return services.saisine_declare_receivable(
        acting_user=request.user, saisine=_writable(request, saisine_id), reason=payload.reason
    )


@_route("declare_not_receivable", "Déclarer non recevable (transmise au service réclamations)")
def declare_not_receivable(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineDeclareIn):
    return services.saisine_declare_not_receivable(
        acting_user=request.user, saisine=_writable(request, saisine_id), reason=payload.reason
    )


@_route("acknowledge", "Accuser réception de la recevabilité")
def acknowledge(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineAcknowledgeIn):
    return services.saisine_acknowledge(
        acting_user=request.user,
        saisine=_writable(request, saisine_id),
        acknowledged_on=payload.acknowledged_on,
        suspended_appeals=[str(code) for code in payload.suspended_appeals],
    )


@_route("instruct", "Commencer l'instruction")
def instruct(request: AuthenticatedHttpRequest, saisine_id: int):
    return services.saisine_instruct(acting_user=request.user, saisine=_writable(request, saisine_id))


@_route("request_exchange", "Solliciter un service de la caisse")
def request_exchange(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineExchangeRequestIn):
    saisine = _writable(request, saisine_id)
    services.exchange_request(acting_user=request.user, saisine=saisine, **payload.dict())
    return saisine


@_route("answer_exchange", "Enregistrer la réponse d'un service")
def answer_exchange(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineExchangeAnswerIn):
    saisine = _writable(request, saisine_id)
    exchange = saisine.exchanges.filter(pk=payload.exchange_id).first()
    if exchange is None:
        raise Http404
    services.exchange_answer(
        acting_user=request.user, exchange=exchange, answered_on=payload.answered_on, answer=payload.answer
    )
    return saisine


@_route("record_cra", "Relation avec la CRA")
def record_cra(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineCraIn):
    return services.saisine_record_cra(
        acting_user=request.user, saisine=_writable(request, saisine_id), **payload.dict()
    )


@_route("propose_equity", "Proposer une solution en équité au directeur")
def propose_equity(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineEquityProposalIn):
    return services.saisine_propose_equity(
        acting_user=request.user, saisine=_writable(request, saisine_id), proposal=payload.proposal
    )


@_route("decide_equity", "Décision du directeur sur une proposition en équité")
def decide_equity(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineEquityDecisionIn):
    # Deciding does not change the case: the director needs no write access, only the action's permission.
    saisine = get_saisine_for_decision(request.user, saisine_id)
    return services.saisine_decide_equity(
        acting_user=request.user, saisine=saisine, accept=payload.accept, motive=payload.motive
    )


@_route("resume_instruction", "Reprendre l'instruction")
def resume_instruction(request: AuthenticatedHttpRequest, saisine_id: int):
    return services.saisine_resume_instruction(
        acting_user=request.user, saisine=_writable(request, saisine_id)
    )


@_route("close", "Clôturer avec une suite donnée")
def close(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineCloseIn):
    return services.saisine_close(
        acting_user=request.user,
        saisine=_writable(request, saisine_id),
        closed_on=payload.closed_on,
        outcome=payload.outcome,
        resolution_mode=payload.resolution_mode or "",
    )


@_route("record_court_action", "Enregistrer un recours contentieux (fin de la médiation)")
def record_court_action(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineCourtActionIn):
    return services.saisine_record_court_action(
        acting_user=request.user, saisine=_writable(request, saisine_id), on=payload.on
    )


@_route("record_later_court_action", "Enregistrer un recours contentieux connu après la clôture")
def record_later_court_action(
    request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineCourtActionIn
):
    return services.saisine_record_later_court_action(
        acting_user=request.user, saisine=_writable(request, saisine_id), on=payload.on
    )


@_route("reopen", "Rouvrir (nouvel examen)")
def reopen(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineReopenIn):
    return services.saisine_reopen(
        acting_user=request.user, saisine=_writable(request, saisine_id), detail=payload.detail
    )


@_route(
    "declare_conflict",
    "Déclarer un conflit d'intérêts (le dossier va au suppléant)",
    "409 si la saisine n'est pas ouverte à cette action, ou si la caisse n'a pas de suppléant·e actif·ve.",
)
def declare_conflict(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineConflictIn):
    saisine = _writable(request, saisine_id)
    services.saisine_declare_conflict(acting_user=request.user, saisine=saisine, link=payload.link)
    return saisine


@_route("add_note", "Ajouter une note")
def add_note(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineNoteIn):
    saisine = _writable(request, saisine_id)
    services.note_add(acting_user=request.user, saisine=saisine, text=payload.text)
    return saisine


@_route("add_document", "Ajouter un document (10 Mo au plus)")
def add_document(
    request: AuthenticatedHttpRequest,
    saisine_id: int,
    file: File[DocumentFile],
    name: str = Form("", pattern=NO_NUL, max_length=200, description="Par défaut, le nom du fichier"),
):
    saisine = _writable(request, saisine_id)
    services.document_add(acting_user=request.user, saisine=saisine, file=file, name=name)
    return saisine


@_route("complete_task", "Marquer une tâche de suivi comme faite")
def complete_task(request: AuthenticatedHttpRequest, saisine_id: int, payload: SaisineTaskDoneIn):
    saisine = _writable(request, saisine_id)
    task = saisine.tasks.filter(pk=payload.task_id).first()
    if task is None:
        raise Http404
    services.follow_up_done(acting_user=request.user, task=task, done_on=payload.done_on, note=payload.note)
    return saisine
