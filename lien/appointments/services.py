"""Writes of appointments, reminders and accompaniments; each is checked and journalled.

Reminders are sent once: a receipt per appointment, channel and kind (a database constraint);
a receipt that says "sent" is never sent again; a transient failure is retried by the periodic
job with a growing delay, a permanent one fails at once and the e-mail takes over.

The status changes only through the named actions of ``workflow.APPOINTMENTS``: one service per
action, which lets the engine check it, move the status and log the action with its actor.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.appointments import phone, texts
from lien.appointments.enums import (
    HANDED_OVER,
    BookedBy,
    Channel,
    ReceiptStatus,
    ReminderChoice,
    ReminderKind,
    Status,
    Vehicle,
)
from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.appointments.sms import (
    NOT_CONFIGURED,
    PROVIDERS,
    DeliveryReport,
    SmsError,
    get_backend_class,
    sms_configured,
)
from lien.appointments.workflow import APPOINTMENTS
from lien.followup.enums import DEFAULT_REMINDER_DAYS_BEFORE
from lien.followup.models import FollowupSettings
from lien.followup.services import followup_ensure, followup_settings_for
from lien.journal.models import JournalEntry
from lien.orientations.models import Orientation
from lien.people.models import Person
from lien.workflow.engine import ActionRefused

logger = logging.getLogger(__name__)


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


# A transient failure (network, 429, 5xx) is tried again after these delays, up to MAX_ATTEMPTS
# in all; a permanent one (an invalid number, a refusal) fails at once.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=45))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# An attempt under way holds its receipt this long: a worker that dies in the middle leaves the
# message to the next run of the job, never to two workers at once.
LEASE = timedelta(minutes=5)
NO_PHONE = "la fiche de la personne n'a pas de numéro de téléphone"
GAVE_UP = "abandonné : le rendez-vous n'est plus à venir"


@dataclass(frozen=True)
class _Outcome:
    status: str
    error: str = ""
    message_id: str = ""
    backend: str = ""
    transient: bool = False


def _deliver(receipt: Reminder, appointment: Appointment) -> _Outcome:
    """Hand the message over, outside any transaction (a provider may take seconds)."""
    if receipt.channel == Channel.SMS:
        backend_class = get_backend_class()
        means = f"sms:{backend_class.name}"
        try:
            if not receipt.recipient:
                raise ValueError(NO_PHONE)
            to = phone.to_e164(receipt.recipient)
            if not phone.is_mobile(to):
                raise ValueError("ce numéro n'est pas un numéro de mobile")
            message_id = backend_class().send(to=to, body=receipt.body, reference=str(receipt.pk))
        except ValueError as refusal:
            return _Outcome(ReceiptStatus.FAILED, str(refusal), backend=means)
        except SmsError as failure:
            status = ReceiptStatus.FAILED if failure.permanent else ReceiptStatus.QUEUED
            return _Outcome(status, str(failure)[:300], backend=means, transient=not failure.permanent)
        if not backend_class.delivers:
            return _Outcome(ReceiptStatus.NOT_SENT, NOT_CONFIGURED, backend=means)
        return _Outcome(ReceiptStatus.SENT, message_id=message_id[:100], backend=means)
    email = EmailMessage(
        subject=texts.subject(appointment, kind=receipt.kind), body=receipt.body, to=[receipt.recipient]
    )
    email.attach(f"rendez-vous-{appointment.pk}.ics", texts.calendar_file(appointment), "text/calendar")
    try:
        email.send()
    except OSError as failure:  # smtplib's errors are OSErrors
        return _Outcome(ReceiptStatus.QUEUED, str(failure)[:300], backend="email", transient=True)
    return _Outcome(ReceiptStatus.SENT, backend="email")


def _may_attempt(receipt: Reminder, now: datetime, *, by_hand: bool) -> bool:
    """A message is sent once; a receipt waiting for its retry is taken when its time has come;
    a failed one only by hand (the team corrected the number); one not sent for want of a
    provider once a provider is configured."""
    if receipt.status == ReceiptStatus.QUEUED:
        return receipt.next_attempt_at is None or receipt.next_attempt_at <= now
    if receipt.status == ReceiptStatus.FAILED:
        return by_hand
    if receipt.status == ReceiptStatus.NOT_SENT:
        return receipt.channel == Channel.SMS and sms_configured()
    return False


def _claim(
    appointment: Appointment,
    *,
    channel: str,
    kind: str,
    recipient: str,
    body: str,
    acting_user: User | None,
    replaces: Reminder | None,
) -> tuple[Reminder, bool]:
    """The receipt of this message, and whether this call may send it now (it then holds it
    for LEASE, as ``queued``, in a transaction of its own)."""
    now = timezone.now()
    values = {
        "recipient": recipient,
        "body": body,
        "status": ReceiptStatus.QUEUED,
        "error": "",
        "next_attempt_at": now + LEASE,
        "provider_message_id": "",
        "sent_at": None,
        "delivered_at": None,
    }
    with transaction.atomic():
        receipt = (
            Reminder.objects.select_for_update()
            .filter(appointment=appointment, channel=channel, kind=kind)
            .first()
        )
        if receipt is None:
            try:
                with transaction.atomic():
                    receipt = Reminder.objects.create(
                        appointment=appointment,
                        channel=channel,
                        kind=kind,
                        backend=channel,
                        attempts=1,
                        created_by=acting_user,
                        replaces=replaces,
                        **values,
                    )
            except IntegrityError:  # another worker took it at the same moment
                return Reminder.objects.get(appointment=appointment, channel=channel, kind=kind), False
            return receipt, True
        if not _may_attempt(receipt, now, by_hand=acting_user is not None):
            return receipt, False
        receipt.attempts = receipt.attempts + 1 if receipt.status == ReceiptStatus.QUEUED else 1
        for name, value in values.items():
            setattr(receipt, name, value)
        if acting_user is not None:
            receipt.created_by = acting_user
        receipt.save()
    return receipt, True


def _record(receipt: Reminder, outcome: _Outcome) -> Reminder:
    """Write what the attempt gave: sent, not sent, failed, or queued again after a delay."""
    now = timezone.now()
    status, next_attempt_at = outcome.status, None
    if outcome.transient:
        if receipt.attempts < MAX_ATTEMPTS:
            next_attempt_at = now + RETRY_DELAYS[receipt.attempts - 1]
        else:
            status = ReceiptStatus.FAILED
    receipt.status, receipt.next_attempt_at = status, next_attempt_at
    receipt.error, receipt.backend = outcome.error, outcome.backend
    receipt.provider_message_id = outcome.message_id
    receipt.sent_at = now if status == ReceiptStatus.SENT else None
    receipt.save(
        update_fields=["status", "next_attempt_at", "error", "backend", "provider_message_id", "sent_at"]
    )
    return receipt


def _fall_back_to_email(receipt: Reminder, acting_user: User | None = None) -> Reminder | None:
    """The text message will not reach the person: the reminder goes by e-mail when their file
    has an address (and the appointment is still to come)."""
    appointment = receipt.appointment
    if receipt.channel != Channel.SMS or not appointment.person.email.strip():
        return None
    try:
        return reminder_send(
            appointment=appointment,
            kind=receipt.kind,
            channel=Channel.EMAIL,
            acting_user=acting_user,
            replaces=receipt,
        )
    except ValidationError:  # passed or cancelled meanwhile
        return None


def reminder_send(
    *,
    appointment: Appointment,
    kind: str,
    channel: str | None = None,
    acting_user: User | None = None,
    replaces: Reminder | None = None,
) -> Reminder:
    """Send the message once and keep its receipt, which says where it truly is; ``acting_user``
    is None for the periodic job. A text message that fails for good, or that cannot leave
    (no number, no provider), is followed by the same message by e-mail when the person has an
    address (``replaces``)."""
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
    if not recipient and (channel == Channel.EMAIL or not appointment.person.email.strip()):
        raise ActionRefused("La fiche de la personne n'a ni téléphone ni adresse pour ce canal.")
    body = texts.message(
        appointment,
        kind=kind,
        contact_phone=followup_settings_for(appointment.organisation_id).contact_phone,
    )
    receipt, claimed = _claim(
        appointment,
        channel=channel,
        kind=kind,
        recipient=recipient,
        body=body,
        acting_user=acting_user,
        replaces=replaces,
    )
    if not claimed:
        return receipt
    receipt = _record(receipt, _deliver(receipt, appointment))
    JournalEntry.log_export(
        user=acting_user,
        obj=appointment,
        organisation=appointment.organisation,
        person=appointment.person,
        detail=f"{receipt.get_kind_display()} ({receipt.get_channel_display()}) : "
        f"{receipt.get_status_display()}",
    )
    if receipt.status in (ReceiptStatus.FAILED, ReceiptStatus.NOT_SENT):
        _fall_back_to_email(receipt, acting_user)
    return receipt


def reminder_record_delivery(*, provider: str, report: DeliveryReport) -> Reminder | None:
    """A provider's delivery receipt: the message reached the phone, or failed for good (then the
    e-mail fallback). Idempotent: a receipt already delivered stays so, and an event that says
    nothing new changes nothing. An unknown message is logged and ignored (the provider must not
    retry it)."""
    if report.delivered is None:
        return None
    with transaction.atomic():
        receipt = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("appointment__person", "appointment__organisation")
            .filter(backend=f"sms:{provider}", provider_message_id=report.message_id)
            .first()
        )
        if receipt is None:
            logger.warning("SMS delivery receipt for an unknown message: %s %s", provider, report.message_id)
            return None
        if report.delivered and receipt.status in (ReceiptStatus.SENT, ReceiptStatus.FAILED):
            receipt.status, receipt.error = ReceiptStatus.DELIVERED, ""
            receipt.delivered_at = report.at or timezone.now()
        elif not report.delivered and receipt.status == ReceiptStatus.SENT:
            receipt.status, receipt.error = ReceiptStatus.FAILED, report.detail or "non distribué"
        else:
            return receipt
        receipt.save(update_fields=["status", "error", "delivered_at"])
    if receipt.status == ReceiptStatus.FAILED:
        _fall_back_to_email(receipt)
    return receipt


def reminders_record_deliveries(*, provider: str, payload: Any) -> int:
    """Every delivery receipt of one callback of ``provider``; the number recorded."""
    reports = PROVIDERS[provider].parse_callback(payload)
    return sum(reminder_record_delivery(provider=provider, report=report) is not None for report in reports)


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send the reminders that are due (each organisation chooses how many days before), and
    try again those whose retry time has come; the number of messages that left.

    Idempotent: an appointment already reminded on its channel is skipped by the query itself
    (one not sent for want of a provider is taken again once a provider is configured, unless
    the e-mail went instead).
    """
    now = now or timezone.now()
    leads = dict(FollowupSettings.objects.values_list("organisation_id", "reminder_days_before"))
    longest = max([DEFAULT_REMINDER_DAYS_BEFORE, *leads.values()])
    done = Reminder.objects.filter(
        appointment=OuterRef("pk"), channel=OuterRef("reminder"), kind=ReminderKind.REMINDER
    )
    if sms_configured():
        done = done.exclude(status=ReceiptStatus.NOT_SENT, fallback__isnull=True)
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
        except ValidationError:  # the person's phone and address were removed meanwhile
            continue
        sent += receipt.status in HANDED_OVER
    waiting = Reminder.objects.filter(status=ReceiptStatus.QUEUED, next_attempt_at__lte=now)
    upcoming = Q(appointment__status=Status.PLANNED, appointment__starts_at__gt=now)
    waiting.exclude(upcoming).update(status=ReceiptStatus.FAILED, next_attempt_at=None, error=GAVE_UP)
    for receipt in waiting.filter(upcoming).select_related(
        "appointment__person", "appointment__organisation"
    ):
        try:
            receipt = reminder_send(
                appointment=receipt.appointment, kind=receipt.kind, channel=receipt.channel
            )
        except ValidationError:
            continue
        sent += receipt.status in HANDED_OVER
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
