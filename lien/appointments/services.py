"""Writes of appointments, reminders and accompaniments; each is checked and journalled.

Messages to the person (the reminders of an appointment, the announcement of rights to renew)
are sent once: a receipt per subject, channel and kind (a database constraint);
a receipt that says "sent" is never sent again; a transient failure is retried by the periodic
job with a growing delay, a permanent one fails at once and the e-mail takes over.

The status changes only through the named actions of ``workflow.APPOINTMENTS``: one service per
action, which lets the engine check it, move the status and log the action with its actor.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.appointments import phone, texts
from lien.appointments.enums import (
    APPOINTMENT_KINDS,
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
from lien.people.reminders import reminder_choice_check, reminder_recipient
from lien.rights.models import RightsReminder
from lien.rights.selectors import renewals_to_announce
from lien.workflow.engine import ActionRefused

logger = logging.getLogger(__name__)


def _require_change(user: User, organisation_id: int) -> None:
    if not has_perm(user, Perm.FOLLOWUP_CHANGE, organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier les rendez-vous de cette personne.")


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
    reminder_choice_check(person, reminder, field="reminder")
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
    reminder_choice_check(appointment.person, reminder, field="reminder")
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
RENEWAL_GAVE_UP = "abandonné : ces droits ne sont plus à renouveler"
WITHDRAWN = "annulé : la personne a retiré son consentement"


@dataclass(frozen=True)
class _Outcome:
    status: str
    error: str = ""
    message_id: str = ""
    backend: str = ""
    transient: bool = False


@dataclass(frozen=True)
class _Message:
    """One message to the person before it leaves: its subject (``owner``, the receipt's
    ``appointment`` or ``rights_reminder``), its words, and for an e-mail its title and files."""

    owner: dict[str, Appointment | RightsReminder]
    person: Person
    organisation: Organisation
    about: Model  # what the journal names: the appointment, or the procedure
    kind: str
    channel: str
    body: str
    subject: str = ""
    attachments: tuple[tuple[str, bytes, str], ...] = ()


def _deliver(receipt: Reminder, message: _Message) -> _Outcome:
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
    email = EmailMessage(subject=message.subject, body=receipt.body, to=[receipt.recipient])
    for attachment in message.attachments:
        email.attach(*attachment)
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
    message: _Message,
    *,
    recipient: str,
    acting_user: User | None,
    replaces: Reminder | None,
) -> tuple[Reminder, bool]:
    """The receipt of this message (one per subject, channel and kind), and whether this call may
    send it now (it then holds it for LEASE, as ``queued``, in a transaction of its own)."""
    now = timezone.now()
    values = {
        "recipient": recipient,
        "body": message.body,
        "status": ReceiptStatus.QUEUED,
        "error": "",
        "next_attempt_at": now + LEASE,
        "provider_message_id": "",
        "sent_at": None,
        "delivered_at": None,
    }
    key = {**message.owner, "channel": message.channel, "kind": message.kind}
    with transaction.atomic():
        receipt = Reminder.objects.select_for_update().filter(**key).first()
        if receipt is None:
            try:
                with transaction.atomic():
                    receipt = Reminder.objects.create(
                        **key,
                        backend=message.channel,
                        attempts=1,
                        created_by=acting_user,
                        replaces=replaces,
                        **values,
                    )
            except IntegrityError:  # another worker took it at the same moment
                return Reminder.objects.get(**key), False
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


def _send(message: _Message, *, acting_user: User | None, replaces: Reminder | None) -> Reminder:
    """Send ``message`` once and keep its receipt, which says where it truly is. A text message
    that fails for good, or that cannot leave (no number, no provider), is followed by the same
    message by e-mail when the person has an address (``replaces``)."""
    recipient = reminder_recipient(message.person, message.channel)
    if not recipient and (message.channel == Channel.EMAIL or not message.person.email.strip()):
        raise ActionRefused("La fiche de la personne n'a ni téléphone ni adresse pour ce canal.")
    receipt, claimed = _claim(message, recipient=recipient, acting_user=acting_user, replaces=replaces)
    if not claimed:
        return receipt
    receipt = _record(receipt, _deliver(receipt, message))
    JournalEntry.log_export(
        user=acting_user,
        obj=message.about,
        organisation=message.organisation,
        person=message.person,
        detail=f"{receipt.get_kind_display()} ({receipt.get_channel_display()}) : "
        f"{receipt.get_status_display()}",
    )
    if receipt.status in (ReceiptStatus.FAILED, ReceiptStatus.NOT_SENT):
        _fall_back_to_email(receipt, acting_user)
    return receipt


def _subject_of(receipt: Reminder) -> Appointment | RightsReminder:
    """What the receipt's message is about (the database holds exactly one: ``reminder_one_subject``)."""
    subject = receipt.appointment or receipt.rights_reminder
    if subject is None:
        raise ValueError(f"The receipt {receipt.pk} is about nothing.")
    return subject


def _send_its_message(
    receipt: Reminder, *, channel: str, acting_user: User | None = None, replaces: Reminder | None = None
) -> Reminder:
    """The message of ``receipt``'s subject and kind on ``channel``: again, or in its place."""
    subject = _subject_of(receipt)
    if isinstance(subject, Appointment):
        return reminder_send(
            appointment=subject,
            kind=receipt.kind,
            channel=channel,
            acting_user=acting_user,
            replaces=replaces,
        )
    return rights_renewal_send(rights_reminder=subject, channel=channel, replaces=replaces)


def _person_of(receipt: Reminder) -> Person:
    subject = _subject_of(receipt)
    return subject.person if isinstance(subject, Appointment) else subject.procedure.person


def _fall_back_to_email(receipt: Reminder, acting_user: User | None = None) -> Reminder | None:
    """The text message will not reach the person: it goes by e-mail when their file has an
    address (and its subject still calls for it: an appointment to come, rights to renew)."""
    if receipt.channel != Channel.SMS or not _person_of(receipt).email.strip():
        return None
    try:
        return _send_its_message(receipt, channel=Channel.EMAIL, acting_user=acting_user, replaces=receipt)
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
    """Send a message of the appointment once and keep its receipt (``_send``); ``acting_user``
    is None for the periodic job."""
    if acting_user is not None:
        _require_change(acting_user, appointment.organisation_id)
    channel = channel or appointment.reminder
    if channel not in Channel.values:
        raise ActionRefused("La personne n'a pas choisi de recevoir de rappel.")
    if kind not in APPOINTMENT_KINDS:
        raise ValidationError("Type de message inconnu.")
    if appointment.status != Status.PLANNED or appointment.starts_at <= timezone.now():
        raise ActionRefused("Seul un rendez-vous prévu et à venir reçoit un rappel.")
    contact_phone = followup_settings_for(appointment.organisation_id).contact_phone
    message = _Message(
        owner={"appointment": appointment},
        person=appointment.person,
        organisation=appointment.organisation,
        about=appointment,
        kind=kind,
        channel=channel,
        body=texts.message(appointment, kind=kind, contact_phone=contact_phone),
    )
    if channel == Channel.EMAIL:
        message = replace(
            message,
            subject=texts.subject(appointment, kind=kind),
            attachments=(
                (f"rendez-vous-{appointment.pk}.ics", texts.calendar_file(appointment), "text/calendar"),
            ),
        )
    return _send(message, acting_user=acting_user, replaces=replaces)


def rights_renewal_send(
    *, rights_reminder: RightsReminder, channel: str | None = None, replaces: Reminder | None = None
) -> Reminder:
    """Tell the person, once, that their rights end soon and are to renew: on the channel they
    chose on the procedure (``remind_person``), while the renewal is to announce
    (``rights.selectors.renewals_to_announce``: still open, the file still identified…). Sent by
    the periodic job only (with retries, delivery receipts and the e-mail in place of a text
    message that cannot reach the person, as the reminders of appointments)."""
    procedure = rights_reminder.procedure
    channel = channel or procedure.remind_person
    if channel not in Channel.values:
        raise ActionRefused("La personne n'a pas choisi d'être prévenue.")
    today = timezone.localdate()
    if not renewals_to_announce(today).filter(pk=rights_reminder.pk).exists():
        raise ActionRefused("Ces droits ne sont plus à annoncer à la personne.")
    contact_phone = followup_settings_for(rights_reminder.organisation_id).contact_phone
    return _send(
        _Message(
            owner={"rights_reminder": rights_reminder},
            person=procedure.person,
            organisation=procedure.organisation,
            about=procedure,
            kind=ReminderKind.RIGHTS_RENEWAL,
            channel=channel,
            body=texts.renewal_message(rights_reminder, contact_phone=contact_phone),
            subject=texts.renewal_subject(rights_reminder),
        ),
        acting_user=None,
        replaces=replaces,
    )


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
            .select_related(
                "appointment__person",
                "appointment__organisation",
                "rights_reminder__procedure__person",
                "rights_reminder__procedure__organisation",
            )
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


def _settled(receipts: QuerySet[Reminder]) -> QuerySet[Reminder]:
    """The receipts whose message the job does not send again: all, but those not sent for want
    of a provider once one is configured (unless the e-mail went in their place)."""
    if sms_configured():
        return receipts.exclude(status=ReceiptStatus.NOT_SENT, fallback__isnull=True)
    return receipts


def _appointments_due(now: datetime) -> Iterator[Appointment]:
    """The appointments whose reminder is due now (each organisation chooses how many days before)
    and not sent on their channel."""
    leads = dict(FollowupSettings.objects.values_list("organisation_id", "reminder_days_before"))
    longest = max([DEFAULT_REMINDER_DAYS_BEFORE, *leads.values()])
    done = _settled(
        Reminder.objects.filter(
            appointment=OuterRef("pk"), channel=OuterRef("reminder"), kind=ReminderKind.REMINDER
        )
    )
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
    for appointment in due:
        lead = timedelta(days=leads.get(appointment.organisation_id, DEFAULT_REMINDER_DAYS_BEFORE))
        if appointment.starts_at - lead <= now:
            yield appointment


def _renewals_due(today: date) -> QuerySet[RightsReminder]:
    """The rights to renew to announce today, not announced on the channel the person chose."""
    done = _settled(
        Reminder.objects.filter(
            rights_reminder=OuterRef("pk"),
            channel=OuterRef("procedure__remind_person"),
            kind=ReminderKind.RIGHTS_RENEWAL,
        )
    )
    return (
        renewals_to_announce(today)
        .exclude(Exists(done))
        .select_related(
            "organisation", "procedure__person", "procedure__organisation", "procedure__followed_by"
        )
    )


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send the messages that are due: the reminders of appointments (each organisation chooses
    how many days before) and the announcements of rights to renew; try again those whose retry
    time has come; the number of messages that left.

    Idempotent: a subject already told on its channel is skipped by the query itself (one not
    sent for want of a provider is taken again once a provider is configured, unless the e-mail
    went instead).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for appointment in _appointments_due(now):
        try:
            receipt = reminder_send(appointment=appointment, kind=ReminderKind.REMINDER)
        except ValidationError:  # the person's phone and address were removed meanwhile
            continue
        sent += receipt.status in HANDED_OVER
    for rights_reminder in _renewals_due(today):
        try:
            receipt = rights_renewal_send(rights_reminder=rights_reminder)
        except ValidationError:  # the person's phone and address were removed meanwhile
            continue
        sent += receipt.status in HANDED_OVER
    waiting = Reminder.objects.filter(status=ReceiptStatus.QUEUED, next_attempt_at__lte=now)
    upcoming = Q(appointment__status=Status.PLANNED, appointment__starts_at__gt=now)
    announced = Q(rights_reminder__in=renewals_to_announce(today))
    stop = {"status": ReceiptStatus.FAILED, "next_attempt_at": None}
    waiting.filter(appointment__isnull=False).exclude(upcoming).update(**stop, error=GAVE_UP)
    waiting.filter(rights_reminder__isnull=False).exclude(announced).update(**stop, error=RENEWAL_GAVE_UP)
    for receipt in waiting.filter(upcoming | announced).select_related(
        "appointment__person",
        "appointment__organisation",
        "rights_reminder__procedure__person",
        "rights_reminder__procedure__organisation",
        "rights_reminder__procedure__followed_by",
    ):
        try:
            receipt = _send_its_message(receipt, channel=receipt.channel)
        except ValidationError:
            continue
        sent += receipt.status in HANDED_OVER
    return sent


def reminders_cancel_on_withdrawal(*, person: Person) -> int:
    """The person withdrew their consent: no message waiting for its retry leaves any more (the
    appointments to come are cancelled, the rights are no longer announced); the number stopped."""
    return (
        Reminder.objects.filter(status=ReceiptStatus.QUEUED)
        .filter(Q(appointment__person=person) | Q(rights_reminder__procedure__person=person))
        .update(status=ReceiptStatus.FAILED, next_attempt_at=None, error=WITHDRAWN)
    )


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
