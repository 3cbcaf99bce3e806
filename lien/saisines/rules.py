"""Receivability rules (LR-DC-1/2019, DOMAIN.md §2.2): Lien suggests, the mediator decides."""

from dataclasses import dataclass

from lien.saisines.enums import MATTER_PERIMETER, Matter, Perimeter


@dataclass(frozen=True)
class Suggestion:
    receivable: bool
    reason: str


def suggest_receivability(
    *, perimeter: str, matter: str = "", prior_claim: bool | None, court_action_pending: bool
) -> Suggestion:
    if court_action_pending:
        return Suggestion(False, "Un recours contentieux est engagé : la saisine n'est pas recevable.")
    if matter and MATTER_PERIMETER.get(matter) not in (None, perimeter):
        expected = Perimeter(MATTER_PERIMETER[matter]).label
        label = Matter(matter).label
        return Suggestion(False, f"La matière « {label} » relève du périmètre « {expected} » : vérifiez-le.")
    if perimeter == Perimeter.FIRST_INTENTION:
        return Suggestion(True, "Matière de première intention : le médiateur est compétent d'emblée.")
    if not prior_claim:
        return Suggestion(
            False,
            "Aucune démarche préalable auprès des services de la caisse : à transmettre au service "
            "réclamations (sauf prise en charge hors périmètre motivée).",
        )
    if perimeter == Perimeter.SPECIAL:
        return Suggestion(
            True, "Saisine particulière (direction nationale, direction de la caisse, Défenseur des droits)."
        )
    return Suggestion(True, "Réclamation préalable restée insatisfaite : la saisine est recevable.")
