"""The public page of an organisation's figures: tables of open data it chose, readable without
an account once it is switched on, each masked like every open data table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.opendata.tables import split_dimensions


class PublicPage(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name=_("organisation"),
    )
    enabled = models.BooleanField(_("page publique en ligne"), default=False)
    introduction = models.TextField(_("présentation"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page publique de chiffres")
        verbose_name_plural = _("pages publiques de chiffres")

    def __str__(self) -> str:
        return str(self.organisation)


class PublicFigure(models.Model):
    """A table of the public page, over the months up to the day it is read."""

    page = models.ForeignKey(PublicPage, on_delete=models.CASCADE, related_name="figures")
    title = models.CharField(_("titre"), max_length=200)
    dimensions = models.CharField(_("dimensions"), max_length=200)
    months = models.PositiveSmallIntegerField(_("sur les derniers mois"), default=12)
    threshold = models.PositiveSmallIntegerField(_("seuil"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tableau public")
        verbose_name_plural = _("tableaux publics")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=1) & models.Q(months__lte=120),
                name="public_figure_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def dimension_list(self) -> list[str]:
        return split_dimensions(self.dimensions)
