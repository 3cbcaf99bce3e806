from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Régional")
    FUND = "fund", _("Caisse (CPAM)")
    ASSOCIATION = "association", _("Association")
    HEALTH_CENTRE = "health_centre", _("Centre de santé")


# Where community mediation happens (associations, health centres), as opposed to funds.
COMMUNITY_KINDS: frozenset[str] = frozenset({OrganisationKind.ASSOCIATION, OrganisationKind.HEALTH_CENTRE})


class Role(models.TextChoices):
    COMMUNITY_MEDIATOR = "community_mediator", _("Médiateur·rice en santé")
    INSTITUTIONAL_MEDIATOR = "institutional_mediator", _("Médiateur·rice de l'Assurance Maladie")
    ASSISTANT = "assistant", _("Assistant·e médiation")
    DEPUTY = "deputy", _("Suppléant·e")
    DIRECTOR = "director", _("Directeur·rice")
    COORDINATOR = "coordinator", _("Coordinateur·rice")
    PATIENT_PARTNER = "patient_partner", _("Patient·e partenaire")
    VOLUNTEER = "volunteer", _("Bénévole")
    # A doctor of a health centre who refers patients to the mediator ("on va frapper à sa
    # porte"): creates a referral and reads its status and feedback, nothing else of the file.
    REFERRING_DOCTOR = "referring_doctor", _("Médecin adresseur")
    ADMIN = "admin", _("Administrateur·rice")
