from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.improvements.enums import ANSWERED_STATUSES, SENT_STATUSES, Kind, Status


class ImprovementProposalQuerySet(models.QuerySet["ImprovementProposal"]):
    def visible_to(self, user) -> "ImprovementProposalQuerySet":
        """Those of the funds whose saisines the user reads (the evidence is saisines)."""
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.SAISINE_VIEW))


class ImprovementProposal(models.Model):
    """A dysfunction alert or a proposal to improve the regulation, tracked to its answer."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="improvement_proposals",
        verbose_name=_("caisse"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("constat et proposition"), blank=True)
    saisines = models.ManyToManyField(
        "saisines.Saisine", blank=True, related_name="improvement_proposals", verbose_name=_("saisines")
    )
    sent_to = models.CharField(_("transmise à"), max_length=200, blank=True)
    sent_on = models.DateField(_("transmise le"), null=True, blank=True)
    answer = models.TextField(_("réponse"), blank=True)
    answered_on = models.DateField(_("réponse reçue le"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ImprovementProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition d'amélioration")
        verbose_name_plural = _("propositions d'amélioration")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="improvement_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="improvement_kind_valid"),
            models.CheckConstraint(
                condition=~models.Q(status__in=sorted(SENT_STATUSES)) | models.Q(sent_on__isnull=False),
                name="improvement_sent_has_date",
                violation_error_message=_("Indiquez la date de transmission."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=sorted(ANSWERED_STATUSES))
                | models.Q(answered_on__isnull=False),
                name="improvement_answered_has_date",
                violation_error_message=_("Indiquez la date de la réponse."),
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(sent_on__isnull=True)
                | models.Q(answered_on__gte=models.F("sent_on")),
                name="improvement_answered_after_sent",
                violation_error_message=_("La réponse ne peut précéder la transmission."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="improvement_org_status")]

    def __str__(self) -> str:
        return self.title
