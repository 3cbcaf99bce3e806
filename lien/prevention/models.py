"""Prevention: advice given, rapid tests (TROD) with linkage to care, collective actions.

Test results are medical information: read them only through ``lien.prevention.access``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib.encrypted import EncryptedCharField
from lien.prevention.enums import LinkageStatus, LinkageStructure, TestKind, TestResult, Topic


class AdviceQuerySet(models.QuerySet["Advice"]):
    def visible_to(self, user) -> "AdviceQuerySet":
        """The follow-up team of the organisation, and whoever gave the advice."""
        return self.filter(
            models.Q(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))
            | models.Q(
                given_by_id=user.pk, organisation_id__in=organisation_ids_for(user, Perm.PREVENTION_RECORD)
            )
        )


class Advice(models.Model):
    """A piece of personalised prevention advice on one topic (one row per topic)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advice",
        help_text=_("Vide : conseil donné à une personne anonyme."),
    )
    given_on = models.DateField(_("date"))
    topic = models.CharField(_("thème"), max_length=20, choices=Topic.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("donné par"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conseil de prévention")
        verbose_name_plural = _("conseils de prévention")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(topic__in=Topic.values), name="advice_topic_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.given_on:%d/%m/%Y}"


class RapidTest(models.Model):
    """A rapid test (TROD): its result, and for a reactive one the linkage to care."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rapid_tests",
        help_text=_("Vide : dépistage anonyme."),
    )
    performed_on = models.DateField(_("réalisé le"))
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("réalisé par"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("test"), max_length=10, choices=TestKind.choices)
    result = models.CharField(_("résultat"), max_length=20, choices=TestResult.choices)
    linkage_structure = models.CharField(
        _("orienté·e vers"), max_length=30, choices=LinkageStructure.choices, blank=True
    )
    linkage_status = models.CharField(
        _("lien vers le soin"), max_length=20, choices=LinkageStatus.choices, blank=True
    )
    linkage_updated_on = models.DateField(_("lien vers le soin mis à jour le"), null=True, blank=True)
    # Health text: encrypted at rest (lien/lib/encrypted.py).
    linkage_note = EncryptedCharField(_("note sur le lien vers le soin"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test rapide (TROD)")
        verbose_name_plural = _("tests rapides (TROD)")
        ordering = ["-performed_on", "-id"]
        indexes = [models.Index(fields=["organisation", "performed_on"], name="rapid_test_org_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TestKind.values), name="rapid_test_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=TestResult.values), name="rapid_test_result_valid"
            ),
            # Only a reactive result is linked to care; a linkage names where the person went.
            models.CheckConstraint(
                condition=models.Q(result=TestResult.REACTIVE)
                | models.Q(linkage_status="", linkage_structure=""),
                name="rapid_test_linkage_only_if_reactive",
            ),
            models.CheckConstraint(
                condition=models.Q(linkage_status="", linkage_updated_on__isnull=True)
                | (~models.Q(linkage_status="") & ~models.Q(linkage_structure="")),
                name="rapid_test_linkage_has_structure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.performed_on:%d/%m/%Y}"


class CollectiveActionQuerySet(models.QuerySet["CollectiveAction"]):
    def visible_to(self, user) -> "CollectiveActionQuerySet":
        ids = organisation_ids_for(user, Perm.FOLLOWUP_VIEW) | organisation_ids_for(
            user, Perm.PREVENTION_RECORD
        )
        return self.filter(organisation_id__in=ids)


class CollectiveAction(models.Model):
    """A collective health promotion action (workshop, stand, information session)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    theme = models.CharField(_("thème"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    partners = models.CharField(_("partenaires"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance = models.PositiveSmallIntegerField(_("nombre de participant·es"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CollectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action collective")
        verbose_name_plural = _("actions collectives")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theme__in=Topic.values), name="collective_action_theme_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance__lte=10000), name="collective_action_attendance_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title
