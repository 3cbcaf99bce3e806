"""Codes of prevention (DOMAIN.md §3): advice topics, rapid tests and linkage to care."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    SEXUAL_HEALTH = "sexual_health", _("Santé sexuelle et reproductive (contraception, IST)")
    PSYCHOACTIVE = "psychoactive", _("Produits psychoactifs, réduction des risques")
    VACCINATION = "vaccination", _("Vaccination")
    CANCER_SCREENING = "cancer_screening", _("Dépistage des cancers")
    NUTRITION = "nutrition", _("Alimentation, activité physique")
    MENTAL_HEALTH = "mental_health", _("Santé mentale, sommeil, stress")
    ORAL_HEALTH = "oral_health", _("Santé bucco-dentaire")
    CHRONIC_DISEASE = "chronic_disease", _("Maladies chroniques (diabète, tension)")
    OTHER = "other", _("Autre")


class TestKind(models.TextChoices):
    HIV = "hiv", _("TROD VIH")
    HCV = "hcv", _("TROD VHC")


class TestResult(models.TextChoices):
    NON_REACTIVE = "non_reactive", _("Non réactif")
    REACTIVE = "reactive", _("Réactif")
    INVALID = "invalid", _("Invalide")


class LinkageStructure(models.TextChoices):
    CEGIDD = "cegidd", _("CeGIDD")
    PASS = "pass", _("PASS du centre hospitalier")
    INFECTIOUS_DISEASES = "infectious_diseases", _("Service des maladies infectieuses")
    GP = "gp", _("Médecin traitant")
    OTHER = "other", _("Autre")


class LinkageStatus(models.TextChoices):
    """Where the person stands on the way to care after a reactive result (a result that is not
    reactive stays ``NOT_ORIENTED``). The actions that move it are in ``workflow.LINKAGES``."""

    NOT_ORIENTED = "", _("Pas encore orienté·e vers le soin")
    ORIENTED = "oriented", _("Orienté·e vers le soin")
    SEEN = "seen", _("Reçu·e par la structure de soins")
    CONFIRMED = "confirmed", _("Diagnostic confirmé, prise en charge")
    NOT_CONFIRMED = "not_confirmed", _("Résultat non confirmé")
    LOST = "lost", _("Perdu·e de vue")


# Reached care: what the linkage rate counts.
LINKED = {LinkageStatus.SEEN, LinkageStatus.CONFIRMED, LinkageStatus.NOT_CONFIRMED}
