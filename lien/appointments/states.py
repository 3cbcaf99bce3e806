"""What the pages say of reminders, in French, and only what is true: where each message is
(``receipt_state``), and for appointments, whether their reminder is planned, on its way,
received, failed, or not sent and why (``reminder_states``). The appointment page, the agenda,
the follow-up page, the call list and the person's page all read it here, their lists through
``with_reminder_state`` (no query more than the list's own). The page of a procedure of access
to rights reads the same of the message that announces the renewal (``renewal_message_state``)."""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lien.appointments.enums import HANDED_OVER, Channel, ReceiptStatus, ReminderChoice, ReminderKind, Status
from lien.appointments.models import Appointment, Reminder
from lien.appointments.services import MAX_ATTEMPTS
from lien.appointments.sms import NOT_CONFIGURED, sms_configured
from lien.followup.enums import DEFAULT_REMINDER_DAYS_BEFORE
from lien.followup.models import FollowupSettings
from lien.followup.services import followup_settings_for
from lien.rights.enums import RENEWAL_NOTICE_DAYS
from lien.rights.enums import ReminderKind as RightsReminderKind
from lien.rights.enums import Status as ProcedureStatus
from lien.rights.models import Procedure
from lien.rights.selectors import renewals_to_announce, rights_lapsing


def _moment(value: datetime | None) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y à H:i") if value else ""


def receipt_state(receipt: Reminder) -> str:
    """« envoyé le 10 mars 2026 à 09:00, accusé de réception attendu », « reçu le … »,
    « non envoyé : aucun fournisseur SMS configuré », « nouvel essai le … », « échec : … »."""
    if receipt.status == ReceiptStatus.NOT_SENT:
        if receipt.error == NOT_CONFIGURED:
            return _("non envoyé : aucun fournisseur SMS configuré")
        return _("non envoyé : %(reason)s") % {"reason": receipt.error}
    if receipt.status == ReceiptStatus.QUEUED:
        if receipt.error and receipt.next_attempt_at:
            return _("nouvel essai le %(at)s (essai %(attempt)s sur %(most)s : %(error)s)") % {
                "at": _moment(receipt.next_attempt_at),
                "attempt": receipt.attempts,
                "most": MAX_ATTEMPTS,
                "error": receipt.error,
            }
        return _("en cours d'envoi")
    if receipt.status == ReceiptStatus.SENT:
        if receipt.channel == Channel.SMS and receipt.provider_message_id:
            return _("envoyé le %(at)s, accusé de réception attendu") % {"at": _moment(receipt.sent_at)}
        return _("envoyé le %(at)s") % {"at": _moment(receipt.sent_at)}
    if receipt.status == ReceiptStatus.DELIVERED:
        return _("reçu le %(at)s") % {"at": _moment(receipt.delivered_at)}
    if receipt.error:
        return _("échec : %(error)s") % {"error": receipt.error}
    return _("échec de l'envoi")


def receipt_rows(receipts: Sequence[Reminder]) -> list[tuple[Reminder, str]]:
    """Each receipt with its state, and for an e-mail sent in place of a text message, that it was."""
    rows = []
    for receipt in receipts:
        state = receipt_state(receipt)
        if receipt.replaces_id:
            state = _("%(state)s, à la place du SMS") % {"state": state}
        rows.append((receipt, state))
    return rows


def _label(channel: str) -> str:
    return _("Rappel par SMS") if channel == ReminderChoice.SMS else _("Rappel par courriel")


def reminder_state(
    appointment: Appointment,
    receipt: Reminder | None,
    fallback: Reminder | None,
    *,
    lead_days: int,
    configured: bool,
    now: datetime,
) -> str:
    """The state of the appointment's reminder (the automatic one, before the appointment)."""
    if appointment.reminder == ReminderChoice.NONE:
        return ""
    label = _label(appointment.reminder)
    if receipt is not None:
        text = f"{label} : {receipt_state(receipt)}"
        if fallback is not None:
            text += " ; " + _("par courriel à la place : %(state)s") % {"state": receipt_state(fallback)}
        return text
    if appointment.status != Status.PLANNED or appointment.starts_at <= now:
        return f"{label} : " + _("aucun rappel envoyé")
    if appointment.reminder == ReminderChoice.SMS and not configured:
        return f"{label} : " + _("non envoyé : aucun fournisseur SMS configuré")
    due = appointment.starts_at - timedelta(days=lead_days)
    if due <= now:
        return f"{label} : " + _("en cours d'envoi")
    return f"{label} : " + _("prévu le %(day)s") % {
        "day": formats.date_format(timezone.localtime(due), "j F Y")
    }


_RECEIPT = {
    "id": F("id"),
    "channel": F("channel"),
    "status": F("status"),
    "error": F("error"),
    "attempts": F("attempts"),
    "next_attempt_at": F("next_attempt_at"),
    "provider_message_id": F("provider_message_id"),
    "sent_at": F("sent_at"),
    "delivered_at": F("delivered_at"),
}
_MOMENTS = ("next_attempt_at", "sent_at", "delivered_at")


def with_reminder_state(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """The appointments with what ``reminder_states`` reads, in the same query (a list of them
    costs no more query than one): the receipt of their reminder on the channel the person chose,
    the e-mail sent in its place, and their organisation's delay."""
    mine = Reminder.objects.filter(
        appointment=OuterRef("pk"), channel=OuterRef("reminder"), kind=ReminderKind.REMINDER
    )
    fallback = Reminder.objects.filter(
        replaces__appointment=OuterRef("pk"),
        replaces__channel=OuterRef("reminder"),
        replaces__kind=ReminderKind.REMINDER,
    )
    lead = FollowupSettings.objects.filter(organisation_id=OuterRef("organisation_id"))
    return appointments.annotate(
        reminder_receipt=Subquery(mine.values(data=JSONObject(**_RECEIPT))[:1]),
        reminder_fallback=Subquery(fallback.values(data=JSONObject(**_RECEIPT))[:1]),
        reminder_lead_days=Subquery(lead.values("reminder_days_before")[:1]),
    )


def _receipt(data: Any) -> Reminder | None:
    """An unsaved receipt from its annotation (JSON: the moments come back as text)."""
    if data is None:
        return None
    if isinstance(data, str):
        data = json.loads(data)
    values = dict(data)
    for name in _MOMENTS:
        moment = parse_datetime(values[name]) if values[name] else None
        if moment is not None and timezone.is_naive(moment):
            moment = moment.replace(tzinfo=UTC)  # SQLite keeps UTC without its offset
        values[name] = moment
    return Reminder(**values)


def reminder_states(appointments: Sequence[Appointment]) -> dict[int, str]:
    """``reminder_state`` of each appointment (read through ``with_reminder_state``), by id."""
    if any(not hasattr(appointment, "reminder_lead_days") for appointment in appointments):
        raise TypeError("reminder_states reads appointments through with_reminder_state().")
    configured, now = sms_configured(), timezone.now()
    return {
        appointment.pk: reminder_state(
            appointment,
            _receipt(getattr(appointment, "reminder_receipt")),  # noqa: B009 — an annotation
            _receipt(getattr(appointment, "reminder_fallback")),  # noqa: B009
            lead_days=getattr(appointment, "reminder_lead_days") or DEFAULT_REMINDER_DAYS_BEFORE,  # noqa: B009
            configured=configured,
            now=now,
        )
        for appointment in appointments
    }


def appointment_reminder_state(appointment: Appointment, receipts: Sequence[Reminder]) -> str:
    """``reminder_state`` of one appointment whose receipts are already read (its page)."""
    receipt = next(
        (r for r in receipts if r.channel == appointment.reminder and r.kind == ReminderKind.REMINDER), None
    )
    fallback = next((r for r in receipts if receipt is not None and r.replaces_id == receipt.pk), None)
    return reminder_state(
        appointment,
        receipt,
        fallback,
        lead_days=followup_settings_for(appointment.organisation_id).reminder_days_before,
        configured=sms_configured(),
        now=timezone.now(),
    )


def send_outcome(receipt: Reminder) -> tuple[bool, str]:
    """Whether a message sent by hand left (by its channel, or by e-mail in its place), and the
    sentence the team reads."""
    kind = receipt.get_kind_display()
    if receipt.status in HANDED_OVER:
        return True, _("%(kind)s envoyé par %(channel)s à %(to)s le %(at)s.") % {
            "kind": kind,
            "channel": receipt.get_channel_display(),
            "to": receipt.recipient,
            "at": formats.date_format(timezone.localtime(receipt.sent_at), "d/m/Y à H:i"),
        }
    state = _("%(kind)s par %(channel)s : %(state)s.") % {
        "kind": kind,
        "channel": receipt.get_channel_display(),
        "state": receipt_state(receipt),
    }
    fallback = Reminder.objects.filter(replaces=receipt).first()
    if fallback is not None and fallback.status in HANDED_OVER:
        return True, state + " " + _("Envoyé par courriel à %(to)s à la place.") % {"to": fallback.recipient}
    return False, state


def _renewal_on_its_way(procedure: Procedure, today: date) -> bool:
    """Whether the periodic job sends the renewal's message now: the reminder is to announce, or
    is about to be created (the rights lapse within the notice, with no reminder yet)."""
    if renewals_to_announce(today).filter(procedure=procedure).exists():
        return True
    return (
        procedure.rights_end is not None
        and procedure.rights_end >= today
        and not procedure.person.is_anonymised
        and not procedure.reminders.filter(
            kind=RightsReminderKind.RENEWAL_DUE, due_on=procedure.rights_end
        ).exists()
        and rights_lapsing(today).filter(pk=procedure.pk).exists()
    )


def renewal_message_state(
    procedure: Procedure, receipts: Sequence[Reminder], *, configured: bool, today: date
) -> str:
    """« Rappel à la personne par SMS le 12 mars 2027 », or where its message is: on its way,
    sent, received, failed, or not sent and why. ``receipts``: the procedure's messages."""
    if procedure.remind_person == ReminderChoice.NONE:
        return ""
    label = (
        _("Rappel à la personne par SMS")
        if procedure.remind_person == ReminderChoice.SMS
        else _("Rappel à la personne par courriel")
    )
    receipt = next(
        (
            r
            for r in receipts
            if r.channel == procedure.remind_person
            and r.rights_reminder is not None
            and r.rights_reminder.due_on == procedure.rights_end
        ),
        None,
    )
    if receipt is not None:
        text = f"{label} : {receipt_state(receipt)}"
        fallback = next((r for r in receipts if r.replaces_id == receipt.pk), None)
        if fallback is not None:
            text += " ; " + _("par courriel à la place : %(state)s") % {"state": receipt_state(fallback)}
        return text
    day = procedure.renewal_reminder_on
    if day is None:
        if procedure.status == ProcedureStatus.GRANTED:
            return f"{label} : " + _("aucun, les droits n'ont pas de date de fin")
        return f"{label} : " + _("%(days)s jours avant la fin des droits, une fois accordés") % {
            "days": RENEWAL_NOTICE_DAYS
        }
    on = _("%(label)s le %(day)s") % {"label": label, "day": formats.date_format(day, "j F Y")}
    if procedure.remind_person == ReminderChoice.SMS and not configured:
        return f"{on} : " + _("non envoyé : aucun fournisseur SMS configuré")
    if day > today:
        return on
    if _renewal_on_its_way(procedure, today):
        return f"{label} : " + _("en cours d'envoi")
    return f"{label} : " + _("aucun message envoyé")
