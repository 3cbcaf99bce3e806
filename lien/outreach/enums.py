"""Codes of outreach (DOMAIN.md §3): kinds of sessions and topics of a contact."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    PERMANENCE = "permanence", _("Permanence")
    HOME_VISIT = "home_visit", _("Visite à domicile")
    FOOD_DISTRIBUTION = "food_distribution", _("Distribution alimentaire")
    STREET = "street", _("Rue, espace public")


class Topic(models.TextChoices):
    """What a contact was about (short labels: they are tapped on a phone)."""

    RIGHTS = "rights", _("Droits santé")
    CARE_ACCESS = "care_access", _("Accès aux soins")
    APPOINTMENT = "appointment", _("Rendez-vous")
    PREVENTION = "prevention", _("Prévention, dépistage")
    SEXUAL_HEALTH = "sexual_health", _("Santé sexuelle")
    PSYCHOACTIVE = "psychoactive", _("Produits, RdR")
    MENTAL_HEALTH = "mental_health", _("Moral, écoute")
    ORIENTATION = "orientation", _("Orientation")
    DIGITAL = "digital", _("Aide numérique")
    LIVING = "living", _("Logement, alimentation")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Autre")
