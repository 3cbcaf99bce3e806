from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    EQUITY_PROPOSED = "equity_proposed", _("Proposition en équité à décider")
    EQUITY_DECIDED = "equity_decided", _("Décision du directeur rendue")
    CASE_HANDED_TO_DEPUTY = "case_handed_to_deputy", _("Dossier confié au suppléant")
    SERVICE_ANSWER_OVERDUE = "service_answer_overdue", _("Réponse d'un service en retard")
    REFERRAL_RECEIVED = "referral_received", _("Patient·e adressé·e par un médecin")
    CONVENTION_ENDING = "partner_convention_ending", _("Convention d'un·e patient·e partenaire bientôt échue")
    CONVENTION_ENDED = "partner_convention_ended", _("Convention d'un·e patient·e partenaire échue")
    PARTNER_DIFFICULTY = "partner_difficulty", _("Difficulté signalée par un·e patient·e partenaire")
