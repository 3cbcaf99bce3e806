"""Therapeutic education workshops: programmes, sessions, registrations with the person's
consent, attendance, the report — the same services, access helpers and figures as the pages. A
patient partner reads the sessions they facilitate (``/my-sessions``): no name, a count."""

from datetime import date, datetime
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.api.helpers import organisation_for
from lien.api.pagination import Pagination
from lien.api.routers.appointments import IsoDateTime
from lien.api.schemas import ERRORS, JSON_INTEGER, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.partners.enums import Pathology
from lien.partners.models import PatientPartner
from lien.people.models import Person
from lien.web.http import AuthenticatedHttpRequest
from lien.workshops import services
from lien.workshops.access import (
    facilitated_sessions,
    get_programme_for_user,
    get_programme_to_register,
    get_registration_for_user,
    get_session_for_user,
)
from lien.workshops.enums import AttendanceStatus, SessionTheme
from lien.workshops.information import CURRENT_WORKSHOP_INFORMATION_VERSION
from lien.workshops.models import (
    DESCRIPTION_LENGTH,
    MAX_CAPACITY,
    PLACE_LENGTH,
    SESSION_MAX_MINUTES,
    TITLE_LENGTH,
    WorkshopProgramme,
    WorkshopRegistration,
    WorkshopSession,
)
from lien.workshops.report import programme_report

router = Router(tags=["ateliers d'éducation thérapeutique"])
FOUND = {404: ErrorOut, **ERRORS}
InformationVersion = Annotated[str, Field(pattern=r"^etp-\d{4}-\d{2}$", max_length=20)]


class WorkshopProgrammeOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    title: str
    description: str
    pathology: Pathology | None
    starts_on: date
    ends_on: date | None
    active: bool

    @staticmethod
    def resolve_pathology(obj) -> str | None:
        return obj.pathology or None


class WorkshopProgrammeIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    title: NonBlankText = Field(..., max_length=TITLE_LENGTH)
    description: Text = Field("", max_length=DESCRIPTION_LENGTH)
    pathology: Pathology | None = None
    starts_on: IsoDate
    ends_on: IsoDate | None = Field(None, description="Pas avant starts_on ; null : sans terme")
    active: StrictBool = True


class WorkshopSessionOut(Schema):
    id: int
    programme_id: int
    starts_at: datetime
    duration_minutes: int
    place: str
    theme: SessionTheme
    capacity: int
    professionals: list[int] = Field(..., description="Identifiants des comptes des professionnel·les")
    partners: list[int] = Field(..., description="Identifiants des patient·es partenaires du registre")

    @staticmethod
    def resolve_professionals(obj) -> list[int]:
        return [user.pk for user in obj.professionals.all()]

    @staticmethod
    def resolve_partners(obj) -> list[int]:
        return [partner.pk for partner in obj.partners.all()]


class WorkshopSessionIn(BodyIn):
    starts_at: IsoDateTime = Field(..., description="Pendant le programme ; sans fuseau : heure de Paris")
    duration_minutes: Annotated[int, Field(ge=1, le=SESSION_MAX_MINUTES), JSON_INTEGER]
    place: NonBlankText = Field(..., max_length=PLACE_LENGTH)
    theme: SessionTheme
    capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY), JSON_INTEGER]
    professionals: list[Id] = Field([], max_length=20, description="Des membres de l'organisation")
    partners: list[Id] = Field(
        [],
        max_length=20,
        description="Des patient·es partenaires pouvant être proposé·es le jour de la séance",
    )


class WorkshopRegistrationOut(Schema):
    id: int
    programme_id: int
    person_id: int | None = Field(..., description="null une fois l'inscription retirée")
    registered_on: date
    consented_on: date
    consent_information_version: str
    withdrawn_on: date | None


class WorkshopRegistrationIn(BodyIn):
    person: Id
    consent_given: StrictBool = Field(..., description="La personne consent à participer ; false : 422")
    consented_on: IsoDate = Field(..., description="Ni dans le futur, ni après l'inscription")
    information_version: InformationVersion = CURRENT_WORKSHOP_INFORMATION_VERSION


class WorkshopAttendanceEntry(BodyIn):
    registration: Id
    status: AttendanceStatus


class WorkshopAttendanceIn(BodyIn):
    entries: list[WorkshopAttendanceEntry] = Field(..., max_length=MAX_CAPACITY)


class WorkshopAttendanceOut(Schema):
    registration: int = Field(..., alias="registration_id")
    status: AttendanceStatus


class WorkshopFacilitatedSessionOut(Schema):
    """All a patient partner reads of a session they facilitate."""

    id: int
    programme_title: str
    starts_at: datetime
    duration_minutes: int
    place: str
    theme: SessionTheme
    participants: int = Field(..., description="Personnes inscrites le jour de la séance")


class WorkshopReportQuery(Schema):
    start: IsoDate | None = Field(None, description="Par défaut : le début du programme")
    end: IsoDate | None = Field(None, description="Par défaut : la fin du programme, ou aujourd'hui")


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _facilitators(programme: WorkshopProgramme, payload: WorkshopSessionIn) -> dict:
    """The accounts and the partners the ids name, in the programme's organisation (another id:
    404, as an object the user cannot read)."""
    users = list(
        User.objects.filter(
            pk__in=payload.professionals, memberships__organisation=programme.organisation_id
        ).distinct()
    )
    partners = list(
        PatientPartner.objects.filter(pk__in=payload.partners, organisation_id=programme.organisation_id)
    )
    if len(users) != len(set(payload.professionals)) or len(partners) != len(set(payload.partners)):
        raise HttpError(
            404, "Professionnel·le ou patient·e partenaire introuvable dans l'organisation du programme."
        )
    return {"professionals": users, "partners": partners}


def _session(pk: int) -> WorkshopSession:
    return WorkshopSession.objects.prefetch_related("professionals", "partners").get(pk=pk)


@router.get(
    "/programmes", response={200: list[WorkshopProgrammeOut], **ERRORS}, summary="Programmes d'ateliers"
)
@paginate(Pagination, page_size=50, max_page_size=200)
def list_programmes(request: AuthenticatedHttpRequest):
    return WorkshopProgramme.objects.visible_to(request.user).select_related("organisation")


@router.post(
    "/programmes",
    response={201: WorkshopProgrammeOut, 404: ErrorOut, **ERRORS},
    summary="Créer un programme d'ateliers (la coordination)",
)
def create_programme(request: AuthenticatedHttpRequest, payload: WorkshopProgrammeIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.WORKSHOPS_MANAGE)
    data = payload.dict(exclude={"organisation"})
    data["pathology"] = str(data["pathology"] or "")
    programme = services.programme_create(acting_user=request.user, organisation=organisation, **data)
    return HttpStatus(201, programme)


@router.get(
    "/programmes/{int:programme_id}", response={200: WorkshopProgrammeOut, **FOUND}, summary="Un programme"
)
def get_programme(request: AuthenticatedHttpRequest, programme_id: int):
    return get_programme_for_user(request.user, programme_id)


@router.get(
    "/programmes/{int:programme_id}/sessions",
    response={200: list[WorkshopSessionOut], **FOUND},
    summary="Les séances d'un programme",
)
def list_sessions(request: AuthenticatedHttpRequest, programme_id: int):
    programme = get_programme_for_user(request.user, programme_id)
    return programme.sessions.prefetch_related("professionals", "partners")


@router.post(
    "/programmes/{int:programme_id}/sessions",
    response={201: WorkshopSessionOut, 409: ErrorOut, **FOUND},
    summary="Ajouter une séance (la coordination)",
    description="409 si un·e patient·e partenaire ne peut pas être proposé·e le jour de la séance, ou "
    "si les places sont moins nombreuses que les inscrit·es.",
)
def create_session(request: AuthenticatedHttpRequest, programme_id: int, payload: WorkshopSessionIn):
    programme = get_programme_for_user(request.user, programme_id, write=True)
    session = services.session_create(
        acting_user=request.user,
        programme=programme,
        starts_at=_aware(payload.starts_at),
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        theme=str(payload.theme),
        capacity=payload.capacity,
        **_facilitators(programme, payload),
    )
    return HttpStatus(201, _session(session.pk))


@router.get(
    "/sessions/{int:workshop_session_id}", response={200: WorkshopSessionOut, **FOUND}, summary="Une séance"
)
def get_session(request: AuthenticatedHttpRequest, workshop_session_id: int):
    return _session(get_session_for_user(request.user, workshop_session_id).pk)


@router.put(
    "/sessions/{int:workshop_session_id}/attendance",
    response={200: list[WorkshopAttendanceOut], 409: ErrorOut, **FOUND},
    summary="Noter les présences d'une séance commencée (la coordination)",
    description="Une ligne par inscription (GET …/registrations) ; 409 avant le début de la séance, 422 "
    "pour une personne qui n'était pas inscrite ce jour-là.",
)
def record_attendance(
    request: AuthenticatedHttpRequest, workshop_session_id: int, payload: WorkshopAttendanceIn
):
    session = get_session_for_user(request.user, workshop_session_id, write=True)
    entries = {entry.registration: str(entry.status) for entry in payload.entries}
    return services.attendance_record(acting_user=request.user, session=session, entries=entries)


@router.get(
    "/programmes/{int:programme_id}/registrations",
    response={200: list[WorkshopRegistrationOut], **FOUND},
    summary="Les inscriptions d'un programme (retirées comprises, sans personne)",
)
def list_registrations(request: AuthenticatedHttpRequest, programme_id: int):
    programme = get_programme_for_user(request.user, programme_id)
    return WorkshopRegistration.objects.filter(programme=programme)


@router.post(
    "/programmes/{int:programme_id}/registrations",
    response={201: WorkshopRegistrationOut, 409: ErrorOut, **FOUND},
    summary="Inscrire une personne avec son consentement",
    description="La personne est suivie par l'organisation du programme (404 sinon) ; 409 si elle est déjà "
    "inscrite, si le programme est complet ou fermé ; 422 sans consentement.",
)
def register(request: AuthenticatedHttpRequest, programme_id: int, payload: WorkshopRegistrationIn):
    programme = get_programme_to_register(request.user, programme_id)
    person = Person.objects.filter(pk=payload.person, organisation_id=programme.organisation_id).first()
    if person is None:
        raise HttpError(404, "Personne introuvable.")
    registration = services.registration_create(
        acting_user=request.user,
        programme=programme,
        person=person,
        consent_given=payload.consent_given,
        consented_on=payload.consented_on,
        information_version=payload.information_version,
    )
    return HttpStatus(201, registration)


@router.post(
    "/registrations/{int:registration_id}/withdraw",
    response={200: WorkshopRegistrationOut, 409: ErrorOut, **FOUND},
    summary="Retirer une inscription (la personne quitte le programme)",
    description="409 si elle est déjà retirée.",
)
def withdraw(request: AuthenticatedHttpRequest, registration_id: int):
    registration = get_registration_for_user(request.user, registration_id)
    return services.registration_withdraw(acting_user=request.user, registration=registration)


@router.get(
    "/programmes/{int:programme_id}/report",
    response={200: dict, **FOUND},
    summary="Bilan d'un programme sur une période (le même objet que la page et le PDF)",
    description="Séances tenues, inscriptions, participant·es, taux de présence = présences ÷ places "
    "attendues (pour chaque séance tenue, les inscrit·es ce jour-là) ; `rate` est null sans place attendue.",
)
def get_report(request: AuthenticatedHttpRequest, programme_id: int, query: Query[WorkshopReportQuery]):
    programme = get_programme_for_user(request.user, programme_id)
    start = query.start or programme.starts_on
    end = query.end or programme.ends_on or max(timezone.localdate(), start)
    if end < start or (end - start).days > 366 * 5:
        raise HttpError(422, "Période invalide : la fin suit le début, cinq ans au plus.")
    return programme_report(programme, start, end)


@router.get(
    "/my-sessions",
    response={200: list[WorkshopFacilitatedSessionOut], **ERRORS},
    summary="Mes séances (patient·e partenaire)",
    description="Les séances que la personne connectée anime : date, lieu, thème, nombre d'inscrit·es — "
    "jamais leurs noms. Vide pour tout autre compte.",
)
def list_my_sessions(request: AuthenticatedHttpRequest):
    return facilitated_sessions(request.user)
