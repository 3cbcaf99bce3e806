from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportText(models.Model):
    """The qualitative part of an annual report, written by the fund's mediator or director."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="annual_report_texts"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    highlights = models.TextField(_("faits marquants de l'année"), blank=True)
    improvement_actions = models.TextField(_("actions d'amélioration menées ou proposées"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("texte du rapport annuel")
        verbose_name_plural = _("textes des rapports annuels")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="annual_report_text_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
