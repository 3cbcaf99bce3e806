"""The follow-up of a person: referent and next contact, contacts, goals and their actions,
and the examinations and consultations prescribed by the doctor (medical information)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.followup.enums import (
    DEFAULT_REMINDER_DAYS_BEFORE,
    DEFAULT_RUPTURE_DAYS,
    ActionOwner,
    ContactChannel,
    EndReason,
    FollowupStatus,
    GoalStatus,
    PrescriptionKind,
)
from lien.lib.encrypted import EncryptedCharField


class FollowupSettings(models.Model):
    """Per organisation: when a silence becomes a rupture, and when reminders leave."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="followup_settings"
    )
    rupture_days = models.PositiveSmallIntegerField(
        _("alerte de rupture de suivi après (jours sans contact)"), default=DEFAULT_RUPTURE_DAYS
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("rappel des rendez-vous (jours avant)"), default=DEFAULT_REMINDER_DAYS_BEFORE
    )
    contact_phone = models.CharField(
        _("téléphone de l'équipe"),
        max_length=30,
        blank=True,
        help_text=_("Imprimé sur les cartes de rendez-vous et écrit dans les rappels."),
    )

    class Meta:
        verbose_name = _("paramètres du suivi")
        verbose_name_plural = _("paramètres du suivi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rupture_days__gte=7, rupture_days__lte=730),
                name="followup_settings_rupture_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_days_before__gte=1, reminder_days_before__lte=14),
                name="followup_settings_reminder_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.rupture_days} j"


class FollowupQuerySet(models.QuerySet["Followup"]):
    def visible_to(self, user) -> "FollowupQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))

    def active(self) -> "FollowupQuerySet":
        return self.filter(status=FollowupStatus.ACTIVE)


class Followup(models.Model):
    """A person followed over time by their organisation (one per person)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="followup"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=FollowupStatus.choices, default=FollowupStatus.ACTIVE
    )
    started_on = models.DateField(_("suivi depuis le"))
    next_contact_on = models.DateField(_("prochain contact le"), null=True, blank=True)
    ended_on = models.DateField(_("terminé le"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=20, choices=EndReason.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowupQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        indexes = [models.Index(fields=["organisation", "status", "next_contact_on"], name="followup_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=FollowupStatus.ACTIVE, ended_on__isnull=True, end_reason="")
                | models.Q(status=FollowupStatus.ENDED, ended_on__isnull=False),
                name="followup_ended_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=FollowupStatus.values), name="followup_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Suivi de {self.person}"


class Contact(models.Model):
    """A contact with the person outside a permanence: a call, a visit, a message (reached or not)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="followup_contacts",
        verbose_name=_("personne"),
    )
    on = models.DateField(_("date"))
    channel = models.CharField(_("moyen"), max_length=20, choices=ContactChannel.choices)
    reached = models.BooleanField(
        _("personne jointe"), default=True, help_text=_("Décochez pour une tentative restée sans réponse.")
    )
    # What was said may be health information: encrypted at rest (lien/lib/encrypted.py).
    note = EncryptedCharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact de suivi")
        verbose_name_plural = _("contacts de suivi")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "-on"], name="followup_contact_person_on")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} — {self.on:%d/%m/%Y}"


class GoalQuerySet(models.QuerySet["Goal"]):
    def visible_to(self, user) -> "GoalQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))


class Goal(models.Model):
    """A goal agreed with the person ("refaire ma carte Vitale", "retrouver un médecin traitant")."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="goals", verbose_name=_("personne")
    )
    title = models.CharField(_("objectif"), max_length=200)
    agreed_on = models.DateField(_("convenu le"))
    status = models.CharField(_("statut"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["status", "-agreed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=GoalStatus.OPEN, closed_on__isnull=True)
                | models.Q(status__in=[GoalStatus.ACHIEVED, GoalStatus.ABANDONED], closed_on__isnull=False),
                name="goal_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class GoalAction(models.Model):
    """A step towards a goal, and who takes it; ticked off when done."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=200)
    owner = models.CharField(_("qui s'en charge"), max_length=10, choices=ActionOwner.choices)
    due_on = models.DateField(_("pour le"), null=True, blank=True)
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return self.description


class PrescriptionQuerySet(models.QuerySet["Prescription"]):
    def visible_to(self, user) -> "PrescriptionQuerySet":
        """Medical information: the follow-up and the medical permission, in the same organisation."""
        ids = organisation_ids_for(user, Perm.FOLLOWUP_VIEW) & organisation_ids_for(user, Perm.MEDICAL_VIEW)
        return self.filter(organisation_id__in=ids)


class Prescription(models.Model):
    """An examination or a consultation prescribed by the doctor, ticked off once done."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="prescriptions", verbose_name=_("personne")
    )
    kind = models.CharField(_("type"), max_length=20, choices=PrescriptionKind.choices)
    # An examination names a health condition: encrypted at rest (lien/lib/encrypted.py).
    label = EncryptedCharField(
        _("intitulé"), max_length=200, help_text=_("Par exemple : prise de sang, cardiologue.")
    )
    prescriber = models.CharField(_("prescrit par"), max_length=150, blank=True)
    prescribed_on = models.DateField(_("prescrit le"), null=True, blank=True)
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PrescriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("examen ou consultation prescrit")
        verbose_name_plural = _("examens et consultations prescrits")
        ordering = ["done_on", "prescribed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PrescriptionKind.values), name="prescription_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ContactDay(models.Model):
    """A day the team met or reached a person, over every registered contact source
    (``sections.contact_source``): derived data, kept by ``followup.contact_days`` when a source
    row is saved or deleted, so that the last contact, the ruptures and « personnes accompagnées »
    read one indexed table instead of ten sources. It says only that a contact happened that day,
    never what it was."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = _("jour de contact")
        verbose_name_plural = _("jours de contact")
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="followup_contactday_unique")]
        indexes = [models.Index(fields=["day", "person"], name="followup_contactday_day")]

    def __str__(self) -> str:
        return f"{self.person_id} — {self.day:%d/%m/%Y}"
