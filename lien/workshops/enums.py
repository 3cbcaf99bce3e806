from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionTheme(models.TextChoices):
    """What a session of therapeutic education is about, from a closed list: a session holds no
    words about anyone's health."""

    UNDERSTANDING = "understanding", _("Comprendre sa maladie")
    TREATMENT = "treatment", _("Vivre avec son traitement")
    NUTRITION = "nutrition", _("Alimentation")
    PHYSICAL_ACTIVITY = "physical_activity", _("Activité physique")
    DAILY_LIFE = "daily_life", _("Le quotidien avec la maladie")
    EMOTIONS = "emotions", _("Émotions et moral")
    CARE_PATH = "care_path", _("Le parcours de soins et les droits")
    OTHER = "other", _("Autre")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent·e")
    ABSENT = "absent", _("Absent·e")
    EXCUSED = "excused", _("Absence excusée")
