"""Codes of a person's file in community mediation (DOMAIN.md §3), as the activity report counts them."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# The consent rule applies to community organisations; a fund's requester is not concerned.
from lien.accounts.enums import COMMUNITY_KINDS as COMMUNITY_KINDS


class ReminderChoice(models.TextChoices):
    """How the person wishes to be reminded (of an appointment, of rights to renew): the person
    decides, and the file must hold the number or the address (``reminders.reminder_choice_check``)."""

    NONE = "none", _("Pas de rappel")
    SMS = "sms", _("Par SMS")
    EMAIL = "email", _("Par courriel")


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre, non binaire")
    UNDISCLOSED = "undisclosed", _("Ne souhaite pas le dire")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("Moins de 18 ans")
    FROM_18 = "18-24", _("18 à 24 ans")
    FROM_25 = "25-34", _("25 à 34 ans")
    FROM_35 = "35-44", _("35 à 44 ans")
    FROM_45 = "45-54", _("45 à 54 ans")
    FROM_55 = "55-64", _("55 à 64 ans")
    FROM_65 = "65-74", _("65 à 74 ans")
    FROM_75 = "75+", _("75 ans et plus")


_BAND_LOWER_BOUNDS = [(75, AgeBand.FROM_75), (65, AgeBand.FROM_65), (55, AgeBand.FROM_55)] + [
    (45, AgeBand.FROM_45),
    (35, AgeBand.FROM_35),
    (25, AgeBand.FROM_25),
    (18, AgeBand.FROM_18),
]


def age_band_for(birth_year: int | None, on: date) -> str:
    """The age band of someone born in ``birth_year`` at the date ``on`` ("" when unknown).

    Age is counted in years of difference (the birth date is not kept): a person born in 1980
    is 45 all through 2025.
    """
    if not birth_year:
        return ""
    age = on.year - birth_year
    for lower, band in _BAND_LOWER_BOUNDS:
        if age >= lower:
            return band
    return AgeBand.UNDER_18


class Language(models.TextChoices):
    """Languages most often met by the teams (ISO 639-1 codes where one exists)."""

    FRENCH = "fr", _("Français")
    ARABIC = "ar", _("Arabe")
    TAMAZIGHT = "ber", _("Tamazight (berbère)")
    ENGLISH = "en", _("Anglais")
    SPANISH = "es", _("Espagnol")
    PORTUGUESE = "pt", _("Portugais")
    ITALIAN = "it", _("Italien")
    GERMAN = "de", _("Allemand")
    DUTCH = "nl", _("Néerlandais")
    ROMANIAN = "ro", _("Roumain")
    ROMANI = "rom", _("Romani")
    BULGARIAN = "bg", _("Bulgare")
    ALBANIAN = "sq", _("Albanais")
    RUSSIAN = "ru", _("Russe")
    UKRAINIAN = "uk", _("Ukrainien")
    GEORGIAN = "ka", _("Géorgien")
    ARMENIAN = "hy", _("Arménien")
    TURKISH = "tr", _("Turc")
    DARI_PERSIAN = "fa", _("Dari, persan")
    PASHTO = "ps", _("Pachto")
    TIGRINYA = "ti", _("Tigrinya")
    SOMALI = "so", _("Somali")
    PULAAR = "ff", _("Peul (pulaar)")
    WOLOF = "wo", _("Wolof")
    BAMBARA = "bm", _("Bambara")
    LINGALA = "ln", _("Lingala")
    CHINESE = "zh", _("Chinois")
    SIGN = "lsf", _("Langue des signes française")
    OTHER = "other", _("Autre langue")


class ContactMode(models.TextChoices):
    PHONE = "phone", _("Par téléphone")
    EMAIL = "email", _("Par courriel")
    RELAY = "relay", _("Par un relais (proche, voisin, relais communal)")
    STRUCTURE = "structure", _("Par une structure (accueil de jour, CCAS, association…)")
    NONE = "none", _("Pas joignable : attendre la prochaine rencontre")


class Housing(models.TextChoices):
    OWNER = "owner", _("Propriétaire")
    TENANT = "tenant", _("Locataire (parc privé)")
    SOCIAL_HOUSING = "social_housing", _("Locataire (logement social)")
    HOSTED = "hosted", _("Hébergé·e par un proche")
    SHELTER = "shelter", _("Hébergement d'urgence, CHRS, CADA")
    MOBILE = "mobile", _("Habitat mobile ou léger (caravane, camion, yourte)")
    SQUAT = "squat", _("Squat, bidonville")
    STREET = "street", _("Sans abri")
    INSTITUTION = "institution", _("Établissement (EHPAD, foyer…)")
    OTHER = "other", _("Autre")


class Coverage(models.TextChoices):
    """Basic health coverage."""

    NONE = "none", _("Aucune couverture")
    PUMA = "puma", _("Assurance maladie (PUMa)")
    AME = "ame", _("Aide médicale de l'État (AME)")


class Complementary(models.TextChoices):
    NONE = "none", _("Aucune complémentaire")
    C2S = "c2s", _("Complémentaire santé solidaire (C2S)")
    PRIVATE = "private", _("Mutuelle ou assurance complémentaire")


class ReferralSource(models.TextChoices):
    """Who referred the person to the mediator (DOMAIN.md §3)."""

    HEALTH_CENTRE_DOCTOR = "health_centre_doctor", _("Un·e médecin du centre de santé")
    HEALTH_PROFESSIONAL = "health_professional", _("Un·e autre professionnel·le de santé")
    PARTNER_STRUCTURE = "partner_structure", _("Une structure partenaire")
    OUTREACH = "outreach", _("L'aller-vers (permanence, sortie, distribution)")
    COMMUNITY_RELAY = "community_relay", _("Un relais communautaire")
    RELATIVE = "relative", _("Un proche")
    SELF = "self", _("La personne elle-même")
    OTHER = "other", _("Autre")


class VulnerabilityFactor(models.TextChoices):
    """Factors of vulnerability met by the teams (DOMAIN.md §3, seed 001)."""

    GEOGRAPHIC_ISOLATION = "geographic_isolation", _("Isolement géographique, difficultés de déplacement")
    SOCIAL_ISOLATION = "social_isolation", _("Isolement familial ou social")
    FINANCIAL_PRECARITY = "financial_precarity", _("Précarité financière")
    SOCIAL_MINIMA = "social_minima", _("Bénéficiaire de minima sociaux")
    HAZARDOUS_WORK = "hazardous_work", _("Emploi pénible ou dangereux")
    UNHEALTHY_ENVIRONMENT = "unhealthy_environment", _("Environnement sanitaire défavorable")
    HEALTH_SYSTEM_UNFAMILIAR = "health_system_unfamiliar", _("Méconnaissance du système de santé")
    DIGITAL_DIVIDE = "digital_divide", _("Difficultés avec le numérique")
    LANGUAGE_BARRIER = "language_barrier", _("Barrière de la langue")
    YOUNG_WANDERING = "young_wandering", _("Jeune en errance")
    NEO_RURAL = "neo_rural", _("Néo-rural·e")
    PSYCHOACTIVE_USE = "psychoactive_use", _("Usage de produits psychoactifs")
    EXILE = "exile", _("Personne exilée, demandeuse d'asile")
    CARE_RUPTURE = "care_rupture", _("Rupture de soins")


class ConsentForm(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Écrit (signé)")
