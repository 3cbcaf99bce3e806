"""Codes of participation (DOMAIN.md §3): meetings with the people, and the troubles they express."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    EXCHANGE_SPACE = "exchange_space", _("Espace d'échange")
    USERS_GROUP = "users_group", _("Réunion du groupe d'usagers")


class Trouble(models.TextChoices):
    """Difficulties with the health system, as the people express them (counted for advocacy)."""

    NO_GP = "no_gp", _("Pas de médecin traitant qui accepte de nouveaux patients")
    DELAYS = "delays", _("Délais pour obtenir un rendez-vous")
    DISTANCE = "distance", _("Distance, absence de transport")
    COST = "cost", _("Coût : avance de frais, dépassements, reste à charge")
    CARE_REFUSAL = "care_refusal", _("Refus de soins (C2S, AME)")
    DIGITAL_ONLY = "digital_only", _("Démarches seulement en ligne")
    SERVICE_CLOSURE = "service_closure", _("Fermeture ou éloignement des services publics")
    ADMINISTRATIVE = "administrative", _("Complexité et lenteur administratives")
    RECEPTION = "reception", _("Accueil, jugement, discrimination")
    LANGUAGE = "language", _("Langue, compréhension")
    INFORMATION = "information", _("Manque d'information sur les droits et l'offre de soins")
    OTHER = "other", _("Autre")
