"""Prevention through the API: test results pass through ``lien.prevention.access`` like the pages."""

from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.communes.models import Commune
from lien.prevention import services
from lien.prevention.access import get_person_for_prevention, get_test_for_user, rapid_tests_visible_to
from lien.prevention.enums import LinkageStatus, LinkageStructure, TestKind, TestResult, Topic
from lien.prevention.models import CollectiveAction

router = Router(tags=["prévention"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}
_ID = {"ge": 1, "le": 2**62}


class WhoIn(Schema):
    person_id: StrictInt | None = Field(None, description="Vide : personne anonyme", **_ID)
    organisation: str = Field(
        "", max_length=80, description="Pour une personne anonyme : l'organisation (slug)"
    )


class AdviceIn(WhoIn):
    topics: list[Topic] = Field(..., min_length=1, max_length=len(Topic.values))
    given_on: IsoDate | None = None


class AdviceOut(Schema):
    id: int
    person_id: int | None
    given_on: date
    topic: str


class TestIn(WhoIn):
    kind: TestKind
    result: TestResult
    performed_on: IsoDate | None = None


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


class LinkageIn(Schema):
    status: LinkageStatus
    structure: LinkageStructure | None = None
    on: IsoDate | None = None
    note: str = Field("", max_length=500)


class CollectiveActionIn(Schema):
    organisation: str = Field(..., max_length=80)
    held_on: IsoDate
    theme: Topic
    title: str = Field(..., min_length=1, max_length=200)
    attendance: StrictInt = Field(..., ge=0, le=10000)
    partners: str = Field("", max_length=300)
    commune: str | None = Field(None, max_length=5, description="Code INSEE")


class CollectiveActionOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    held_on: date
    theme: str
    title: str
    attendance: int
    partners: str
    commune: str | None = Field(None, alias="commune_id")


def _who(request, payload: WhoIn) -> dict:
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
def create_advice(request, payload: AdviceIn):
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
@paginate(Pagination, page_size=25, max_page_size=200)
def list_tests(request):
    return rapid_tests_visible_to(request.user)


@router.get("/tests/{int:test_id}", response={200: TestOut, **FOUND}, summary="Un test et son résultat")
def get_test(request, test_id: int):
    return get_test_for_user(request.user, test_id)


@router.post("/tests", response={201: TestOut, **FOUND}, summary="Enregistrer un test rapide (TROD)")
def create_test(request, payload: TestIn):
    test = services.rapid_test_record(
        acting_user=request.user,
        kind=payload.kind,
        result=payload.result,
        performed_on=payload.performed_on or timezone.localdate(),
        **_who(request, payload),
    )
    return Status(201, test)


@router.post(
    "/tests/{int:test_id}/linkage",
    response={200: TestOut, **FOUND},
    summary="Lien vers le soin d'un résultat réactif",
)
def link_to_care(request, test_id: int, payload: LinkageIn):
    test = get_test_for_user(request.user, test_id, write=True)
    return services.rapid_test_link_to_care(
        acting_user=request.user,
        test=test,
        status=payload.status,
        structure=payload.structure or "",
        on=payload.on,
        note=payload.note,
    )


@router.get(
    "/collective-actions", response={200: list[CollectiveActionOut], **ERRORS}, summary="Actions collectives"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_collective_actions(request):
    return CollectiveAction.objects.visible_to(request.user).select_related("organisation")


@router.post(
    "/collective-actions",
    response={201: CollectiveActionOut, **FOUND},
    summary="Enregistrer une action collective",
)
def create_collective_action(request, payload: CollectiveActionIn):
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    ).first()
    if organisation is None:
        raise Http404
    commune = None
    if payload.commune:
        commune = Commune.objects.filter(insee_code=payload.commune).first()
        if commune is None:
            return Status(422, {"detail": f"Commune inconnue : {payload.commune}"})
    data = payload.dict(exclude={"organisation", "commune"})
    action = services.collective_action_record(
        acting_user=request.user, organisation=organisation, commune=commune, **data
    )
    return Status(201, action)
