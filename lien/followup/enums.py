"""Codes of the follow-up of a person (DOMAIN.md §3). Their lifecycles are in ``workflow.py``.

A class the API exposes is named after its entity (``FollowupEndReason``): the OpenAPI schema
names an enum after its class, and other apps have a ``ContactChannel`` too. Inside the app, the
short name is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_RUPTURE_DAYS = 60
DEFAULT_REMINDER_DAYS_BEFORE = 1


class FollowupStatus(models.TextChoices):
    ACTIVE = "active", _("Suivi en cours")
    ENDED = "ended", _("Suivi terminé")


class FollowupEndReason(models.TextChoices):
    AUTONOMOUS = "autonomous", _("La personne est autonome dans son parcours de soins")
    MOVED = "moved", _("La personne a déménagé")
    DECLINED = "declined", _("La personne ne souhaite plus être suivie")
    TRANSFERRED = "transferred", _("Relais pris par une autre structure")
    DECEASED = "deceased", _("Décès")
    OTHER = "other", _("Autre")


EndReason = FollowupEndReason  # the short name inside the app


class FollowupContactChannel(models.TextChoices):
    PHONE = "phone", _("Appel téléphonique")
    SMS = "sms", _("SMS")
    OFFICE = "office", _("Rencontre au local ou en permanence")
    HOME_VISIT = "home_visit", _("Visite à domicile")
    EMAIL = "email", _("Courriel")
    OTHER = "other", _("Autre")


ContactChannel = FollowupContactChannel  # the short name inside the app


class GoalStatus(models.TextChoices):
    OPEN = "open", _("En cours")
    ACHIEVED = "achieved", _("Atteint")
    ABANDONED = "abandoned", _("Abandonné")


class GoalActionOwner(models.TextChoices):
    PERSON = "person", _("La personne")
    TEAM = "team", _("L'équipe de médiation")
    PARTNER = "partner", _("Un partenaire")


ActionOwner = GoalActionOwner  # the short name inside the app


class PrescriptionKind(models.TextChoices):
    EXAMINATION = "examination", _("Examen (prise de sang, imagerie…)")
    CONSULTATION = "consultation", _("Consultation (spécialiste, dentiste…)")
