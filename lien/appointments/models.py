"""Appointments taken with or for a person, their reminders (each send kept as a receipt),
and the physical accompaniments of a person to a structure."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.appointments.enums import (
    APPOINTMENT_KINDS,
    BookedBy,
    Channel,
    ReceiptStatus,
    ReminderChoice,
    ReminderKind,
    Status,
    Vehicle,
)
from lien.lib.dates import start_of_day


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user) -> "AppointmentQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))

    def on_days(self, start: date, end: date) -> "AppointmentQuerySet":
        """Those starting between the local days ``start`` and ``end`` included: a range of
        moments the (organisation, starts_at) index answers, where ``starts_at__date`` converted
        every row's time zone (seconds at a national programme's 200 000 appointments)."""
        return self.filter(
            starts_at__gte=start_of_day(start), starts_at__lt=start_of_day(end + timedelta(days=1))
        )


class Appointment(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée prévue (minutes)"), default=30)
    professional = models.CharField(
        _("avec qui"), max_length=200, help_text=_("Par exemple : Dr Martin, cardiologue.")
    )
    place = models.CharField(_("lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    to_bring = models.CharField(
        _("à apporter"), max_length=300, blank=True, help_text=_("Par exemple : carte Vitale, ordonnance.")
    )
    booked_by = models.CharField(_("pris par"), max_length=20, choices=BookedBy.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre de l'équipe en charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accompaniment_needed = models.BooleanField(_("accompagnement physique nécessaire"), default=False)
    orientation = models.ForeignKey(
        "orientations.Orientation",
        verbose_name=_("orientation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    reminder = models.CharField(
        _("rappel à la personne"), max_length=10, choices=ReminderChoice.choices, default=ReminderChoice.NONE
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"], name="appointment_org_starts"),
            # The past appointments still planned (the call-back list's section): without the
            # status, every past appointment of the team was read to find them.
            models.Index(
                fields=["organisation", "status", "starts_at"], name="appointment_org_status_starts"
            ),
            models.Index(fields=["status", "starts_at"], name="appointment_status_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=720),
                name="appointment_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="appointment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reminder__in=ReminderChoice.values), name="appointment_reminder_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Rendez-vous du {self.starts_at:%d/%m/%Y} — {self.professional}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Reminder(models.Model):
    """The receipt of a message to the person, about an appointment (``appointment``) or about
    rights to renew (``rights_reminder``, the team's alert that they lapse, of a procedure whose
    person chose to be told): exactly one of them, and at most one message per subject, channel
    and kind.

    Its ``status`` tells the truth about where the message is (``ReceiptStatus``): the provider's
    id of the message (``provider_message_id``) ties the delivery receipts of its webhook to it;
    ``attempts`` and ``next_attempt_at`` pace the retries of a transient failure. An e-mail sent
    because the text message could not reach the person ``replaces`` it."""

    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="reminders"
    )
    rights_reminder = models.ForeignKey(
        "rights.RightsReminder",
        verbose_name=_("droits à renouveler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("type"), max_length=20, choices=ReminderKind.choices)
    recipient = models.CharField(_("destinataire"), max_length=254)
    body = models.TextField(_("message"))
    status = models.CharField(_("résultat"), max_length=10, choices=ReceiptStatus.choices)
    backend = models.CharField(_("moyen d'envoi"), max_length=100)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=1)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    provider_message_id = models.CharField(_("identifiant chez le fournisseur"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("reçu le"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("à la place de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fallback",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vide : envoi automatique."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="reminder_status_next")]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "channel", "kind"],
                condition=models.Q(appointment__isnull=False),
                name="reminder_sent_once",
            ),
            models.UniqueConstraint(
                fields=["rights_reminder", "channel", "kind"],
                condition=models.Q(rights_reminder__isnull=False),
                name="reminder_renewal_sent_once",
            ),
            models.CheckConstraint(
                condition=models.Q(appointment__isnull=False, rights_reminder__isnull=True)
                | models.Q(appointment__isnull=True, rights_reminder__isnull=False),
                name="reminder_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(appointment__isnull=False, kind__in=APPOINTMENT_KINDS)
                | models.Q(rights_reminder__isnull=False, kind=ReminderKind.RIGHTS_RENEWAL),
                name="reminder_kind_of_its_subject",
            ),
            models.UniqueConstraint(
                fields=["backend", "provider_message_id"],
                condition=~models.Q(provider_message_id=""),
                name="reminder_provider_message_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReceiptStatus.values), name="reminder_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[ReceiptStatus.SENT, ReceiptStatus.DELIVERED], sent_at__isnull=False
                )
                | models.Q(status__in=[ReceiptStatus.QUEUED, ReceiptStatus.NOT_SENT], sent_at__isnull=True)
                | models.Q(status=ReceiptStatus.FAILED),
                name="reminder_sent_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReceiptStatus.DELIVERED, delivered_at__isnull=False)
                | (~models.Q(status=ReceiptStatus.DELIVERED) & models.Q(delivered_at__isnull=True)),
                name="reminder_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReceiptStatus.QUEUED) | models.Q(next_attempt_at__isnull=True),
                name="reminder_next_attempt_queued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()}) — {self.get_status_display()}"


class AccompanimentQuerySet(models.QuerySet["Accompaniment"]):
    def visible_to(self, user) -> "AccompanimentQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))


class Accompaniment(models.Model):
    """A physical accompaniment of the person to an appointment or a structure."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="accompaniments"
    )
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("rendez-vous"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accompaniments",
    )
    on = models.DateField(_("date"))
    destination = models.CharField(_("destination"), max_length=200)
    accompanied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompagné·e par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    vehicle = models.CharField(_("moyen de transport"), max_length=20, choices=Vehicle.choices)
    distance_km = models.PositiveIntegerField(_("distance aller-retour (km)"), default=0)
    duration_minutes = models.PositiveIntegerField(_("temps passé (minutes)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccompanimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(distance_km__lte=2000), name="accompaniment_distance_range"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="accompaniment_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Accompagnement du {self.on:%d/%m/%Y} — {self.destination}"
