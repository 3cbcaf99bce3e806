from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.lib.text import search_key


class CommuneQuerySet(models.QuerySet["Commune"]):
    def search(self, query: str, limit: int = 20) -> "CommuneQuerySet":
        """Communes whose name, postal code or INSEE code starts with the query, biggest first."""
        query = (query or "").strip()
        if not query:
            return self.none()
        if query[:2].isdigit() or query[:2].upper() in {"2A", "2B"}:
            # postal_codes is space-separated: match the start of any of them, not their middle.
            by_code = (
                models.Q(insee_code__istartswith=query)
                | models.Q(postal_codes__startswith=query)
                | models.Q(postal_codes__contains=" " + query)
            )
            return self.filter(by_code).order_by("-population", "name")[:limit]
        key = search_key(query)
        return self.filter(search_name__startswith=key).order_by("-population", "name")[:limit]


class Commune(models.Model):
    """A current commune of France (INSEE's Code officiel géographique)."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    departement = models.CharField(_("département"), max_length=3, db_index=True)
    departement_name = models.CharField(_("nom du département"), max_length=60)
    region = models.CharField(_("région"), max_length=3)
    region_name = models.CharField(_("nom de la région"), max_length=60)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # The centroid and the simplified outline of IGN's ADMIN EXPRESS (Licence Ouverte 2.0), shipped
    # in data/communes-geo.csv.gz (data/build_geometry.py says how it is made): none for a commune
    # the file does not know (overseas collectivities, a few new communes).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Encoded polylines (precision 4: ``lib/polyline.py``) of its parts, separated by a space.
    outline = models.TextField(_("contour"), blank=True, editable=False)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="commune_coordinates_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement})"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def label(self) -> str:
        """The text shown and accepted by the commune field: ``Quillan — 11500 (11304)``."""
        first_postal_code = self.postal_codes.split(" ")[0] if self.postal_codes else ""
        return f"{self.name} — {first_postal_code} ({self.insee_code})"


class TerritoryCommune(models.Model):
    """A commune of the territory an organisation's programme covers (the 86 communes of the Haute
    Vallée de l'Aude): the programme report counts the communes reached out of these."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("commune du territoire")
        verbose_name_plural = _("communes du territoire")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "commune"], name="territory_commune_once")
        ]

    def __str__(self) -> str:
        return str(self.commune)
