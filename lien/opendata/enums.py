"""Codes of the open data tables (INTERFACES.md « Open data »). Named after the app
(``OpenDataDimension``): the OpenAPI schema names an enum after its class."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.lib.suppression import MARGIN as MARGIN


class OpenDataPopulation(models.TextChoices):
    """What a table counts: distinct people met (community mediation) or saisines (a fund)."""

    PEOPLE = "people", _("Personnes accompagnées")
    SAISINES = "saisines", _("Saisines reçues")


class OpenDataDimension(models.TextChoices):
    COMMUNE = "commune", _("Commune (code INSEE)")
    DEPARTEMENT = "departement", _("Département")
    AGE_BAND = "age_band", _("Tranche d'âge")
    GENDER = "gender", _("Genre")
    COVERAGE = "coverage", _("Couverture maladie")
    BARRIER = "barrier", _("Frein à l'accès aux soins")
    OUTCOME = "outcome", _("Suite (des orientations ou de la saisine)")
    MONTH = "month", _("Mois")
    CHANNEL = "channel", _("Canal de la saisine")
    PROCESS = "process", _("Processus de la saisine")


Population = OpenDataPopulation  # the short names inside the app
Dimension = OpenDataDimension

# The dimensions that exist for one population only.
ONLY_FOR: dict[str, str] = {
    Dimension.BARRIER: Population.PEOPLE,
    Dimension.CHANNEL: Population.SAISINES,
    Dimension.PROCESS: Population.SAISINES,
}

# Besides the margin (``MARGIN``, all values of a dimension), the values that are not codes of
# the domain.
UNKNOWN = "inconnu"  # blank in the file
NONE = "aucun"  # a person with no barrier recorded, no orientation in the period
OPEN = "en_cours"  # the outcome of a saisine still open
