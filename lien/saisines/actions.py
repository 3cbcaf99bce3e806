"""The actions of the page of a saisine: each a small POST view calling one service.

Each checks the permission (403), then that the action is open now (else the page says why),
both from the table of ``workflow.SAISINES``, then the form; a service's refusal is shown on
the form and nothing is written.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lien.accounts.models import User
from lien.saisines import services
from lien.saisines.access import get_saisine_for_decision, get_saisine_for_user
from lien.saisines.detail import PANELS, detail_context
from lien.saisines.display import open_panels, panel_permitted, refusal
from lien.saisines.forms import ACTION_FORMS
from lien.saisines.models import Saisine
from lien.web.forms import add_service_error
from lien.web.http import AuthenticatedHttpRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _act(
    request: AuthenticatedHttpRequest,
    saisine: Saisine,
    action: str,
    perform: Callable[..., object],
    success: str,
    key: str = "",
) -> HttpResponse:
    if not panel_permitted(request.user, saisine, action):
        raise PermissionDenied
    if not open_panels(request.user, saisine)[action]:
        messages.error(request, refusal(request.user, saisine, action))
        return redirect("saisines:detail", pk=saisine.pk)
    key = key or action
    form = ACTION_FORMS[action](request.POST, request.FILES, prefix=key)
    if form.is_valid():
        try:
            perform(**form.cleaned_data)
        except ValidationError as error:
            saisine.refresh_from_db()  # the service may have changed it in memory before refusing
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("saisines:detail", pk=saisine.pk)
    title = PANELS[action][0]
    link = format_html('<a href="#panel-{}">{}</a>', key, _("corrigez le formulaire « %s »") % title)
    messages.error(request, format_html("{} {}", _("Rien n'a été enregistré :"), link))
    context = detail_context(request, saisine, bound={key: form})
    return render(request, "saisines/saisine_detail.html", context)


def _writable(request: AuthenticatedHttpRequest, pk: int) -> Saisine:
    return get_saisine_for_user(request.user, pk, write=True)


def _on_saisine(
    action: str, service: Callable[..., object], success: "str | StrPromise", *, write: bool = True
) -> Callable[[AuthenticatedHttpRequest, int], HttpResponse]:
    """The POST view of an action that calls ``service(acting_user=…, saisine=…, **form data)``.

    ``write=False`` for the director's equity decision: deciding does not change the case, so it
    needs no write access to it, only the permission to decide (``get_saisine_for_decision``;
    the action's own rules are still checked by ``_act``)."""

    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        saisine = _writable(request, pk) if write else get_saisine_for_decision(request.user, pk)

        def perform(**data: Any) -> None:
            service(acting_user=request.user, saisine=saisine, **data)

        return _act(request, saisine, action, perform, str(success))

    view.__name__ = action
    return view


record_perimeter = _on_saisine(
    "record_perimeter", services.saisine_record_perimeter, _l("Périmètre enregistré.")
)
examine = _on_saisine("examine", services.saisine_examine, _l("La saisine est en examen."))
instruct = _on_saisine("instruct", services.saisine_instruct, _l("L'instruction de la saisine commence."))
resume_instruction = _on_saisine(
    "resume_instruction", services.saisine_resume_instruction, _l("La saisine est de nouveau en instruction.")
)


def _decide_receivability(*, acting_user: User, saisine: Saisine, receivable: bool, reason: str) -> Saisine:
    """The receivability panel decides either way: one named action each."""
    if receivable:
        return services.saisine_declare_receivable(acting_user=acting_user, saisine=saisine, reason=reason)
    return services.saisine_declare_not_receivable(acting_user=acting_user, saisine=saisine, reason=reason)


decide_receivability = _on_saisine(
    "decide_receivability", _decide_receivability, _l("Décision de recevabilité enregistrée.")
)
acknowledge = _on_saisine(
    "acknowledge", services.saisine_acknowledge, _l("Accusé de recevabilité enregistré.")
)
request_exchange = _on_saisine(
    "request_exchange", services.exchange_request, _l("Demande au service enregistrée.")
)
add_note = _on_saisine("add_note", services.note_add, _l("Note ajoutée."))
add_document = _on_saisine("add_document", services.document_add, _l("Document ajouté."))
record_cra = _on_saisine("record_cra", services.saisine_record_cra, _l("Relation avec la CRA enregistrée."))
record_court_action = _on_saisine(
    "record_court_action",
    services.saisine_record_court_action,
    _l("Recours contentieux enregistré : la médiation prend fin."),
)
propose_equity = _on_saisine(
    "propose_equity", services.saisine_propose_equity, _l("Proposition en équité transmise au directeur.")
)
decide_equity = _on_saisine(
    "decide_equity", services.saisine_decide_equity, _l("Décision en équité enregistrée."), write=False
)
close = _on_saisine("close", services.saisine_close, _l("Saisine clôturée."))
declare_conflict = _on_saisine(
    "declare_conflict",
    services.saisine_declare_conflict,
    _l("Conflit d'intérêts déclaré : le dossier est confié au suppléant ou à la suppléante."),
)


@require_POST
def answer_exchange(request: AuthenticatedHttpRequest, pk: int, exchange_pk: int) -> HttpResponse:
    saisine = _writable(request, pk)
    exchange = saisine.exchanges.filter(pk=exchange_pk, answered_on__isnull=True).first()
    if exchange is None:
        raise Http404

    def perform(**data: Any) -> None:
        services.exchange_answer(acting_user=request.user, exchange=exchange, **data)

    success = _("Réponse du service enregistrée.")
    return _act(request, saisine, "answer_exchange", perform, success, key=f"answer_exchange-{exchange.pk}")


@require_POST
def complete_task(request: AuthenticatedHttpRequest, pk: int, task_pk: int) -> HttpResponse:
    saisine = _writable(request, pk)
    task = saisine.tasks.filter(pk=task_pk, done_on__isnull=True).first()
    if task is None:
        raise Http404

    def perform(**data: Any) -> None:
        services.follow_up_done(acting_user=request.user, task=task, **data)

    return _act(request, saisine, "complete_task", perform, _("Tâche faite."), key=f"complete_task-{task.pk}")


reopen = _on_saisine(
    "reopen", services.saisine_reopen, _l("Saisine rouverte : elle est de nouveau en examen.")
)
