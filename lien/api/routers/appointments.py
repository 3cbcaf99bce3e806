import re
from datetime import date, datetime
from typing import Annotated

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, StrictBool, StrictInt

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.appointments import services
from lien.appointments.access import get_appointment_for_user
from lien.appointments.enums import (
    BookedBy,
    ReminderChoice,
    ReminderKind,
    Vehicle,
)
from lien.appointments.enums import (
    Status as AppointmentStatus,
)
from lien.appointments.models import Accompaniment, Appointment
from lien.appointments.selectors import week_agenda, week_start
from lien.followup.access import get_followed_person_for_user
from lien.followup.selectors import team_members
from lien.orientations.models import Orientation

router = Router(tags=["rendez-vous"])


def _iso_datetime(value):
    """Only ISO 8601 text: pydantic would otherwise read a number as a Unix timestamp."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", value
    ):
        raise ValueError("date et heure attendues au format AAAA-MM-JJTHH:MM")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}
_ID = {"ge": 1, "le": 2**62}


class AppointmentOut(Schema):
    id: int
    person_id: int
    starts_at: datetime
    duration_minutes: int
    professional: str
    place: str
    address: str
    to_bring: str
    booked_by: str
    mediator_id: int | None
    accompaniment_needed: bool
    orientation_id: int | None
    reminder: str
    status: str


class AppointmentQuery(Schema):
    person_id: int | None = Field(None, **_ID)
    start: IsoDate | None = None
    end: IsoDate | None = None
    status: AppointmentStatus | None = None


class AppointmentIn(Schema):
    person_id: StrictInt = Field(..., **_ID)
    starts_at: IsoDateTime
    duration_minutes: StrictInt = Field(30, ge=5, le=720)
    professional: str = Field(..., min_length=1, max_length=200)
    place: str = Field(..., min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    to_bring: str = Field("", max_length=300)
    booked_by: BookedBy
    mediator_id: StrictInt | None = Field(None, **_ID)
    accompaniment_needed: StrictBool = False
    orientation_id: StrictInt | None = Field(None, **_ID)
    reminder: ReminderChoice = ReminderChoice.NONE


class StatusIn(Schema):
    status: AppointmentStatus


class ReminderIn(Schema):
    kind: ReminderKind = ReminderKind.REMINDER


class ReceiptOut(Schema):
    id: int
    channel: str
    kind: str
    recipient: str
    status: str
    backend: str
    error: str
    attempts: int
    sent_at: datetime | None


class AgendaQuery(Schema):
    week: IsoDate | None = Field(None, description="Un jour de la semaine voulue (AAAA-MM-JJ)")
    member_id: int | None = Field(None, **_ID)


class AgendaItemOut(Schema):
    kind: str
    starts: str | None
    title: str
    place: str
    who: str


class AgendaDayOut(Schema):
    day: date
    items: list[AgendaItemOut]


class AccompanimentOut(Schema):
    id: int
    person_id: int
    appointment_id: int | None
    on: date
    destination: str
    accompanied_by_id: int
    vehicle: str
    distance_km: int
    duration_minutes: int
    note: str


class AccompanimentIn(Schema):
    person_id: StrictInt = Field(..., **_ID)
    appointment_id: StrictInt | None = Field(None, **_ID)
    on: IsoDate
    destination: str = Field(..., min_length=1, max_length=200)
    accompanied_by_id: StrictInt = Field(..., **_ID)
    vehicle: Vehicle
    distance_km: StrictInt = Field(0, ge=0, le=2000)
    duration_minutes: StrictInt = Field(..., ge=1, le=1440)
    note: str = Field("", max_length=500)


@router.get("", response={200: list[AppointmentOut], **ERRORS}, summary="Rendez-vous visibles")
@paginate(Pagination, page_size=25, max_page_size=200)
def list_appointments(request, query: Query[AppointmentQuery]):
    appointments = Appointment.objects.visible_to(request.user)
    if query.person_id:
        appointments = appointments.filter(person_id=query.person_id)
    if query.start:
        appointments = appointments.filter(starts_at__date__gte=query.start)
    if query.end:
        appointments = appointments.filter(starts_at__date__lte=query.end)
    if query.status:
        appointments = appointments.filter(status=query.status)
    return appointments


@router.get(
    "/agenda", response={200: list[AgendaDayOut], **ERRORS}, summary="Agenda de l'équipe pour une semaine"
)
def get_agenda(request, query: Query[AgendaQuery]):
    ids = organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW)
    member = None
    if query.member_id is not None:
        member = team_members(ids).filter(pk=query.member_id).first()
        if member is None:
            return []
    days = week_agenda(
        organisation_ids=ids, monday=week_start(query.week or timezone.localdate()), member=member
    )
    return [
        {
            "day": day.day,
            "items": [
                {
                    "kind": item.kind,
                    "starts": item.starts.strftime("%H:%M") if item.starts else None,
                    "title": item.title,
                    "place": item.place,
                    "who": item.who,
                }
                for item in day.items
            ],
        }
        for day in days
    ]


@router.get(
    "/accompaniments", response={200: list[AccompanimentOut], **ERRORS}, summary="Accompagnements visibles"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_accompaniments(request):
    return Accompaniment.objects.visible_to(request.user)


@router.post(
    "/accompaniments", response={201: AccompanimentOut, **FOUND}, summary="Noter un accompagnement physique"
)
def create_accompaniment(request, payload: AccompanimentIn):
    person = get_followed_person_for_user(request.user, payload.person_id, write=True)
    companion = (
        team_members({person.organisation_id}, Perm.PERSON_VIEW).filter(pk=payload.accompanied_by_id).first()
    )
    appointment = None
    if payload.appointment_id is not None:
        appointment = Appointment.objects.visible_to(request.user).filter(pk=payload.appointment_id).first()
    if companion is None or (payload.appointment_id is not None and appointment is None):
        raise Http404
    data = payload.dict(exclude={"person_id", "appointment_id", "accompanied_by_id"})
    accompaniment = services.accompaniment_record(
        acting_user=request.user, person=person, accompanied_by=companion, appointment=appointment, **data
    )
    return Status(201, accompaniment)


@router.get("/{int:appointment_id}", response={200: AppointmentOut, **FOUND}, summary="Un rendez-vous")
def get_appointment(request, appointment_id: int):
    return get_appointment_for_user(request.user, appointment_id)


@router.post(
    "", response={201: AppointmentOut, **FOUND}, summary="Prendre un rendez-vous avec ou pour une personne"
)
def create_appointment(request, payload: AppointmentIn):
    person = get_followed_person_for_user(request.user, payload.person_id, write=True)
    mediator = orientation = None
    if payload.mediator_id is not None:
        mediator = team_members({person.organisation_id}).filter(pk=payload.mediator_id).first()
        if mediator is None:
            raise Http404
    if payload.orientation_id is not None:
        orientation = Orientation.objects.visible_to(request.user).filter(pk=payload.orientation_id).first()
        if orientation is None:
            raise Http404
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    data = payload.dict(exclude={"person_id", "mediator_id", "orientation_id", "starts_at"})
    appointment = services.appointment_book(
        acting_user=request.user,
        person=person,
        starts_at=starts_at,
        mediator=mediator,
        orientation=orientation,
        **data,
    )
    return Status(201, appointment)


@router.post(
    "/{int:appointment_id}/status", response={200: AppointmentOut, **FOUND}, summary="Honoré, manqué, annulé"
)
def set_status(request, appointment_id: int, payload: StatusIn):
    appointment = get_appointment_for_user(request.user, appointment_id, write=True)
    return services.appointment_transition(
        acting_user=request.user, appointment=appointment, to_status=payload.status
    )


@router.get(
    "/{int:appointment_id}/reminders",
    response={200: list[ReceiptOut], **FOUND},
    summary="Messages envoyés (reçus)",
)
def list_reminders(request, appointment_id: int):
    return list(get_appointment_for_user(request.user, appointment_id).reminders.all())


@router.post(
    "/{int:appointment_id}/reminders",
    response={201: ReceiptOut, **FOUND},
    summary="Envoyer un message à la personne (une seule fois)",
)
def send_reminder(request, appointment_id: int, payload: ReminderIn):
    appointment = get_appointment_for_user(request.user, appointment_id, write=True)
    return Status(
        201, services.reminder_send(appointment=appointment, kind=payload.kind, acting_user=request.user)
    )


@router.get(
    "/{int:appointment_id}/ics",
    response={200: None, **FOUND},
    summary="Le rendez-vous au format agenda (.ics)",
    openapi_extra={
        "responses": {
            200: {"description": "iCalendar", "content": {"text/calendar": {"schema": {"type": "string"}}}}
        }
    },
)
def get_calendar(request, appointment_id: int):
    appointment = get_appointment_for_user(request.user, appointment_id)
    response = HttpResponse(
        services.appointment_calendar_export(acting_user=request.user, appointment=appointment),
        content_type="text/calendar",
    )
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{appointment.pk}.ics"'
    return response
