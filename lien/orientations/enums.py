"""Codes of an orientation to a partner structure (DOMAIN.md §3). The lifecycle of its outcome
is in ``workflow.py``.

Each class the API exposes is named after the orientation (``OrientationOutcome``): the OpenAPI
schema names an enum after its class, and saisines have an ``Outcome`` too. Inside the app, the
short name is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrientationStructureKind(models.TextChoices):
    GP = "gp", _("Médecin généraliste, maison de santé")
    SPECIALIST = "specialist", _("Médecin spécialiste")
    HOSPITAL = "hospital", _("Hôpital (consultations, urgences)")
    PASS = "pass", _("PASS (permanence d'accès aux soins de santé)")
    CEGIDD = "cegidd", _("CeGIDD (dépistage, santé sexuelle)")
    MENTAL_HEALTH = "mental_health", _("Santé mentale (CMP, psychologue)")
    ADDICTION = "addiction", _("Addictologie (CSAPA, CAARUD)")
    DENTAL = "dental", _("Dentiste")
    SOCIAL_SERVICE = "social_service", _("Service social (CCAS, MDS, assistant·e social·e)")
    HEALTH_INSURANCE = "health_insurance", _("Assurance Maladie (CPAM, MSA)")
    DIGITAL_ACCESS = "digital_access", _("France Services, accès au numérique")
    FAMILY_PLANNING = "family_planning", _("PMI, planning familial")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Autre")


StructureKind = OrientationStructureKind  # the short name inside the app


class OrientationOutcome(models.TextChoices):
    PENDING = "pending", _("En attente")
    WENT = "went", _("La personne y est allée")
    DID_NOT_GO = "did_not_go", _("La personne n'y est pas allée")
    REFUSED = "refused", _("Refusée par la structure")
    WAITING_LIST = "waiting_list", _("Liste d'attente")


Outcome = OrientationOutcome  # the short name inside the app

FAILED_OUTCOMES = {Outcome.DID_NOT_GO, Outcome.REFUSED}
# Whether the person went is still to be known (a waiting list is news, not the outcome).
OPEN_OUTCOMES = {Outcome.PENDING, Outcome.WAITING_LIST}


class OrientationDifficulty(models.TextChoices):
    """Why an orientation failed: what feeds the partnership file (the directory's
    ``OrientationDifficulty`` rows)."""

    NO_APPOINTMENT = "no_appointment", _("Pas de rendez-vous disponible, délai trop long")
    DISTANCE = "distance", _("Distance, pas de moyen de transport")
    COST = "cost", _("Coût, avance de frais, dépassements d'honoraires")
    RIGHTS = "rights", _("Droits non ouverts (pas de couverture, pas de C2S)")
    CARE_REFUSAL = "care_refusal", _("Refus de soins (C2S, AME)")
    LANGUAGE = "language", _("Langue, pas d'interprète")
    ADMINISTRATIVE = "administrative", _("Documents ou démarches demandés")
    NOT_COMPETENT = "not_competent", _("Structure non compétente pour cette demande")
    PERSON_CHOICE = "person_choice", _("Choix de la personne, pas prête")
    HEALTH = "health", _("État de santé, hospitalisation")
    OTHER = "other", _("Autre")


Difficulty = OrientationDifficulty  # the short name inside the app

# Kind of structure of a directory typology (data·inclusion codes and Lien's health ones).
TYPOLOGY_KINDS: dict[str, str] = {
    "PASS": StructureKind.PASS,
    "CEGIDD": StructureKind.CEGIDD,
    "CDS": StructureKind.GP,
    "MSP": StructureKind.GP,
    "CH": StructureKind.HOSPITAL,
    "PMI": StructureKind.FAMILY_PLANNING,
    "CMP": StructureKind.MENTAL_HEALTH,
    "CSAPA": StructureKind.ADDICTION,
    "CAARUD": StructureKind.ADDICTION,
    "CCAS": StructureKind.SOCIAL_SERVICE,
    "CIAS": StructureKind.SOCIAL_SERVICE,
    "CDAS": StructureKind.SOCIAL_SERVICE,
    "MDS": StructureKind.SOCIAL_SERVICE,
    "CMS": StructureKind.SOCIAL_SERVICE,
    "CPAM": StructureKind.HEALTH_INSURANCE,
    "MSA": StructureKind.HEALTH_INSURANCE,
    "MSAP": StructureKind.DIGITAL_ACCESS,
    "PIMMS": StructureKind.DIGITAL_ACCESS,
    "EPN": StructureKind.DIGITAL_ACCESS,
    "ASSO": StructureKind.ASSOCIATION,
}

# The directory's kind of difficulty for each reason an orientation failed.
DIRECTORY_DIFFICULTY: dict[str, str] = {
    Difficulty.NO_APPOINTMENT: "waiting_list",
    Difficulty.CARE_REFUSAL: "refused",
    Difficulty.RIGHTS: "not_eligible",
    Difficulty.NOT_COMPETENT: "not_eligible",
    Difficulty.ADMINISTRATIVE: "not_eligible",
}
