from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.people.enums import ReminderChoice
from lien.rights.enums import RENEWAL_NOTICE_DAYS, ProcedureKind, ReminderKind, Status


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def visible_to(self, user) -> "ProcedureQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.RIGHTS_VIEW))


class Procedure(models.Model):
    """A procedure of access to rights the mediator helps with, from the documents to the renewal."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="procedures"
    )
    kind = models.CharField(_("démarche"), max_length=20, choices=ProcedureKind.choices)
    status = models.CharField(_("étape"), max_length=20, choices=Status.choices, default=Status.DOCUMENTS)
    started_on = models.DateField(_("commencée le"))
    filed_on = models.DateField(_("déposée le"), null=True, blank=True)
    decision_on = models.DateField(_("décision le"), null=True, blank=True)
    rights_start = models.DateField(_("droits ouverts du"), null=True, blank=True)
    rights_end = models.DateField(
        _("droits ouverts jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Date de renouvellement : un rappel est créé 60 jours avant."),
    )
    remind_person = models.CharField(
        _("prévenir la personne avant l'échéance"),
        max_length=10,
        choices=ReminderChoice.choices,
        default=ReminderChoice.NONE,
        help_text=_("Seulement si la personne l'a accepté."),
    )
    renewal_of = models.ForeignKey(
        "self",
        verbose_name=_("renouvellement de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("démarche d'accès aux droits")
        verbose_name_plural = _("démarches d'accès aux droits")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="procedure_org_status"),
            models.Index(fields=["status", "rights_end"], name="procedure_rights_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ProcedureKind.values), name="procedure_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="procedure_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[Status.GRANTED, Status.REFUSED])
                | models.Q(decision_on__isnull=False),
                name="procedure_decision_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(remind_person__in=ReminderChoice.values),
                name="procedure_remind_person_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(rights_end__isnull=True)
                | models.Q(rights_start__isnull=True)
                | models.Q(rights_end__gte=models.F("rights_start")),
                name="procedure_rights_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_status_display()}"

    @property
    def renewal_reminder_on(self):
        """The day the renewal reminder comes (``RENEWAL_NOTICE_DAYS`` before the rights end; the
        rule of ``selectors.rights_lapsing``), for granted rights with an end."""
        if self.status != Status.GRANTED or self.rights_end is None:
            return None
        return self.rights_end - timedelta(days=RENEWAL_NOTICE_DAYS)


class ProcedureDocument(models.Model):
    """A document to gather for a procedure, ticked when it is in the file."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(_("pièce"), max_length=200)
    gathered_on = models.DateField(_("réunie le"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ProcedureEvent(models.Model):
    """The step log shown on the procedure's page: which named action of ``workflow.PROCEDURES``
    was taken, by whom, on which date, from which step to which, with a detail (the engine's
    ``ActionLog`` keeps the same actions, without dates of the file or free text)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="events")
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=40, blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("étape de la démarche")
        verbose_name_plural = _("étapes de la démarche")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.from_status} → {self.to_status}"


class ReminderQuerySet(models.QuerySet["RightsReminder"]):
    def visible_to(self, user) -> "ReminderQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.RIGHTS_VIEW))

    def open(self) -> "ReminderQuerySet":
        return self.filter(done_at__isnull=True)


class RightsReminder(models.Model):
    """An alert that rights will lapse (or have lapsed): created once per procedure and deadline."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("rappel"), max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField(_("échéance"))
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(_("prévenu·e le"), null=True, blank=True)
    done_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("rappel de renouvellement")
        verbose_name_plural = _("rappels de renouvellement")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "kind", "due_on"], name="rights_reminder_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReminderKind.values), name="rights_reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.due_on:%d/%m/%Y}"
