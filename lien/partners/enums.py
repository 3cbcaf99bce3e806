from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathology(models.TextChoices):
    """The lived experience of a partner, as codes to match a partner with a patient."""

    DIABETES = "diabetes", _("Diabète")
    HIV = "hiv", _("VIH")
    CANCER = "cancer", _("Cancer")
    MENTAL_HEALTH = "mental_health", _("Santé mentale")
    CARDIOVASCULAR = "cardiovascular", _("Maladies cardio-vasculaires")
    KIDNEY_FAILURE = "kidney_failure", _("Insuffisance rénale")
    RESPIRATORY = "respiratory", _("Maladies respiratoires")
    ADDICTIONS = "addictions", _("Addictions")
    RARE_DISEASE = "rare_disease", _("Maladies rares")
    OTHER = "other", _("Autre")


class TrainingKind(models.TextChoices):
    """The two ways a patient partner is trained today (Cnom 2025)."""

    UNIVERSITY = "university", _("Formation universitaire (DU/DIU)")
    ASSOCIATION = "association", _("Association agréée")


class Framework(models.TextChoices):
    """The framework of a partner's convention with the establishment or the network."""

    VOLUNTEER = "volunteer", _("Bénévole")
    COMPENSATED = "compensated", _("Indemnisée")
    PAID = "paid", _("Rémunérée")


class AccompanimentStatus(models.TextChoices):
    """Where the proposal of a patient partner to a patient stands (``workflow.ACCOMPANIMENTS``)."""

    PROPOSED = "proposed", _("Proposé")
    CONSENTED = "consented", _("Consentement signé")
    CONTACTED = "contacted", _("Contact pris")
    ENDED = "ended", _("Terminé")


class ConsentMethod(models.TextChoices):
    """How the patient signed. A signature drawn on screen is not built yet: « à l'écran » records
    the full name the patient types and the moment, and says so."""

    SCAN = "scan", _("Consentement papier signé, numérisé")
    ON_SCREEN = "drawn", _("Signature à l'écran (nom complet saisi par le ou la patient·e)")


class EndReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Retrait du ou de la patient·e")
    ENDED = "ended", _("Fin de l'accompagnement")
