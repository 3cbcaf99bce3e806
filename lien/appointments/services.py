"""Writes of appointments, reminders and accompaniments; each is checked and journalled.

Reminders are sent once: a receipt per appointment, channel and kind (a database constraint);
a receipt that says "sent" is never sent again, a failed one is retried.

The status changes only through the named actions of ``workflow.APPOINTMENTS``: one service per
action, which lets the engine check it, move the status and log the action with its actor.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.appointments import texts
from lien.appointments.enums import (
    BookedBy,
    Channel,
    ReceiptStatus,
    ReminderChoice,
    ReminderKind,
    Status,
    Vehicle,
)
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.appointments.sms import SmsError, get_backend
from lien.appointments.workflow import APPOINTMENTS
from lien.followup.enums import DEFAULT_REMINDER_DAYS_BEFORE
from lien.followup.models import FollowupSettings
from lien.followup.services import followup_ensure, followup_settings_for
from lien.journal.models import JournalEntry
from lien.orientations.models import Orientation
from lien.people.models import Person
from lien.workflow.engine import ActionRefused

MAX_ATTEMPTS = 3


def _require_change(user: User, organisation_id: int) -> None:
    if not has_perm(user, Perm.FOLLOWUP_CHANGE, organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier les rendez-vous de cette personne.")


def _recipient(person: Person, channel: str) -> str:
    return person.phone.strip() if channel == Channel.SMS else person.email.strip()


def _check_reminder_choice(person: Person, reminder: str) -> None:
    if reminder not in ReminderChoice.values:
        raise ValidationError({"reminder": "Choix de rappel inconnu."})
    if reminder != ReminderChoice.NONE and not _recipient(person, reminder):
        missing = "numéro de téléphone" if reminder == ReminderChoice.SMS else "adresse e-mail"
        raise ActionRefused({"reminder": f"La fiche de la personne n'a pas de {missing}."})


@transaction.atomic
def appointment_book(
    *,
    acting_user: User,
    person: Person,
    starts_at: datetime,
    professional: str,
    place: str,
    booked_by: str,
    duration_minutes: int = 30,
    address: str = "",
    to_bring: str = "",
    mediator: User | None = None,
    accompaniment_needed: bool = False,
    orientation: Orientation | None = None,
    reminder: str = ReminderChoice.NONE,
) -> Appointment:
    """Action ``book``: the appointment is planned."""
    _require_change(acting_user, person.organisation_id)
    if booked_by not in BookedBy.values:
        raise ValidationError({"booked_by": "Indiquez qui a pris le rendez-vous."})
    if orientation is not None and orientation.person_id != person.pk:
        raise ValidationError({"orientation": "Cette orientation concerne une autre personne."})
    if mediator is not None and not has_perm(mediator, Perm.FOLLOWUP_VIEW, person.organisation_id):
        raise ValidationError({"mediator": "Ce membre ne fait pas partie de l'équipe de suivi."})
    _check_reminder_choice(person, reminder)
    followup_ensure(acting_user=acting_user, person=person)
    appointment = Appointment(
        organisation_id=person.organisation_id,
        person=person,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        professional=professional.strip(),
        place=place.strip(),
        address=address.strip(),
        to_bring=to_bring.strip(),
        booked_by=booked_by,
        mediator=mediator,
        accompaniment_needed=accompaniment_needed,
        orientation=orientation,
        reminder=reminder,
        created_by=acting_user,
    )
    APPOINTMENTS.start(acting_user, appointment, "book")
    appointment.full_clean()
    appointment.save()
    APPOINTMENTS.log_creation(acting_user, appointment, "book")
    JournalEntry.log_create(
        user=acting_user, obj=appointment, organisation=person.organisation, person=person
    )
    return appointment


def _move(acting_user: User, appointment: Appointment, name: str) -> Appointment:
    """Take the action ``name`` (the engine checks it, moves the status and logs it), save."""
    from_status = appointment.status
    APPOINTMENTS.perform(acting_user, appointment, name)
    appointment.status_changed_at = timezone.now()
    appointment.save(update_fields=["status", "status_changed_at"])
    JournalEntry.log_update(
        user=acting_user,
        obj=appointment,
        organisation=appointment.person.organisation,
        person=appointment.person,
        detail=f"statut : {from_status} → {appointment.status}",
    )
    return appointment


@transaction.atomic
def appointment_record_attended(*, acting_user: User, appointment: Appointment) -> Appointment:
    """Action ``record_attended``: the person came (also after "missed" recorded by mistake)."""
    return _move(acting_user, appointment, "record_attended")


@transaction.atomic
def appointment_record_missed(*, acting_user: User, appointment: Appointment) -> Appointment:
    """Action ``record_missed``: the person did not come."""
    return _move(acting_user, appointment, "record_missed")


@transaction.atomic
def appointment_cancel(*, acting_user: User, appointment: Appointment) -> Appointment:
    """Action ``cancel``: no reminder leaves for a cancelled appointment."""
    return _move(acting_user, appointment, "cancel")


@transaction.atomic
def appointment_restore(*, acting_user: User, appointment: Appointment) -> Appointment:
    """Action ``restore``: back to planned (a status recorded by mistake, a cancellation undone)."""
    return _move(acting_user, appointment, "restore")


@transaction.atomic
def appointment_set_reminder(*, acting_user: User, appointment: Appointment, reminder: str) -> Appointment:
    """The person chose another way to be reminded (or none)."""
    _require_change(acting_user, appointment.organisation_id)
    _check_reminder_choice(appointment.person, reminder)
    appointment.reminder = reminder
    appointment.save(update_fields=["reminder"])
    JournalEntry.log_update(
        user=acting_user,
        obj=appointment,
        organisation=appointment.person.organisation,
        person=appointment.person,
        detail=f"rappel : {reminder}",
    )
    return appointment


def _deliver(appointment: Appointment, channel: str, kind: str, recipient: str, body: str) -> str:
    """Hand the message over; returns the name of the means used."""
    if channel == Channel.SMS:
        backend = get_backend()
        backend.send(to=recipient, body=body)
        return f"sms:{backend.name}"
    email = EmailMessage(subject=texts.subject(appointment, kind=kind), body=body, to=[recipient])
    email.attach(f"rendez-vous-{appointment.pk}.ics", texts.calendar_file(appointment), "text/calendar")
    email.send()
    return "email"


def reminder_send(
    *, appointment: Appointment, kind: str, channel: str | None = None, acting_user: User | None = None
) -> Reminder:
    """Send the message once and keep its receipt; ``acting_user`` is None for the periodic job."""
    if acting_user is not None:
        _require_change(acting_user, appointment.organisation_id)
    channel = channel or appointment.reminder
    if channel not in Channel.values:
        raise ActionRefused("La personne n'a pas choisi de recevoir de rappel.")
    if kind not in ReminderKind.values:
        raise ValidationError("Type de message inconnu.")
    if appointment.status != Status.PLANNED or appointment.starts_at <= timezone.now():
        raise ActionRefused("Seul un rendez-vous prévu et à venir reçoit un rappel.")
    recipient = _recipient(appointment.person, channel)
    if not recipient:
        raise ActionRefused("La fiche de la personne n'a ni téléphone ni adresse pour ce canal.")
    with transaction.atomic():
        receipt = (
            Reminder.objects.select_for_update()
            .filter(appointment=appointment, channel=channel, kind=kind)
            .first()
        )
        if receipt is not None and receipt.status == ReceiptStatus.SENT:
            return receipt
        body = texts.message(
            appointment,
            kind=kind,
            contact_phone=followup_settings_for(appointment.organisation_id).contact_phone,
        )
        try:
            backend, status, error, sent_at = (
                _deliver(appointment, channel, kind, recipient, body),
                "sent",
                "",
                timezone.now(),
            )
        except (SmsError, OSError) as failure:
            backend, status, error, sent_at = channel, "failed", str(failure)[:300], None
        values = {
            "recipient": recipient,
            "body": body,
            "status": status,
            "backend": backend,
            "error": error,
            "sent_at": sent_at,
            "created_by": acting_user,
        }
        if receipt is None:
            try:
                with transaction.atomic():
                    receipt = Reminder.objects.create(
                        appointment=appointment, channel=channel, kind=kind, **values
                    )
            except IntegrityError:  # another worker sent it at the same moment
                return Reminder.objects.get(appointment=appointment, channel=channel, kind=kind)
        else:
            for name, value in values.items():
                setattr(receipt, name, value)
            receipt.attempts += 1
            receipt.save()
    JournalEntry.log_export(
        user=acting_user,
        obj=appointment,
        organisation=appointment.organisation,
        person=appointment.person,
        detail=f"{receipt.get_kind_display()} : {receipt.get_status_display()}",
    )
    return receipt


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send the reminders that are due (each organisation chooses how many days before).

    Idempotent: an appointment already reminded on its channel is skipped by the query itself.
    """
    now = now or timezone.now()
    leads = dict(FollowupSettings.objects.values_list("organisation_id", "reminder_days_before"))
    longest = max([DEFAULT_REMINDER_DAYS_BEFORE, *leads.values()])
    done = Reminder.objects.filter(
        appointment=OuterRef("pk"), channel=OuterRef("reminder"), kind=ReminderKind.REMINDER
    ).exclude(status=ReceiptStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    due = (
        Appointment.objects.filter(
            status=Status.PLANNED,
            reminder__in=Channel.values,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=longest),
        )
        .exclude(Exists(done))
        .select_related("person", "organisation")
    )
    sent = 0
    for appointment in due:
        lead = timedelta(days=leads.get(appointment.organisation_id, DEFAULT_REMINDER_DAYS_BEFORE))
        if appointment.starts_at - lead > now:
            continue
        try:
            receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
        except ValidationError:  # the person's phone or address was removed meanwhile
            continue
        sent += receipt.status == ReceiptStatus.SENT
    return sent


def appointment_card_print(*, acting_user: User, appointment: Appointment, html: str) -> bytes:
    """The printable card (PDF), journalled as a print of the person's data."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    JournalEntry.log_print(
        user=acting_user, obj=appointment, organisation=appointment.organisation, person=appointment.person
    )
    return document


def appointment_calendar_export(*, acting_user: User, appointment: Appointment) -> bytes:
    JournalEntry.log_export(
        user=acting_user,
        obj=appointment,
        organisation=appointment.organisation,
        person=appointment.person,
        detail="fichier agenda (.ics)",
    )
    return texts.calendar_file(appointment)


@transaction.atomic
def accompaniment_record(
    *,
    acting_user: User,
    person: Person,
    on: date,
    destination: str,
    accompanied_by: User,
    vehicle: str,
    distance_km: int,
    duration_minutes: int,
    appointment: Appointment | None = None,
    note: str = "",
) -> Accompaniment:
    """Who went with the person, how, how far and for how long."""
    _require_change(acting_user, person.organisation_id)
    if vehicle not in Vehicle.values:
        raise ValidationError({"vehicle": "Moyen de transport inconnu."})
    if on > timezone.localdate():
        raise ValidationError({"on": "Cette date est dans le futur."})
    if appointment is not None and appointment.person_id != person.pk:
        raise ValidationError({"appointment": "Ce rendez-vous concerne une autre personne."})
    if not accompanied_by.memberships.filter(organisation_id=person.organisation_id).exists():
        raise ValidationError({"accompanied_by": "Cette personne n'est pas membre de l'équipe."})
    followup_ensure(acting_user=acting_user, person=person, on=on)
    accompaniment = Accompaniment(
        organisation_id=person.organisation_id,
        person=person,
        appointment=appointment,
        on=on,
        destination=destination.strip(),
        accompanied_by=accompanied_by,
        vehicle=vehicle,
        distance_km=distance_km,
        duration_minutes=duration_minutes,
        note=note.strip(),
        created_by=acting_user,
    )
    accompaniment.full_clean()
    accompaniment.save()
    JournalEntry.log_create(
        user=acting_user, obj=accompaniment, organisation=person.organisation, person=person
    )
    return accompaniment
