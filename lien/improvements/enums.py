"""Improvement proposals and dysfunction alerts raised by the mediator (DOMAIN.md §2.9). The
lifecycle of a proposal is in ``workflow.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DYSFUNCTION = "dysfunction", _("Alerte sur un dysfonctionnement")
    REGULATION = "regulation", _("Proposition d'amélioration de la réglementation")


class Status(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SENT = "sent", _("Transmise")
    ANSWERED = "answered", _("Réponse reçue")
    IMPLEMENTED = "implemented", _("Mise en œuvre")
    REJECTED = "rejected", _("Non retenue")


# Statuses that need the proposal to have been sent, and those that need an answer date.
SENT_STATUSES = {Status.SENT, Status.ANSWERED, Status.IMPLEMENTED, Status.REJECTED}
ANSWERED_STATUSES = {Status.ANSWERED, Status.IMPLEMENTED, Status.REJECTED}
