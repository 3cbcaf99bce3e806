"""Therapeutic education workshops (ETP, DOMAIN.md §4: patient partners run them): a programme of
an organisation, its sessions (date, place, theme from a closed list, facilitators — professionals
of the organisation and patient partners —, capacity), the registration of a person to the
programme with their consent to take part, and the attendance at each session. No field holds
medical information: a theme is a code, a place is where the group meets."""

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.partners.enums import Pathology
from lien.workshops.enums import AttendanceStatus, SessionTheme

TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 2000
PLACE_LENGTH = 200
SESSION_MAX_MINUTES = 600
MAX_CAPACITY = 100


class WorkshopProgrammeQuerySet(models.QuerySet["WorkshopProgramme"]):
    def visible_to(self, user: User) -> "WorkshopProgrammeQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.WORKSHOPS_VIEW))


class WorkshopProgramme(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="workshop_programmes",
    )
    title = models.CharField(_("titre"), max_length=TITLE_LENGTH)
    description = models.TextField(
        _("présentation"),
        max_length=DESCRIPTION_LENGTH,
        blank=True,
        help_text=_("Les objectifs et le public du programme ; jamais d'information sur une personne."),
    )
    pathology = models.CharField(
        _("pathologie"), max_length=20, choices=Pathology.choices, blank=True, help_text=_("Facultatif.")
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True, help_text=_("Vide : sans terme."))
    active = models.BooleanField(_("ouvert aux inscriptions"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkshopProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme d'ateliers")
        verbose_name_plural = _("programmes d'ateliers")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="workshop_programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(pathology__in=[*Pathology.values, ""]), name="workshop_programme_pathology_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Programme d'ateliers n°{self.pk}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class WorkshopSessionQuerySet(models.QuerySet["WorkshopSession"]):
    def visible_to(self, user: User) -> "WorkshopSessionQuerySet":
        return self.filter(programme__organisation_id__in=organisation_ids_for(user, Perm.WORKSHOPS_VIEW))

    def facilitated_by(self, user: User) -> "WorkshopSessionQuerySet":
        """The sessions a patient partner facilitates, through the registry's profile linked to
        their account, in the organisations where they hold ``workshops.facilitate``."""
        return self.filter(
            programme__organisation_id__in=organisation_ids_for(user, Perm.WORKSHOPS_FACILITATE),
            partners__user_id=getattr(user, "pk", None),
        ).distinct()


class WorkshopSession(models.Model):
    programme = models.ForeignKey(
        WorkshopProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), help_text=_("De 1 à 600 minutes.")
    )
    place = models.CharField(_("lieu"), max_length=PLACE_LENGTH)
    theme = models.CharField(_("thème"), max_length=20, choices=SessionTheme.choices)
    capacity = models.PositiveSmallIntegerField(_("places"), help_text=_("De 1 à 100 personnes."))
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professionnel·les"),
        blank=True,
        related_name="facilitated_workshop_sessions",
    )
    partners = models.ManyToManyField(
        "partners.PatientPartner",
        verbose_name=_("patient·es partenaires"),
        blank=True,
        related_name="workshop_sessions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkshopSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance d'atelier")
        verbose_name_plural = _("séances d'atelier")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=SESSION_MAX_MINUTES),
                name="workshop_session_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="workshop_session_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(theme__in=SessionTheme.values), name="workshop_session_theme_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Séance d'atelier n°{self.pk}"

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())


def in_force_condition(on: date, prefix: str = "") -> Q:
    """A registration in force on a day: recorded that day or before, not withdrawn by then. A
    withdrawn registration stays in force for the days before its withdrawal (the figures of the
    sessions held then), without its person."""
    return Q(**{f"{prefix}registered_on__lte": on}) & (
        Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": on})
    )


class WorkshopRegistrationQuerySet(models.QuerySet["WorkshopRegistration"]):
    def visible_to(self, user: User) -> "WorkshopRegistrationQuerySet":
        return self.filter(programme__organisation_id__in=organisation_ids_for(user, Perm.WORKSHOPS_VIEW))

    def active(self) -> "WorkshopRegistrationQuerySet":
        """Not withdrawn: the person still takes part."""
        return self.filter(withdrawn_on__isnull=True)

    def in_force(self, on: date) -> "WorkshopRegistrationQuerySet":
        return self.filter(in_force_condition(on))


class WorkshopRegistration(models.Model):
    """A person registered to a programme, with their consent to take part: the date, the version
    of the text read out, who recorded it. Withdrawn, it loses its person (``person`` is emptied):
    the sessions held before count it still, as a number."""

    programme = models.ForeignKey(
        WorkshopProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshop_registrations",
    )
    registered_on = models.DateField(_("inscrit·e le"))
    consented_on = models.DateField(_("consentement donné le"))
    consent_information_version = models.CharField(_("version du texte d'information"), max_length=20)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consentement noté par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(_("consentement noté le"), auto_now_add=True)
    withdrawn_on = models.DateField(_("retrait le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = WorkshopRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à un programme d'ateliers")
        ordering = ["registered_on", "pk"]
        constraints = [
            # Once per programme (a withdrawn registration has no person: one may register again).
            models.UniqueConstraint(fields=["programme", "person"], name="workshop_registration_unique"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(withdrawn_on__isnull=False),
                name="workshop_registration_person_until_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(consented_on__lte=models.F("registered_on")),
                name="workshop_registration_consent_first",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("registered_on")),
                name="workshop_registration_withdrawn_after",
            ),
        ]

    def __str__(self) -> str:
        # What the journal keeps: a number, never the person's name.
        return f"Inscription à un atelier n°{self.pk}"

    @property
    def journal_repr(self) -> str:
        return str(self)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


class WorkshopAttendance(models.Model):
    """Whether a registered person came to a session that has started."""

    registration = models.ForeignKey(
        WorkshopRegistration, on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence à une séance")
        ordering = ["session", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="workshop_attendance_unique"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="workshop_attendance_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Présence n°{self.pk}"
