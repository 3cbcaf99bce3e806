from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralUrgency(models.TextChoices):
    ROUTINE = "routine", _("Quand c'est possible")
    SOON = "soon", _("Dans la semaine")
    URGENT = "urgent", _("Urgent (sous 48 heures)")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("Reçu, pas encore pris en charge")
    TAKEN = "taken", _("Pris en charge par la médiation")
    CLOSED = "closed", _("Accompagnement terminé")
    DECLINED = "declined", _("Non pris en charge")


Urgency = ReferralUrgency  # the short names inside the app
Status = ReferralStatus
