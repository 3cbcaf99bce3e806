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
    """How the patient signed: a paper form scanned, or on screen — the signature drawn with the
    finger or the mouse, the full name typed, the moment kept."""

    SCAN = "scan", _("Consentement papier signé, numérisé")
    ON_SCREEN = "drawn", _("Signature dessinée à l'écran, avec le nom complet")


class EndReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Retrait du ou de la patient·e")
    ENDED = "ended", _("Fin de l'accompagnement")


class MeetingMode(models.TextChoices):
    """How a patient partner met the patient they accompany."""

    IN_PERSON = "in_person", _("En personne")
    PHONE = "phone", _("Par téléphone")
    VIDEO = "video", _("En visioconférence")


class MeetingTheme(models.TextChoices):
    """What a meeting was about, from a closed list: the partner's log holds no words about the
    patient's health (seed 003: the partner is neither a professional nor told anything)."""

    CARE_PATH = "care_path", _("Comprendre le parcours de soins")
    CONSULTATION = "consultation", _("Préparer une consultation")
    DAILY_LIFE = "daily_life", _("Le quotidien avec la maladie")
    ADMINISTRATIVE = "administrative", _("Démarches administratives")
    MORALE = "morale", _("Isolement et moral")
    OTHER = "other", _("Autre")


class DifficultyKind(models.TextChoices):
    """What a patient partner signals to the mediators about an accompaniment."""

    UNREACHABLE = "unreachable", _("Le ou la patient·e est injoignable")
    NEEDS_HELP = "needs_help", _("Besoin de l'aide du ou de la médiateur·rice")
    WISHES_TO_STOP = "wishes_to_stop", _("Le ou la patient·e souhaite arrêter")
    OTHER = "other", _("Autre")
