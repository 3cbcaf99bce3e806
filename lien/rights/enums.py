"""Procedures of access to rights (DOMAIN.md §3): kinds, steps, reminders. The actions that
move a procedure from step to step are in ``workflow.PROCEDURES``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# "Well before" rights lapse: the AME and the C2S are renewed on a request made two months ahead.
RENEWAL_NOTICE_DAYS = 60
# Two months without an answer is an implicit refusal (silence vaut rejet) for PUMa, C2S and AME:
# a filed procedure still without decision by then calls the fund, or an appeal.
DECISION_WAIT_DAYS = 60


class ProcedureKind(models.TextChoices):
    PUMA = "puma", _("Assurance maladie (PUMa)")
    C2S = "c2s", _("Complémentaire santé solidaire (C2S)")
    AME = "ame", _("Aide médicale de l'État (AME)")
    GP_DECLARATION = "gp_declaration", _("Déclaration de médecin traitant")
    VITALE_CARD = "vitale_card", _("Carte Vitale")
    MDPH = "mdph", _("Dossier MDPH")
    INVALIDITY = "invalidity", _("Pension d'invalidité")


# Rights granted for one year, to renew every year.
YEARLY_KINDS = frozenset({ProcedureKind.AME, ProcedureKind.C2S})


class Status(models.TextChoices):
    DOCUMENTS = "documents", _("Pièces à réunir")
    FILED = "filed", _("Dossier déposé")
    GRANTED = "granted", _("Accordé")
    REFUSED = "refused", _("Refusé")
    ABANDONED = "abandoned", _("Abandonné")


OPEN_STATUSES = frozenset({Status.DOCUMENTS, Status.FILED})


class ReminderKind(models.TextChoices):
    RENEWAL_DUE = "renewal_due", _("Renouvellement à préparer")
    LAPSED = "lapsed", _("Droits échus sans renouvellement")
    NO_DECISION = "no_decision", _("Dossier déposé resté sans décision")


# The documents usually gathered, proposed as a checklist when a procedure starts.
DEFAULT_DOCUMENTS: dict[str, list[str]] = {
    ProcedureKind.PUMA: [
        "Formulaire de demande d'ouverture des droits (Cerfa n°15763)",
        "Pièce d'identité",
        "Justificatif de résidence stable et régulière en France",
        "Justificatif de domicile ou attestation de domiciliation",
        "Relevé d'identité bancaire",
    ],
    ProcedureKind.C2S: [
        "Formulaire de demande de C2S (Cerfa n°12504)",
        "Justificatifs des ressources des 12 derniers mois",
        "Justificatif de domicile ou attestation de domiciliation",
    ],
    ProcedureKind.AME: [
        "Formulaire de demande d'AME (Cerfa n°11573)",
        "Pièce d'identité",
        "Justificatif de présence en France depuis plus de 3 mois",
        "Justificatif de domicile ou attestation de domiciliation",
        "Justificatifs des ressources des 12 derniers mois",
    ],
    ProcedureKind.GP_DECLARATION: [
        "Accord d'un·e médecin pour être médecin traitant",
        "Carte Vitale ou attestation de droits",
    ],
    ProcedureKind.VITALE_CARD: [
        "Formulaire de demande de carte Vitale",
        "Photo d'identité",
        "Copie de la pièce d'identité",
    ],
    ProcedureKind.MDPH: [
        "Formulaire de demande MDPH (Cerfa n°15692)",
        "Certificat médical de moins d'un an",
        "Pièce d'identité",
        "Justificatif de domicile",
    ],
    ProcedureKind.INVALIDITY: [
        "Formulaire de demande de pension d'invalidité",
        "Avis du médecin traitant",
        "Justificatifs des salaires ou indemnités",
    ],
}
