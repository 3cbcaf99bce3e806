from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an excerpt of a dossier comes from."""

    TESTIMONY = "testimony", _("Témoignage")
    MEETING = "meeting", _("Compte rendu de rencontre")
    SAISINE = "saisine", _("Saisine")
    TEXT = "text", _("Texte libre")
