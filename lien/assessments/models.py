from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.assessments.enums import Barrier, Need
from lien.lib.encrypted import EncryptedCharField, EncryptedTextField


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: User | AnonymousUser) -> "AssessmentQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.ASSESSMENT_VIEW))


class Assessment(models.Model):
    """A needs assessment of a person at a date; repeated over time and compared."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("date de l'évaluation"))
    # 11 answers (true = oui, false = non), or an empty list when the questions were not asked.
    epices_answers = models.JSONField(_("réponses EPICES"), default=list, blank=True)
    epices_score = models.DecimalField(
        _("score EPICES"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    epices_precarious = models.BooleanField(_("en situation de précarité (EPICES)"), null=True, blank=True)
    priority_need = models.CharField(
        _("ce que la personne veut faire en premier"), max_length=30, choices=Need.choices, blank=True
    )
    priority_words = EncryptedCharField(_("dans ses mots"), max_length=300, blank=True)
    # Health text: encrypted at rest (lien/lib/encrypted.py), as the words above.
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation des besoins")
        verbose_name_plural = _("évaluations des besoins")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["organisation", "assessed_on"], name="assessment_org_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(epices_score__isnull=True)
                | models.Q(epices_score__gte=0, epices_score__lte=100),
                name="assessment_epices_range",
            ),
            models.CheckConstraint(
                condition=models.Q(epices_score__isnull=True, epices_precarious__isnull=True)
                | models.Q(epices_score__isnull=False, epices_precarious__isnull=False),
                name="assessment_precarious_with_score",
            ),
            models.CheckConstraint(
                condition=models.Q(priority_need__in=[*Need.values, ""]), name="assessment_priority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation du {self.assessed_on:%d/%m/%Y}"


class AssessmentBarrier(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="barriers")
    barrier = models.CharField(_("frein"), max_length=30, choices=Barrier.choices)

    class Meta:
        verbose_name = _("frein à l'accès aux soins")
        verbose_name_plural = _("freins à l'accès aux soins")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "barrier"], name="assessment_barrier_unique"),
            models.CheckConstraint(
                condition=models.Q(barrier__in=Barrier.values), name="assessment_barrier_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_barrier_display()


class AssessmentNeed(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(_("besoin"), max_length=30, choices=Need.choices)

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "need"], name="assessment_need_unique"),
            models.CheckConstraint(condition=models.Q(need__in=Need.values), name="assessment_need_valid"),
        ]

    def __str__(self) -> str:
        return self.get_need_display()
