import re
from datetime import date, datetime
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, StrictBool

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import JournalledPagination, journal_list_read
from lien.api.schemas import ERRORS, JSON_INTEGER, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.appointments import services
from lien.appointments.access import get_appointment_for_user
from lien.appointments.enums import (
    BookedBy,
    ReminderChoice,
    Vehicle,
)
from lien.appointments.enums import (
    Status as AppointmentStatus,
)
from lien.appointments.models import Accompaniment, Appointment
from lien.appointments.selectors import week_agenda, week_start
from lien.appointments.workflow import APPOINTMENTS
from lien.followup.access import get_followed_person_for_user
from lien.followup.selectors import team_members
from lien.orientations.models import Orientation
from lien.web.http import MAX_ID, AuthenticatedHttpRequest

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
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The identifier of an object, in a query string."""


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
    person_id: QueryId | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    status: AppointmentStatus | None = None


class AppointmentIn(BodyIn):
    person_id: Id
    starts_at: IsoDateTime
    duration_minutes: Annotated[int, Field(ge=5, le=720), JSON_INTEGER] = 30
    professional: NonBlankText = Field(..., max_length=200)
    place: NonBlankText = Field(..., max_length=200)
    address: Text = Field("", max_length=300)
    to_bring: Text = Field("", max_length=300)
    booked_by: BookedBy
    mediator_id: Id | None = None
    accompaniment_needed: StrictBool = False
    orientation_id: Id | None = Field(None, description="Une orientation de la même personne")
    reminder: ReminderChoice = Field(
        ReminderChoice.NONE, description="409 si la fiche de la personne n'a pas de quoi le recevoir"
    )


class ReminderIn(BodyIn):
    kind: Literal["booking", "reminder"] = Field(
        "reminder", description="Confirmation (booking) ou rappel (reminder) du rendez-vous"
    )


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
    member_id: QueryId | None = None


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


class AccompanimentIn(BodyIn):
    person_id: Id
    appointment_id: Id | None = Field(None, description="Un rendez-vous de la même personne")
    on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    destination: NonBlankText = Field(..., max_length=200)
    accompanied_by_id: Id
    vehicle: Vehicle
    distance_km: Annotated[int, Field(ge=0, le=2000), JSON_INTEGER] = 0
    duration_minutes: Annotated[int, Field(ge=1, le=1440), JSON_INTEGER]
    note: Text = Field("", max_length=500)


@router.get("", response={200: list[AppointmentOut], **ERRORS}, summary="Rendez-vous visibles")
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_appointments(request: AuthenticatedHttpRequest, query: Query[AppointmentQuery]):
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
def get_agenda(request: AuthenticatedHttpRequest, query: Query[AgendaQuery]):
    ids = organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW)
    member = None
    if query.member_id is not None:
        member = team_members(ids).filter(pk=query.member_id).first()
        if member is None:
            return []
    days = week_agenda(
        organisation_ids=ids, monday=week_start(query.week or timezone.localdate()), member=member
    )
    named = [item.organisation_id for day in days for item in day.items if item.organisation_id]
    journal_list_read(request, Appointment, named)
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
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_accompaniments(request: AuthenticatedHttpRequest):
    return Accompaniment.objects.visible_to(request.user)


@router.post(
    "/accompaniments",
    response={201: AccompanimentOut, 409: ErrorOut, **FOUND},
    summary="Noter un accompagnement physique",
)
def create_accompaniment(request: AuthenticatedHttpRequest, payload: AccompanimentIn):
    person = get_followed_person_for_user(request.user, payload.person_id, write=True)
    companion = (
        team_members({person.organisation_id}, Perm.PERSON_VIEW).filter(pk=payload.accompanied_by_id).first()
    )
    appointment = None
    if payload.appointment_id is not None:  # one of this person's appointments
        appointment = (
            Appointment.objects.visible_to(request.user)
            .filter(pk=payload.appointment_id, person=person)
            .first()
        )
    if companion is None or (payload.appointment_id is not None and appointment is None):
        raise Http404
    data = payload.dict(exclude={"person_id", "appointment_id", "accompanied_by_id"})
    accompaniment = services.accompaniment_record(
        acting_user=request.user, person=person, accompanied_by=companion, appointment=appointment, **data
    )
    return Status(201, accompaniment)


@router.get("/{int:appointment_id}", response={200: AppointmentOut, **FOUND}, summary="Un rendez-vous")
def get_appointment(request: AuthenticatedHttpRequest, appointment_id: int):
    return get_appointment_for_user(request.user, appointment_id)


@router.post(
    "",
    response={201: AppointmentOut, 409: ErrorOut, **FOUND},
    summary="Prendre un rendez-vous avec ou pour une personne",
)
def create_appointment(request: AuthenticatedHttpRequest, payload: AppointmentIn):
    person = get_followed_person_for_user(request.user, payload.person_id, write=True)
    mediator = orientation = None
    if payload.mediator_id is not None:
        mediator = team_members({person.organisation_id}).filter(pk=payload.mediator_id).first()
        if mediator is None:
            raise Http404
    if payload.orientation_id is not None:
        orientation = (
            Orientation.objects.visible_to(request.user)
            .filter(pk=payload.orientation_id, person=person)
            .first()
        )
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


# -- the named actions of workflow.APPOINTMENTS, one route each ------------------------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


class AppointmentAvailableActionOut(Schema):
    name: str
    label: str


@router.get(
    "/{int:appointment_id}/actions",
    response={200: list[AppointmentAvailableActionOut], **FOUND},
    summary="Actions ouvertes à l'appelant sur ce rendez-vous, maintenant",
)
def list_actions(request: AuthenticatedHttpRequest, appointment_id: int):
    appointment = get_appointment_for_user(request.user, appointment_id)
    return [
        {"name": act.name, "label": str(act.label)}
        for act in APPOINTMENTS.available(request.user, appointment)
        if act.sources
    ]


def _writable(request: AuthenticatedHttpRequest, appointment_id: int) -> Appointment:
    return get_appointment_for_user(request.user, appointment_id, write=True)


def _route(name: str, summary: str):
    """``POST /{id}/actions/<name>``: no body; the answer is the appointment as it now is."""
    return router.post(
        f"/{{int:appointment_id}}/actions/{name}",
        response={200: AppointmentOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"appointment_{name}",
    )


@_route("record_attended", "La personne est venue (à partir du jour du rendez-vous)")
def record_attended(request: AuthenticatedHttpRequest, appointment_id: int):
    return services.appointment_record_attended(
        acting_user=request.user, appointment=_writable(request, appointment_id)
    )


@_route("record_missed", "Rendez-vous manqué (à partir du jour du rendez-vous)")
def record_missed(request: AuthenticatedHttpRequest, appointment_id: int):
    return services.appointment_record_missed(
        acting_user=request.user, appointment=_writable(request, appointment_id)
    )


@_route("cancel", "Annuler le rendez-vous")
def cancel(request: AuthenticatedHttpRequest, appointment_id: int):
    return services.appointment_cancel(
        acting_user=request.user, appointment=_writable(request, appointment_id)
    )


@_route("restore", "Remettre en « prévu » (statut noté par erreur, annulation levée)")
def restore(request: AuthenticatedHttpRequest, appointment_id: int):
    return services.appointment_restore(
        acting_user=request.user, appointment=_writable(request, appointment_id)
    )


@router.get(
    "/{int:appointment_id}/reminders",
    response={200: list[ReceiptOut], **FOUND},
    summary="Messages envoyés (reçus)",
)
def list_reminders(request: AuthenticatedHttpRequest, appointment_id: int):
    return list(get_appointment_for_user(request.user, appointment_id).reminders.all())


@router.post(
    "/{int:appointment_id}/reminders",
    response={201: ReceiptOut, 409: ErrorOut, **FOUND},
    summary="Envoyer un message à la personne (une seule fois)",
    description="409 si le rendez-vous n'est plus à venir ou si la personne n'a pas de quoi le recevoir.",
)
def send_reminder(request: AuthenticatedHttpRequest, appointment_id: int, payload: ReminderIn):
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
def get_calendar(request: AuthenticatedHttpRequest, appointment_id: int):
    appointment = get_appointment_for_user(request.user, appointment_id)
    response = HttpResponse(
        services.appointment_calendar_export(acting_user=request.user, appointment=appointment),
        content_type="text/calendar",
    )
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{appointment.pk}.ics"'
    return response
