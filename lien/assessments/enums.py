"""Codes of a needs assessment (DOMAIN.md §3), counted by the activity report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Barrier(models.TextChoices):
    """Barriers to care."""

    NO_COVERAGE = "no_coverage", _("Droits : pas de couverture maladie")
    NO_COMPLEMENTARY = "no_complementary", _("Droits : pas de complémentaire (C2S)")
    NO_GP = "no_gp", _("Droits : pas de médecin traitant")
    FINANCIAL = "financial", _("Financier (avance de frais, reste à charge)")
    MOBILITY = "mobility", _("Mobilité, distance")
    DIGITAL = "digital", _("Numérique")
    LANGUAGE = "language", _("Langue")
    ADMINISTRATIVE = "administrative", _("Administratif (complexité des démarches)")
    ISOLATION = "isolation", _("Isolement")
    PSYCHOLOGICAL = "psychological", _("Psychologique (découragement, rupture de soins)")


# The three "rights" barriers are grouped under one heading in the report.
RIGHTS_BARRIERS = frozenset({Barrier.NO_COVERAGE, Barrier.NO_COMPLEMENTARY, Barrier.NO_GP})


class Need(models.TextChoices):
    """Social and health needs expressed or identified."""

    HEALTH_COVERAGE = "health_coverage", _("Ouvrir ou renouveler des droits santé")
    FIND_GP = "find_gp", _("Trouver un médecin traitant")
    SPECIALIST = "specialist", _("Consulter un spécialiste")
    DENTAL = "dental", _("Soins dentaires")
    VISION_HEARING = "vision_hearing", _("Vue, audition")
    MENTAL_HEALTH = "mental_health", _("Santé mentale, soutien psychologique")
    ADDICTION = "addiction", _("Addictions, réduction des risques")
    SEXUAL_HEALTH = "sexual_health", _("Santé sexuelle et reproductive")
    CHRONIC_FOLLOWUP = "chronic_followup", _("Suivi d'une maladie chronique")
    SCREENING = "screening", _("Dépistage, vaccination, prévention")
    HOUSING = "housing", _("Logement, hébergement")
    FOOD = "food", _("Alimentation")
    INCOME = "income", _("Ressources, aides financières")
    TRANSPORT = "transport", _("Transport, mobilité")
    DIGITAL_ACCESS = "digital_access", _("Accès au numérique")
    ADMINISTRATIVE_PAPERS = "administrative_papers", _("Papiers, démarches administratives")
    SOCIAL_SUPPORT = "social_support", _("Accompagnement social")
    INTERPRETING = "interpreting", _("Interprétariat")
    OTHER = "other", _("Autre")
