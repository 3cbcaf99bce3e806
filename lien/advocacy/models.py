"""An advocacy dossier: pseudonymised words, each reviewed by a person, and masked figures,
assembled for a health authority or a municipality and printed as a PDF.

An excerpt never keeps the words it was taken from: only the pseudonymiser's proposal and the
text its reviewer validated. A testimony's excerpt goes with the testimony (a consent withdrawn
deletes both); a figure keeps only how to compute its table, never a count about anyone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.advocacy.enums import Source
from lien.opendata.tables import split_dimensions


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user) -> "DossierQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.ADVOCACY_DOSSIER))


class Dossier(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("titre"), max_length=200)
    recipient = models.CharField(
        _("destinataire"), max_length=200, help_text=_("Par exemple : ARS Occitanie.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier de plaidoyer")
        verbose_name_plural = _("dossiers de plaidoyer")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Excerpt(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="excerpts")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # The source, to show its words to a reviewer entitled to read them; the excerpt goes with it.
    testimony = models.ForeignKey(
        "participation.Testimony", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        "participation.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    saisine = models.ForeignKey(
        "saisines.Saisine", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois : le mois suffit."))
    proposal = models.TextField(_("proposition de pseudonymisation"))
    text = models.TextField(_("texte relu"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("relu le"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extrait")
        verbose_name_plural = _("extraits")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(source__in=Source.values), name="excerpt_source_valid"),
            models.CheckConstraint(
                condition=models.Q(reviewed_at__isnull=True) | ~models.Q(text=""),
                name="excerpt_reviewed_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} — {self.month:%m/%Y}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


class Figure(models.Model):
    """A table of open data in the dossier: computed when the dossier is printed, masked."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="figures")
    title = models.CharField(_("titre"), max_length=200)
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    dimensions = models.CharField(_("dimensions"), max_length=200)
    threshold = models.PositiveSmallIntegerField(_("seuil"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tableau chiffré")
        verbose_name_plural = _("tableaux chiffrés")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="figure_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def dimension_list(self) -> list[str]:
        return split_dimensions(self.dimensions)
