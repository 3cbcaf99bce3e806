from datetime import date
from typing import Annotated
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict
from pydantic.config import JsonValue

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.api.helpers import commune_for, medical_allowed, organisation_for
from lien.api.pagination import Pagination
from lien.api.schemas import (
    ERRORS,
    JSON_NUMBER,
    BodyIn,
    EmailAddress,
    ErrorOut,
    Id,
    InseeCode,
    IsoDate,
    NonBlankText,
    Text,
)
from lien.outreach.access import get_contact_for_user, get_session_for_user
from lien.outreach.enums import SessionKind, Topic
from lien.outreach.models import MAX_VOLUNTEER_HOURS
from lien.outreach.selectors import (
    SessionFilters,
    contact_for_client_id,
    session_summary,
    sessions_for,
)
from lien.outreach.services import contact_delete, contact_record, session_create, session_update
from lien.people.access import get_person_for_user
from lien.people.enums import AgeBand, Gender
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["aller-vers"])


class OutreachSessionOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    kind: str
    held_on: date
    place: str
    commune: str | None = Field(None, alias="commune_id")
    contacts_count: int = 0
    identified_count: int = 0
    volunteer_hours: float | None = Field(
        None,
        description="Temps bénévole de la sortie en heures, toutes les personnes bénévoles ensemble ; "
        "null : non renseigné",
    )

    @staticmethod
    def resolve_volunteer_hours(obj) -> float | None:
        # A number in JSON (a ``Decimal`` would be written as a string).
        return None if obj.volunteer_hours is None else float(obj.volunteer_hours)


class CountOut(Schema):
    code: str
    label: str
    count: int


class OutreachContactOut(Schema):
    id: int
    session: int = Field(..., alias="session_id")
    on: date
    person: int | None = Field(None, alias="person_id")
    age_band: str
    gender: str
    commune: str | None = Field(None, alias="commune_id")
    topics: list[str] | None = Field(
        None, description="Sujets abordés : null sans droit aux informations médicales"
    )
    client_id: UUID | None = None

    @staticmethod
    def resolve_topics(obj, context) -> list[str] | None:
        if not medical_allowed(context["request"], obj.organisation_id):
            return None
        return [row.topic for row in obj.topics.all()]


class OutreachContactRecordedOut(OutreachContactOut):
    session_contacts_count: int = Field(
        ...,
        description="Contacts de la sortie à ce jour, celui-ci compris : le compteur de la saisie "
        "rapide, juste même quand la réponse d'un envoi précédent s'est perdue",
    )


class SummaryOut(Schema):
    total: int
    identified: int
    anonymous: int
    by_topic: list[CountOut]
    by_age_band: list[CountOut]
    by_gender: list[CountOut]

    @staticmethod
    def _counts(rows) -> list[dict]:
        return [{"code": code, "label": label, "count": count} for code, label, count in rows]

    @staticmethod
    def resolve_by_topic(obj) -> list[dict]:
        return SummaryOut._counts(obj.by_topic)

    @staticmethod
    def resolve_by_age_band(obj) -> list[dict]:
        return SummaryOut._counts(obj.by_age_band)

    @staticmethod
    def resolve_by_gender(obj) -> list[dict]:
        return SummaryOut._counts(obj.by_gender)


class OutreachSessionDetailOut(OutreachSessionOut):
    team: list[str]
    notes: str
    summary: SummaryOut
    contacts: list[OutreachContactOut]

    @staticmethod
    def resolve_team(obj) -> list[str]:
        return sorted(user.email for user in obj.team.all())

    @staticmethod
    def resolve_contacts(obj) -> list:
        return list(obj.contacts.prefetch_related("topics").order_by("id"))


class OutreachSessionIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    kind: SessionKind
    held_on: IsoDate = Field(..., description="Demain au plus tard")
    place: NonBlankText = Field(..., max_length=200)
    commune: InseeCode | None = None
    team: list[EmailAddress] = Field(
        [], max_length=50, description="Adresses e-mail des membres de l'équipe (404 pour une autre)"
    )
    notes: Text = Field("", max_length=5000)
    volunteer_hours: (
        Annotated[float, Field(ge=0, le=MAX_VOLUNTEER_HOURS, allow_inf_nan=False), JSON_NUMBER] | None
    ) = Field(
        None,
        description="Temps bénévole en heures, toutes les personnes bénévoles ensemble (7.5), arrondi "
        "au dixième ; null ou absent : non renseigné",
    )


# A contact says something: who (a file), an age band, a gender or a topic (422 otherwise).
_NOT_EMPTY: list[JsonValue] = [
    {"required": ["person"], "properties": {"person": {"type": "integer"}}},
    {"required": ["age_band"], "properties": {"age_band": {"enum": list(AgeBand.values)}}},
    {"required": ["gender"], "properties": {"gender": {"enum": list(Gender.values)}}},
    {"required": ["topics"], "properties": {"topics": {"type": "array", "minItems": 1}}},
]


class OutreachContactIn(BodyIn):
    model_config = ConfigDict(json_schema_extra={"anyOf": _NOT_EMPTY})

    session: Id
    person: Id | None = Field(None, description="Fiche de la personne, ou rien pour un contact anonyme")
    age_band: AgeBand | None = None
    gender: Gender | None = None
    commune: InseeCode | None = Field(None, description="Code INSEE (par défaut, celui de la sortie)")
    topics: list[Topic] = Field([], max_length=20)
    client_id: UUID | None = Field(
        None,
        description="Identifiant créé par l'appareil (UUID) : le même contact envoyé deux fois "
        "(gardé hors ligne, réponse perdue) répond 200 avec le contact déjà enregistré, sans doublon",
    )


class SessionQuery(Schema):
    kind: SessionKind | None = None
    held_from: IsoDate | None = None
    held_to: IsoDate | None = None


def _team(organisation, emails: list[str]) -> list[User]:
    team = list(User.objects.filter(email__in=emails, memberships__organisation=organisation).distinct())
    if len(team) != len(set(emails)):
        raise HttpError(404, "L'équipe se compose de membres de l'organisation (adresses e-mail).")
    return team


@router.get("/sessions", response={200: list[OutreachSessionOut], **ERRORS}, summary="Sorties visibles")
@paginate(Pagination, page_size=25, max_page_size=200)
def list_sessions(request: AuthenticatedHttpRequest, filters: Query[SessionQuery]):
    return sessions_for(
        request.user,
        SessionFilters(kind=filters.kind or "", held_from=filters.held_from, held_to=filters.held_to),
    )


@router.post(
    "/sessions", response={201: OutreachSessionOut, 404: ErrorOut, **ERRORS}, summary="Ouvrir une sortie"
)
def create_session(request: AuthenticatedHttpRequest, payload: OutreachSessionIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.OUTREACH_RECORD)
    team = _team(organisation, payload.team)
    session = session_create(
        acting_user=request.user,
        organisation=organisation,
        kind=payload.kind,
        held_on=payload.held_on,
        place=payload.place,
        commune=commune_for(payload.commune),
        team=team,
        notes=payload.notes,
        volunteer_hours=payload.volunteer_hours,
    )
    return Status(201, session)


@router.put(
    "/sessions/{int:session_id}",
    response={200: OutreachSessionOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Modifier une sortie (les contacts suivent sa date)",
    description="Une sortie ne change pas d'organisation : 409 si `organisation` en nomme une autre.",
)
def update_session(request: AuthenticatedHttpRequest, session_id: int, payload: OutreachSessionIn):
    session = get_session_for_user(request.user, session_id, write=True)
    if payload.organisation != session.organisation.slug:
        raise HttpError(409, "Une sortie ne change pas d'organisation.")
    return session_update(
        acting_user=request.user,
        session=session,
        kind=payload.kind,
        held_on=payload.held_on,
        place=payload.place,
        commune=commune_for(payload.commune),
        team=_team(session.organisation, payload.team),
        notes=payload.notes,
        volunteer_hours=payload.volunteer_hours,
    )


@router.get(
    "/sessions/{int:session_id}",
    response={200: OutreachSessionDetailOut, 404: ErrorOut, **ERRORS},
    summary="Une sortie, ses chiffres et ses contacts",
)
def get_session(request: AuthenticatedHttpRequest, session_id: int):
    session = get_session_for_user(request.user, session_id)
    summary = session_summary(session)
    # What the detail schema reads off the session besides its columns (the list's counts are
    # annotations of ``sessions_for``).
    session.__dict__.update(
        summary=summary, contacts_count=summary.total, identified_count=summary.identified
    )
    return session


@router.post(
    "/contacts",
    response={200: OutreachContactRecordedOut, 201: OutreachContactRecordedOut, 404: ErrorOut, **ERRORS},
    summary="Enregistrer un contact",
    description="Un contact vide (ni personne, ni âge, ni genre, ni sujet) est refusé (422). "
    "Avec `client_id`, un renvoi répond 200 et le contact déjà enregistré.",
)
def create_contact(request: AuthenticatedHttpRequest, payload: OutreachContactIn):
    session = get_session_for_user(request.user, payload.session, write=True)
    if payload.client_id is not None:
        known = contact_for_client_id(session=session, client_id=payload.client_id)
        if known is not None and known.session_id == session.pk:
            # Sent again: the contact already recorded, nothing written.
            return Status(200, _with_session_count(known, session))
    person = get_person_for_user(request.user, payload.person) if payload.person else None
    if person is not None and person.organisation_id != session.organisation_id:
        raise Http404
    contact = contact_record(
        acting_user=request.user,
        session=session,
        person=person,
        age_band=payload.age_band or "",
        gender=payload.gender or "",
        commune=commune_for(payload.commune),
        topics=payload.topics,
        client_id=payload.client_id,
    )
    return Status(201, _with_session_count(contact, session))


def _with_session_count(contact, session):
    contact.session_contacts_count = session.contacts.count()
    return contact


@router.delete(
    "/contacts/{int:contact_id}", response={204: None, 404: ErrorOut, **ERRORS}, summary="Annuler un contact"
)
def delete_contact(request: AuthenticatedHttpRequest, contact_id: int):
    contact_delete(acting_user=request.user, contact=get_contact_for_user(request.user, contact_id))
    return Status(204, None)
