from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Accusé de réception et de recevabilité")
    NON_RECEIVABILITY = "non_receivability", _("Notification de non-recevabilité")
    CLOSURE = "closure", _("Courrier de clôture")
    PERSONALISED = "personalised", _("Courrier personnalisé")
    MEDIATION_REPORT = "mediation_report", _("Rapport de médiation pour la CRA")
    EQUITY_NOTE = "equity_note", _("Note de proposition en équité au directeur")


# Who receives each kind: the requester, the CRA, or the director (internal note).
RECIPIENT = {
    LetterKind.ACKNOWLEDGEMENT: "requester",
    LetterKind.NON_RECEIVABILITY: "requester",
    LetterKind.CLOSURE: "requester",
    LetterKind.PERSONALISED: "requester",
    LetterKind.MEDIATION_REPORT: "cra",
    LetterKind.EQUITY_NOTE: "director",
}


class NonReceivabilityReason(models.TextChoices):
    """Why a saisine is not receivable, as the letter explains it to the requester."""

    COURT_ACTION_PENDING = "court_action_pending", _("Non-recevable : recours contentieux engagé")
    NO_PRIOR_CLAIM = "no_prior_claim", _("Non-recevable : pas de réclamation préalable auprès des services")
    OTHER = "not_receivable_other", _("Non-recevable : autre motif")
