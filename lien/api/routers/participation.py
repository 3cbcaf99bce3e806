from datetime import date
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from lien.accounts.permissions import Perm
from lien.api.helpers import commune_for, organisation_for
from lien.api.pagination import JournalledPagination, Pagination
from lien.api.schemas import (
    ERRORS,
    JSON_INTEGER,
    BodyIn,
    EmailOrBlank,
    ErrorOut,
    Id,
    InseeCode,
    IsoDate,
    NonBlankText,
    Text,
)
from lien.participation.access import get_meeting_for_user, get_relay_for_user, get_testimony_for_user
from lien.participation.enums import MeetingKind, Trouble
from lien.participation.models import CommunityRelay, Meeting, Testimony
from lien.participation.selectors import advocacy_testimonies
from lien.participation.services import meeting_save, relay_save, testimony_findings, testimony_save
from lien.people.access import get_person_with_perm
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["participation"])


class MeetingOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    kind: str
    held_on: date
    place: str
    commune: str | None = Field(None, alias="commune_id")
    theme: str
    attendance: int
    summary: str
    troubles: list[str]

    @staticmethod
    def resolve_troubles(obj) -> list[str]:
        return [row.trouble for row in obj.troubles.all()]


class MeetingIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    kind: MeetingKind
    held_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    place: NonBlankText = Field(..., max_length=200)
    commune: InseeCode | None = None
    theme: Text = Field("", max_length=200)
    attendance: Annotated[int, Field(ge=0, le=10000), JSON_INTEGER]
    summary: Text = Field("", max_length=10000)
    troubles: list[Trouble] = Field([], max_length=20)


class RelayOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    commune: str = Field(..., alias="commune_id")
    name: str
    role: str
    phone: str
    email: str
    agreed_on: date
    ended_on: date | None


class RelayIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    commune: InseeCode = Field(..., min_length=5)
    name: NonBlankText = Field(..., max_length=150)
    role: Text = Field("", max_length=200)
    phone: Text = Field("", max_length=30)
    email: EmailOrBlank = ""
    agreed_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    ended_on: IsoDate | None = Field(None, description="Pas avant agreed_on")
    notes: Text = Field("", max_length=5000)


class WarningOut(Schema):
    kind: str
    label: str
    text: str


class TestimonyOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    person: int | None = Field(None, alias="person_id")
    meeting: int | None = Field(None, alias="meeting_id")
    collected_on: date
    text: str
    advocacy_use: bool
    troubles: list[str]
    warnings: list[WarningOut] = Field([], description="Ce qui semble identifiant dans le texte (à relire)")

    @staticmethod
    def resolve_troubles(obj) -> list[str]:
        return [row.trouble for row in obj.troubles.all()]

    @staticmethod
    def resolve_warnings(obj) -> list[dict]:
        if not obj.flagged:
            return []
        findings = testimony_findings(obj.text, obj.person, obj.organisation_id)
        return [{"kind": f.kind, "label": f.label, "text": f.text} for f in findings]


class TestimonyIn(BodyIn):
    collected_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    text: NonBlankText = Field(..., max_length=20000)
    meeting: Id | None = None
    advocacy_use: StrictBool = False
    troubles: list[Trouble] = Field([], max_length=20)


class TestimonyCreateIn(TestimonyIn):
    organisation: Text | None = Field(None, max_length=80, description="Sans personne : l'organisation")
    person: Id | None = None


class AdvocacyOut(Schema):
    collected_on: date
    organisation: str
    text: str
    troubles: list[str]


class AdvocacyQuery(Schema):
    trouble: Trouble | None = None


def _meeting(request: AuthenticatedHttpRequest, organisation, meeting_id: int | None) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = get_meeting_for_user(request.user, meeting_id)
    if meeting.organisation_id != organisation.pk:
        raise Http404
    return meeting


@router.get(
    "/meetings", response={200: list[MeetingOut], **ERRORS}, summary="Espaces d'échange, groupe d'usagers"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_meetings(request: AuthenticatedHttpRequest):
    return (
        Meeting.objects.visible_to(request.user).select_related("organisation").prefetch_related("troubles")
    )


@router.post(
    "/meetings", response={201: MeetingOut, 404: ErrorOut, **ERRORS}, summary="Enregistrer une rencontre"
)
def create_meeting(request: AuthenticatedHttpRequest, payload: MeetingIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.PARTICIPATION_CHANGE)
    data = payload.dict(exclude={"organisation", "commune"})
    meeting = meeting_save(
        acting_user=request.user, organisation=organisation, commune=commune_for(payload.commune), **data
    )
    return Status(201, meeting)


@router.get(
    "/meetings/{int:meeting_id}", response={200: MeetingOut, 404: ErrorOut, **ERRORS}, summary="Une rencontre"
)
def get_meeting(request: AuthenticatedHttpRequest, meeting_id: int):
    return get_meeting_for_user(request.user, meeting_id)


@router.put(
    "/meetings/{int:meeting_id}",
    response={200: MeetingOut, 404: ErrorOut, **ERRORS},
    summary="Modifier une rencontre",
)
def update_meeting(request: AuthenticatedHttpRequest, meeting_id: int, payload: MeetingIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    data = payload.dict(exclude={"organisation", "commune"})
    return meeting_save(
        acting_user=request.user,
        organisation=meeting.organisation,
        meeting=meeting,
        commune=commune_for(payload.commune),
        **data,
    )


@router.get("/relays", response={200: list[RelayOut], **ERRORS}, summary="Relais communautaires actifs")
@paginate(JournalledPagination, page_size=50, max_page_size=200)
def list_relays(request: AuthenticatedHttpRequest):
    return CommunityRelay.objects.visible_to(request.user).active().select_related("organisation")


@router.post("/relays", response={201: RelayOut, 404: ErrorOut, **ERRORS}, summary="Enregistrer un relais")
def create_relay(request: AuthenticatedHttpRequest, payload: RelayIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.PARTICIPATION_CHANGE)
    data = payload.dict(exclude={"organisation", "commune"})
    relay = relay_save(
        acting_user=request.user, organisation=organisation, commune=commune_for(payload.commune), **data
    )
    return Status(201, relay)


@router.put(
    "/relays/{int:relay_id}", response={200: RelayOut, 404: ErrorOut, **ERRORS}, summary="Modifier un relais"
)
def update_relay(request: AuthenticatedHttpRequest, relay_id: int, payload: RelayIn):
    relay = get_relay_for_user(request.user, relay_id, write=True)
    data = payload.dict(exclude={"organisation", "commune"})
    return relay_save(
        acting_user=request.user,
        organisation=relay.organisation,
        relay=relay,
        commune=commune_for(payload.commune),
        **data,
    )


@router.get("/testimonies", response={200: list[TestimonyOut], **ERRORS}, summary="Témoignages")
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_testimonies(request: AuthenticatedHttpRequest):
    return (
        Testimony.objects.visible_to(request.user)
        .select_related("organisation", "person")
        .prefetch_related("troubles")
    )


@router.post(
    "/testimonies",
    response={201: TestimonyOut, 404: ErrorOut, **ERRORS},
    summary="Recueillir un témoignage (avec des avertissements si le texte semble identifiant)",
)
def create_testimony(request: AuthenticatedHttpRequest, payload: TestimonyCreateIn):
    if payload.person:
        person = get_person_with_perm(request.user, payload.person, Perm.TESTIMONY_CHANGE)
        organisation = person.organisation
    elif payload.organisation:
        person, organisation = (
            None,
            organisation_for(request.user, payload.organisation, Perm.TESTIMONY_CHANGE),
        )
    else:
        raise Http404
    testimony, _findings = testimony_save(
        acting_user=request.user,
        organisation=organisation,
        person=person,
        meeting=_meeting(request, organisation, payload.meeting),
        collected_on=payload.collected_on,
        text=payload.text,
        advocacy_use=payload.advocacy_use,
        troubles=payload.troubles,
    )
    return Status(201, testimony)


@router.get(
    "/testimonies/{int:testimony_id}",
    response={200: TestimonyOut, 404: ErrorOut, **ERRORS},
    summary="Un témoignage",
)
def get_testimony(request: AuthenticatedHttpRequest, testimony_id: int):
    return get_testimony_for_user(request.user, testimony_id)


@router.put(
    "/testimonies/{int:testimony_id}",
    response={200: TestimonyOut, 404: ErrorOut, **ERRORS},
    summary="Modifier un témoignage",
)
def update_testimony(request: AuthenticatedHttpRequest, testimony_id: int, payload: TestimonyIn):
    testimony = get_testimony_for_user(request.user, testimony_id, write=True)
    testimony, _findings = testimony_save(
        acting_user=request.user,
        organisation=testimony.organisation,
        testimony=testimony,
        person=testimony.person,
        meeting=_meeting(request, testimony.organisation, payload.meeting),
        collected_on=payload.collected_on,
        text=payload.text,
        advocacy_use=payload.advocacy_use,
        troubles=payload.troubles,
    )
    return testimony


@router.get(
    "/advocacy",
    response={200: list[AdvocacyOut], **ERRORS},
    summary="Témoignages anonymisés pour le plaidoyer",
)
def list_advocacy(request: AuthenticatedHttpRequest, filters: Query[AdvocacyQuery]):
    return advocacy_testimonies(request.user, trouble=filters.trouble or "")
