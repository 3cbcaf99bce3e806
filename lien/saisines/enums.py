"""Codes of institutional mediation (DOMAIN.md §2), as the CSV import and the report use them.

Each class is named after the saisine (``SaisineStatus``): the OpenAPI schema names an enum
after its class, and other apps have a ``Status`` too. Inside the app, the short name is kept."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class SaisineChannel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    LETTER = "letter", _("Courrier")
    FRONT_DESK = "front_desk", _("Accueil physique")
    PHONE = "phone", _("Téléphone (3646 / Médialog)")
    INTERNAL_TRANSFER = "internal_transfer", _("Transmission par un service de la caisse")
    OTHER = "other", _("Autre")


Channel = SaisineChannel  # the short name inside the app


class SaisineAuthorType(models.TextChoices):
    INSURED = "insured", _("Assuré·e")
    HEALTH_PROFESSIONAL = "health_professional", _("Professionnel·le de santé")
    EMPLOYER = "employer", _("Employeur")


AuthorType = SaisineAuthorType  # the short name inside the app


class SaisineOrigin(models.TextChoices):
    DIRECT = "direct", _("Requérant direct")
    FUND_SERVICE = "fund_service", _("Transmission CPAM")
    FUND_DIRECTION = "fund_direction", _("Direction CPAM")
    INSTITUTIONAL_MEDIATOR = "institutional_mediator", _("Médiateurs institutionnels")
    RIGHTS_DEFENDER = "rights_defender", _("Défenseur des droits")
    OTHER_PARTNER = "other_partner", _("Autres partenaires")
    NATIONAL_MEDIATION = "national_mediation", _("Direction de la médiation nationale")


Origin = SaisineOrigin  # the short name inside the app


class SaisinePerimeter(models.TextChoices):
    FIRST_INTENTION = "first_intention", _("Première intention")
    AFTER_CLAIM = "after_claim", _("Après réclamation")
    SPECIAL = "special", _("Saisine particulière")


Perimeter = SaisinePerimeter  # the short name inside the app


class SaisineMatter(models.TextChoices):
    """The matters of the perimeter (LR-DC-1/2019), each belonging to one perimeter."""

    CARE_REFUSAL_C2S_AME = "care_refusal_c2s_ame", _("Refus de soins d'un bénéficiaire de la C2S ou de l'AME")
    GP_OR_SPECIALIST_ACCESS = (
        "gp_or_specialist_access",
        _("Recherche de médecin traitant / délai de rendez-vous chez un spécialiste"),
    )
    NO_SUBSTITUTION_INCOME = (
        "no_substitution_income",
        _("Sans revenu de substitution depuis au moins deux mois (IJ, pension d'invalidité, rente AT/MP)"),
    )
    STILLBORN_CHILD_IJ = "stillborn_child_ij", _("IJ maternité / paternité pour un enfant né sans vie")
    ADOPTION_POLYNESIA = "adoption_polynesia", _("Congé d'adoption d'un enfant de Polynésie française")
    CNSE_REFUSAL = "cnse_refusal", _("Refus du CNSE (soins à l'étranger)")
    TRANSPORT_NO_PRIOR_AGREEMENT = (
        "transport_no_prior_agreement",
        _("Refus de frais de transport faute d'entente préalable"),
    )
    VITALE_PHOTO_EXEMPTION = "vitale_photo_exemption", _("Dispense de photo sur la carte Vitale")
    RETROACTIVE_C2S_HOSPITAL = (
        "retroactive_c2s_hospital",
        _("Refus de C2S rétroactive en cas d'hospitalisation"),
    )
    EUROPEAN_INTERNATIONAL = "european_international", _("Dispositions européennes ou internationales")
    DEVICES_OVER_500 = "devices_over_500", _("Dispositifs médicaux ou frais de santé ≥ 500 €")
    OTHER_MATTER = "other_matter", _("Toute autre matière")
    NATIONAL_MEDIATION = "national_mediation", _("Transmise par la direction de la médiation nationale")
    FUND_DIRECTION = "fund_direction", _("Transmise par la direction de la caisse")
    RIGHTS_DEFENDER = "rights_defender", _("Transmise par le Défenseur des droits ou ses délégués")


Matter = SaisineMatter  # the short name inside the app


MATTER_PERIMETER: dict[str, str] = {
    **dict.fromkeys(
        [
            Matter.CARE_REFUSAL_C2S_AME,
            Matter.GP_OR_SPECIALIST_ACCESS,
            Matter.NO_SUBSTITUTION_INCOME,
            Matter.STILLBORN_CHILD_IJ,
            Matter.ADOPTION_POLYNESIA,
            Matter.CNSE_REFUSAL,
            Matter.TRANSPORT_NO_PRIOR_AGREEMENT,
            Matter.VITALE_PHOTO_EXEMPTION,
            Matter.RETROACTIVE_C2S_HOSPITAL,
        ],
        Perimeter.FIRST_INTENTION,
    ),
    **dict.fromkeys(
        [Matter.EUROPEAN_INTERNATIONAL, Matter.DEVICES_OVER_500, Matter.OTHER_MATTER], Perimeter.AFTER_CLAIM
    ),
    **dict.fromkeys(
        [Matter.NATIONAL_MEDIATION, Matter.FUND_DIRECTION, Matter.RIGHTS_DEFENDER], Perimeter.SPECIAL
    ),
}


class SaisineProcess(models.TextChoices):
    BENEFITS_IN_KIND = "benefits_in_kind", _("Prestations en nature")
    CASH_BENEFITS = "cash_benefits", _("Prestations en espèces")
    BENEFICIARY_MANAGEMENT = "beneficiary_management", _("Gestion du dossier client")
    OCCUPATIONAL_RISKS = "occupational_risks", _("Risques professionnels")
    INTERNATIONAL_AGREEMENTS = "international_agreements", _("Conventions internationales")
    SOCIAL_ACTION = "social_action", _("Action sanitaire et sociale")
    CARE_ACCESS_COMPLAINT = "care_access_complaint", _("Plaintes assurés (accès aux soins)")
    LITIGATION = "litigation", _("Contentieux")
    OTHER = "other", _("Autre")


Process = SaisineProcess  # the short name inside the app


SUBPROCESSES: "dict[str, dict[str, StrPromise]]" = {
    Process.BENEFITS_IN_KIND: {
        "care": _("Soins"),
        "transport": _("Transport"),
        "ame": _("AME"),
        "care_abroad": _("Soins à l'étranger"),
        "copayment_exemption": _("Exonération du ticket modérateur"),
        "no_rights_opened": _("Pas de droits ouverts"),
        "other": _("Autre (participation forfaitaire, indus, délai de remboursement…)"),
    },
    Process.CASH_BENEFITS: {
        "sickness": _("Maladie"),
        "maternity": _("Maternité"),
        "invalidity": _("Invalidité"),
        "work_accident": _("Accident du travail / maladie professionnelle"),
        "annuity": _("Rente"),
    },
    Process.BENEFICIARY_MANAGEMENT: {
        "registration": _("Immatriculation / affiliation"),
        "vitale_card": _("Carte Vitale"),
        "css": _("Complémentaire santé solidaire"),
    },
    Process.CARE_ACCESS_COMPLAINT: {
        "care_refusal": _("Refus de soins"),
        "gp_search": _("Recherche de médecin traitant"),
        "specialist_delay": _("Délai de rendez-vous"),
    },
}

SUBPROCESS_KEYS = [f"{process}.{sub}" for process, subs in SUBPROCESSES.items() for sub in subs]


class SaisineResolutionMode(models.TextChoices):
    EXPLANATION = "explanation", _("Réponse pédagogique")
    REVISION_REQUEST = "revision_request", _("Demande de révision au service")
    SUPPORT_SOLUTION = "support_solution", _("Solution d'accompagnement")
    EQUITY_PROPOSAL = "equity_proposal", _("Proposition en équité")


ResolutionMode = SaisineResolutionMode  # the short name inside the app


class SaisineOutcome(models.TextChoices):
    DECISION_REVISED = "decision_revised", _("Décision révisée")
    DECISION_UPHELD = "decision_upheld", _("Décision maintenue")
    ABANDONED = "abandoned", _("Abandon / classement sans suite")
    REFERRED_SOCIAL_SERVICE = "referred_social_service", _("Orientation vers le service social")
    RESOLVED_BY_EXPLANATION = "resolved_by_explanation", _("Résolu par l'explication")
    PAYMENT_OR_RIGHT_GRANTED = "payment_or_right_granted", _("Paiement ou ouverture de droit")
    AMICABLE_AGREEMENT = "amicable_agreement", _("Accord amiable")
    REFERRED_CRA = "referred_cra", _("Orientation vers la CRA")
    ASS_GRANTED = "ass_granted", _("Aide ASS accordée")
    ASS_REFUSED = "ass_refused", _("Aide ASS refusée")
    REFERRED_OTHER_FUND_SERVICE = (
        "referred_other_fund_service",
        _("Orientation vers un autre service de la caisse"),
    )
    REFERRED_OTHER_SCHEME = (
        "referred_other_scheme",
        _("Orientation vers un autre régime, branche ou partenaire"),
    )
    REFERRED_MAS = "referred_mas", _("Orientation vers la MAS")


Outcome = SaisineOutcome  # the short name inside the app

# A court action ends the mediation with its own outcome, apart from the outcomes of §2.6 that
# a closure chooses from, the CSV import accepts and the annual report counts.
COURT_ACTION_OUTCOME = "court_action"
OUTCOME_CHOICES = [
    *Outcome.choices,
    (COURT_ACTION_OUTCOME, _("Fin de la médiation : recours contentieux engagé")),
]


class SaisineStatus(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    UNDER_REVIEW = "under_review", _("En examen")
    RECEIVABLE = "receivable", _("Recevable")
    NOT_RECEIVABLE = "not_receivable", _("Non recevable")
    IN_INSTRUCTION = "in_instruction", _("En instruction")
    PROPOSAL = "proposal", _("Proposition")
    CLOSED = "closed", _("Clôturée")
    ENDED_COURT_ACTION = "ended_court_action", _("Close par recours contentieux")


Status = SaisineStatus  # the short name inside the app


OPEN_STATUSES = [
    Status.RECEIVED,
    Status.UNDER_REVIEW,
    Status.RECEIVABLE,
    Status.IN_INSTRUCTION,
    Status.PROPOSAL,
]

# The lifecycle (which action moves a saisine from which status to which) is the table of
# ``workflow.SAISINES``.


class SaisineEquityDecision(models.TextChoices):
    PENDING = "pending", _("En attente de la décision du directeur")
    ACCEPTED = "accepted", _("Acceptée par le directeur")
    REFUSED = "refused", _("Refusée par le directeur")


EquityDecision = SaisineEquityDecision  # the short name inside the app


class SaisineAppealKind(models.TextChoices):
    CRA = "cra", _("Commission de recours amiable (CRA)")
    EXPERTISE = "expertise", _("Expertise médicale")
    CMRA = "cmra", _("Commission médicale de recours amiable (CMRA)")
    CONTENTIEUX = "contentieux", _("Recours contentieux")


AppealKind = SaisineAppealKind  # the short name inside the app
