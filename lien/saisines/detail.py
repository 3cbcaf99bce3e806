"""What the page of a saisine shows: its facts, its history and the forms of the actions open now."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, has_perm
from lien.communes.models import Commune
from lien.saisines.display import deadline_of, event_rows, open_panels
from lien.saisines.enums import SUBPROCESSES, AppealKind
from lien.saisines.forms import ACTION_FORMS
from lien.saisines.models import Saisine
from lien.saisines.rules import suggest_receivability
from lien.saisines.sections import sections_for
from lien.saisines.services import earlier_saisines, later_saisines
from lien.web.http import AuthenticatedHttpRequest

_RADIO = {True: "true", False: "false", None: ""}


def _initial(saisine: Saisine) -> dict[str, dict[str, Any]]:
    return {
        "record_perimeter": {
            "perimeter": saisine.perimeter,
            "matter": saisine.matter,
            "prior_claim": _RADIO[saisine.prior_claim],
            "court_action_pending": saisine.court_action_pending,
        },
        "record_cra": {
            "informed_on": saisine.cra_informed_on,
            "appeal_maintained": _RADIO[saisine.cra_appeal_maintained],
        },
        "propose_equity": {"proposal": saisine.equity_proposal},
        "close": {"resolution_mode": saisine.resolution_mode},
    }


@dataclass(frozen=True)
class Panel:
    """One action form of the page, folded in a <details> unless it was sent with errors."""

    key: str
    title: str
    button: str
    url: str
    form: forms.Form
    open: bool
    multipart: bool


PANELS = {
    "examine": (_("Mettre la saisine en examen"), _("Mettre en examen")),
    "instruct": (_("Commencer l'instruction"), _("Commencer l'instruction")),
    "resume_instruction": (_("Reprendre l'instruction (sans la proposition en équité)"), _("Reprendre")),
    "record_perimeter": (_("Qualifier le périmètre"), _("Enregistrer le périmètre")),
    "decide_receivability": (_("Décider de la recevabilité"), _("Enregistrer la décision")),
    "acknowledge": (_("Accuser réception de la recevabilité"), _("Enregistrer l'accusé")),
    "record_cra": (_("Relation avec la CRA"), _("Enregistrer")),
    "propose_equity": (_("Proposer une solution en équité au directeur"), _("Transmettre au directeur")),
    "decide_equity": (_("Décider de la proposition en équité"), _("Enregistrer la décision")),
    "close": (_("Clôturer la saisine"), _("Clôturer")),
    "record_court_action": (
        _("Enregistrer un recours contentieux (met fin à la médiation)"),
        _("Enregistrer le recours"),
    ),
    "reopen": (_("Rouvrir la saisine (nouvel examen)"), _("Rouvrir")),
    "declare_conflict": (_("Déclarer un conflit d'intérêts"), _("Déclarer et confier le dossier")),
    "request_exchange": (_("Solliciter un service de la caisse"), _("Enregistrer la demande")),
    "answer_exchange": (_("Enregistrer la réponse du service"), _("Enregistrer la réponse")),
    "add_note": (_("Ajouter une note"), _("Ajouter la note")),
    "add_document": (_("Ajouter un document"), _("Ajouter le document")),
    "complete_task": (_("Marquer comme faite"), _("Marquer comme faite")),
}
# The actions on the case itself, in the order of its life.
CASE_ACTIONS = [
    "examine",
    "record_perimeter",
    "decide_receivability",
    "acknowledge",
    "instruct",
    "record_cra",
    "propose_equity",
    "decide_equity",
    "resume_instruction",
    "close",
    "record_court_action",
    "reopen",
    "declare_conflict",
]


def detail_context(
    request: AuthenticatedHttpRequest, saisine: Saisine, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """The context of the page; ``bound`` holds a form sent with errors, shown open."""
    bound = bound or {}
    actions = open_panels(request.user, saisine)
    initial = _initial(saisine)

    def panel(action: str, *ids: int) -> Panel | None:
        if not actions[action]:
            return None
        key = f"{action}-{ids[0]}" if ids else action
        form = bound.get(key) or ACTION_FORMS[action](prefix=key, initial=initial.get(action))
        title, button = PANELS[action]
        url = reverse(f"saisines:{action}", args=[saisine.pk, *ids])
        multipart = action == "add_document"
        return Panel(key, str(title), str(button), url, form, key in bound, multipart)

    return {
        "saisine": saisine,
        "deadline": deadline_of(saisine, timezone.localdate()),
        "actions": actions,
        "panels": [found for action in CASE_ACTIONS if (found := panel(action))],
        "suggestion": suggest_receivability(
            perimeter=saisine.perimeter,
            matter=saisine.matter,
            prior_claim=saisine.prior_claim,
            court_action_pending=saisine.court_action_pending,
        ),
        "commune": Commune.objects.filter(insee_code=saisine.commune_insee).first(),
        "subprocess": SUBPROCESSES.get(saisine.process, {}).get(saisine.subprocess, saisine.subprocess),
        "suspended_appeals": [
            AppealKind(code).label for code in saisine.suspended_appeals if code in AppealKind.values
        ],
        "can_see_people": has_perm(request.user, Perm.PERSON_VIEW, saisine.organisation_id),
        "events": event_rows(saisine.events.select_related("user")),
        "earlier": earlier_saisines(saisine),
        "later": later_saisines(saisine),
        "exchanges": [
            (exchange, None if exchange.answered_on else panel("answer_exchange", exchange.pk))
            for exchange in saisine.exchanges.all()
        ],
        "exchange_panel": panel("request_exchange"),
        "notes": saisine.notes.select_related("author"),
        "note_panel": panel("add_note"),
        "documents": saisine.documents.select_related("uploaded_by"),
        "document_panel": panel("add_document"),
        "tasks": [
            (task, None if task.done_on else panel("complete_task", task.pk)) for task in saisine.tasks.all()
        ],
        "conflicts": saisine.conflicts.select_related("declared_by", "handed_to"),
        # What the apps built on the saisines add to the page (the letters).
        "sections": sections_for(request.user, saisine),
    }
