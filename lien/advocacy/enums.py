from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an excerpt of a dossier comes from."""

    TESTIMONY = "testimony", _("Témoignage")
    MEETING = "meeting", _("Compte rendu de rencontre")
    SAISINE = "saisine", _("Saisine")
    TEXT = "text", _("Texte libre")


# -- barriers and needs without answers (``needs.py``). Named after the page: the OpenAPI schema
# names an enum after its class.


class NeedsStep(models.TextChoices):
    """The step of the barriers' time line."""

    MONTH = "month", _("Mois")
    QUARTER = "quarter", _("Trimestre")


class NeedsMapMetric(models.TextChoices):
    """What the map of the territory shades its communes by."""

    BARRIERS = "barriers", _("Personnes ayant rencontré au moins un frein")
    UNMET = "unmet", _("Personnes ayant un besoin sans service à proximité")


class NeedsTable(models.TextChoices):
    """The tables of the page, each a CSV file (the slug is in its address)."""

    BARRIERS_BY_COMMUNE = "freins-communes", _("Freins par période et par commune")
    BARRIERS_BY_POPULATION = "freins-population", _("Freins par période et par population")
    OUTCOMES = "orientations", _("Suites des orientations par structure")
    UNMET = "besoins-sans-reponse", _("Besoins sans service à proximité")


class NeedsPopulation(models.TextChoices):
    """The populations the barriers are counted by."""

    AGE_BAND = "age_band", _("Tranche d'âge")
    GENDER = "gender", _("Genre")
    COVERAGE = "coverage", _("Couverture maladie")
