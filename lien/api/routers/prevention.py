"""Prevention through the API: test results pass through ``lien.prevention.access`` like the pages."""

from datetime import date
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.helpers import commune_for
from lien.api.pagination import JournalledPagination, Pagination
from lien.api.schemas import (
    ERRORS,
    JSON_INTEGER,
    BodyIn,
    ErrorOut,
    Id,
    InseeCode,
    IsoDate,
    NonBlankText,
    Text,
)
from lien.prevention import services
from lien.prevention.access import get_person_for_prevention, get_test_for_user, rapid_tests_visible_to
from lien.prevention.enums import LinkageStructure, TestKind, TestResult, Topic
from lien.prevention.models import CollectiveAction
from lien.prevention.workflow import LINKAGES
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["prévention"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}


class WhoIn(BodyIn):
    person_id: Id | None = Field(None, description="Vide : personne anonyme")
    organisation: Text = Field(
        "", max_length=80, description="Pour une personne anonyme : l'organisation (slug)"
    )


class AdviceIn(WhoIn):
    topics: list[Topic] = Field(..., min_length=1, max_length=len(Topic.values))
    given_on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")


class AdviceOut(Schema):
    id: int
    person_id: int | None
    given_on: date
    topic: str


class TestIn(WhoIn):
    kind: TestKind
    result: TestResult
    performed_on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")


class TestOut(Schema):
    id: int
    person_id: int | None
    performed_on: date
    performed_by_id: int
    kind: str
    result: str
    linkage_structure: str
    linkage_status: str
    linkage_updated_on: date | None
    linkage_note: str


class CollectiveActionIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    held_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    theme: Topic
    title: NonBlankText = Field(..., max_length=200)
    attendance: Annotated[int, Field(ge=0, le=10000), JSON_INTEGER]
    partners: Text = Field("", max_length=300)
    commune: InseeCode | None = None


class CollectiveActionOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    held_on: date
    theme: str
    title: str
    attendance: int
    partners: str
    commune: str | None = Field(None, alias="commune_id")


def _who(request: AuthenticatedHttpRequest, payload: WhoIn) -> dict:
    if payload.person_id is not None:
        return {"person": get_person_for_prevention(request.user, payload.person_id), "organisation": None}
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    ).first()
    if organisation is None:
        raise Http404
    return {"person": None, "organisation": organisation}


@router.post(
    "/advice",
    response={201: list[AdviceOut], **FOUND},
    summary="Conseils de prévention donnés (un par thème)",
)
def create_advice(request: AuthenticatedHttpRequest, payload: AdviceIn):
    created = services.advice_record(
        acting_user=request.user,
        topics=[str(topic) for topic in payload.topics],
        given_on=payload.given_on or timezone.localdate(),
        **_who(request, payload),
    )
    return Status(201, created)


@router.get(
    "/tests", response={200: list[TestOut], **ERRORS}, summary="Tests dont vous pouvez voir le résultat"
)
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_tests(request: AuthenticatedHttpRequest):
    return rapid_tests_visible_to(request.user)


@router.get("/tests/{int:test_id}", response={200: TestOut, **FOUND}, summary="Un test et son résultat")
def get_test(request: AuthenticatedHttpRequest, test_id: int):
    return get_test_for_user(request.user, test_id)


@router.post("/tests", response={201: TestOut, **FOUND}, summary="Enregistrer un test rapide (TROD)")
def create_test(request: AuthenticatedHttpRequest, payload: TestIn):
    test = services.rapid_test_record(
        acting_user=request.user,
        kind=payload.kind,
        result=payload.result,
        performed_on=payload.performed_on or timezone.localdate(),
        **_who(request, payload),
    )
    return Status(201, test)


# -- the linkage to care: the named actions of workflow.LINKAGES, one route each --------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


def _on():
    return Field(None, description="Entre le jour du test et aujourd'hui ; aujourd'hui si absent")


def _note():
    return Field("", max_length=500)


class RapidTestAvailableActionOut(Schema):
    name: str
    label: str


class RapidTestOrientIn(BodyIn):
    structure: LinkageStructure | None = Field(
        None, description="Requise (409 sinon), sauf pour orienter de nouveau vers la même structure"
    )
    on: IsoDate | None = _on()
    note: Text = _note()


class RapidTestRecordSeenIn(BodyIn):
    structure: LinkageStructure | None = Field(None, description="Par défaut, celle de l'orientation")
    on: IsoDate | None = _on()
    note: Text = _note()


class RapidTestLinkageStepIn(BodyIn):
    """When (today by default), and a note."""

    on: IsoDate | None = _on()
    note: Text = _note()


def _writable(request: AuthenticatedHttpRequest, test_id: int):
    return get_test_for_user(request.user, test_id, write=True)


def _route(name: str, summary: str):
    return router.post(
        f"/tests/{{int:test_id}}/actions/{name}",
        response={200: TestOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"rapid_test_{name}",
    )


@router.get(
    "/tests/{int:test_id}/actions",
    response={200: list[RapidTestAvailableActionOut], **FOUND},
    summary="Actions du lien vers le soin ouvertes à l'appelant sur ce test, maintenant",
)
def list_linkage_actions(request: AuthenticatedHttpRequest, test_id: int):
    test = get_test_for_user(request.user, test_id)
    return [{"name": act.name, "label": str(act.label)} for act in LINKAGES.available(request.user, test)]


@_route("orient", "Orienter un résultat réactif vers le soin (ou de nouveau, après perdu·e de vue)")
def orient(request: AuthenticatedHttpRequest, test_id: int, payload: RapidTestOrientIn):
    return services.rapid_test_orient(
        acting_user=request.user,
        test=_writable(request, test_id),
        structure=payload.structure or "",
        on=payload.on,
        note=payload.note,
    )


@_route("record_seen", "Reçu·e par la structure de soins")
def record_seen(request: AuthenticatedHttpRequest, test_id: int, payload: RapidTestRecordSeenIn):
    return services.rapid_test_record_seen(
        acting_user=request.user,
        test=_writable(request, test_id),
        structure=payload.structure or "",
        on=payload.on,
        note=payload.note,
    )


@_route("record_confirmed", "Diagnostic confirmé, prise en charge")
def record_confirmed(request: AuthenticatedHttpRequest, test_id: int, payload: RapidTestLinkageStepIn):
    return services.rapid_test_record_confirmed(
        acting_user=request.user, test=_writable(request, test_id), **payload.dict()
    )


@_route("record_not_confirmed", "Résultat non confirmé")
def record_not_confirmed(request: AuthenticatedHttpRequest, test_id: int, payload: RapidTestLinkageStepIn):
    return services.rapid_test_record_not_confirmed(
        acting_user=request.user, test=_writable(request, test_id), **payload.dict()
    )


@_route("record_lost", "Perdu·e de vue avant la confirmation")
def record_lost(request: AuthenticatedHttpRequest, test_id: int, payload: RapidTestLinkageStepIn):
    return services.rapid_test_record_lost(
        acting_user=request.user, test=_writable(request, test_id), **payload.dict()
    )


@router.get(
    "/collective-actions", response={200: list[CollectiveActionOut], **ERRORS}, summary="Actions collectives"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_collective_actions(request: AuthenticatedHttpRequest):
    return CollectiveAction.objects.visible_to(request.user).select_related("organisation")


@router.post(
    "/collective-actions",
    response={201: CollectiveActionOut, **FOUND},
    summary="Enregistrer une action collective",
)
def create_collective_action(request: AuthenticatedHttpRequest, payload: CollectiveActionIn):
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    ).first()
    if organisation is None:
        raise Http404
    data = payload.dict(exclude={"organisation", "commune"})
    action = services.collective_action_record(
        acting_user=request.user, organisation=organisation, commune=commune_for(payload.commune), **data
    )
    return Status(201, action)
