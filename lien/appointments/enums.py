"""Codes of appointments, reminders and accompaniments (DOMAIN.md §3). The actions that change
an appointment's status are in ``workflow.APPOINTMENTS``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The person's choice of a reminder, shared with the rights (re-exported for the appointments).
from lien.people.enums import ReminderChoice as ReminderChoice


class BookedBy(models.TextChoices):
    WITH_PERSON = "with_person", _("Pris avec la personne")
    FOR_PERSON = "for_person", _("Pris pour la personne")
    PERSON = "person", _("Pris par la personne elle-même")
    PARTNER = "partner", _("Pris par un partenaire")


class Status(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    ATTENDED = "attended", _("Honoré")
    MISSED = "missed", _("Manqué")
    CANCELLED = "cancelled", _("Annulé")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Courriel")


class ReminderKind(models.TextChoices):
    """What a message to the person is about: an appointment (``APPOINTMENT_KINDS``), or rights
    to renew (the person chose it on the procedure, ``Procedure.remind_person``)."""

    BOOKING = "booking", _("Confirmation du rendez-vous")
    REMINDER = "reminder", _("Rappel avant le rendez-vous")
    RIGHTS_RENEWAL = "rights_renewal", _("Renouvellement des droits")


# The messages of an appointment (sent by hand from its page, or the reminder by the job).
APPOINTMENT_KINDS = (ReminderKind.BOOKING, ReminderKind.REMINDER)


class ReceiptStatus(models.TextChoices):
    """Where a message is: ``queued`` (to send, or to try again at ``next_attempt_at``) →
    ``sent`` (the provider or the mail server took it) → ``delivered`` (the provider's delivery
    receipt says it reached the phone) or ``failed``; ``not_sent`` when nothing could leave (no SMS
    provider configured)."""

    QUEUED = "queued", _("En attente d'envoi")
    SENT = "sent", _("Envoyé")
    DELIVERED = "delivered", _("Reçu")
    FAILED = "failed", _("Échec de l'envoi")
    NOT_SENT = "not_sent", _("Non envoyé")


# The statuses of a message that left Lien (the activity report counts them as reminders sent).
HANDED_OVER = frozenset({ReceiptStatus.SENT, ReceiptStatus.DELIVERED})


class Vehicle(models.TextChoices):
    TEAM_VEHICLE = "team_vehicle", _("Véhicule de l'équipe")
    PERSONAL_VEHICLE = "personal_vehicle", _("Véhicule personnel")
    PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
    ON_FOOT = "on_foot", _("À pied")
    OTHER = "other", _("Autre")
