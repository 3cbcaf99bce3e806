"""The actions of the page of a saisine: each a small POST view calling one service.

Each checks the permission (403), then that the action is open now (else the page says why),
then the form; a service's refusal is shown on the form and nothing is written.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm
from lien.saisines import services
from lien.saisines.access import get_saisine_for_user
from lien.saisines.detail import PANELS, detail_context
from lien.saisines.display import ACTION_PERMS, actions_for, refusal
from lien.saisines.enums import Status
from lien.saisines.forms import ACTION_FORMS, add_service_error
from lien.saisines.models import Saisine


def _act(
    request: HttpRequest,
    saisine: Saisine,
    action: str,
    perform: Callable[..., object],
    success: str,
    key: str = "",
) -> HttpResponse:
    if not has_perm(request.user, ACTION_PERMS.get(action, Perm.SAISINE_CHANGE), saisine.organisation_id):
        raise PermissionDenied
    if not actions_for(request.user, saisine).allows(action):
        messages.error(request, refusal(saisine, action))
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


def _writable(request: HttpRequest, pk: int) -> Saisine:
    return get_saisine_for_user(request.user, pk, write=True)


@require_POST
def record_perimeter(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_record_perimeter(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "record_perimeter", perform, _("Périmètre enregistré."))


@require_POST
def decide_receivability(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(*, receivable: bool, reason: str):
        services.saisine_decide_receivability(
            acting_user=request.user, saisine=saisine, receivable=receivable, reason=reason
        )

    return _act(request, saisine, "decide_receivability", perform, _("Décision de recevabilité enregistrée."))


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_acknowledge(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "acknowledge", perform, _("Accusé de recevabilité enregistré."))


@require_POST
def request_exchange(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.exchange_request(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "request_exchange", perform, _("Demande au service enregistrée."))


@require_POST
def answer_exchange(request: HttpRequest, pk: int, exchange_pk: int) -> HttpResponse:
    saisine = _writable(request, pk)
    exchange = saisine.exchanges.filter(pk=exchange_pk, answered_on__isnull=True).first()
    if exchange is None:
        raise Http404

    def perform(**data):
        services.exchange_answer(acting_user=request.user, exchange=exchange, **data)

    success = _("Réponse du service enregistrée.")
    return _act(request, saisine, "answer_exchange", perform, success, key=f"answer_exchange-{exchange.pk}")


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.note_add(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "add_note", perform, _("Note ajoutée."))


@require_POST
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.document_add(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "add_document", perform, _("Document ajouté."))


@require_POST
def complete_task(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    saisine = _writable(request, pk)
    task = saisine.tasks.filter(pk=task_pk, done_on__isnull=True).first()
    if task is None:
        raise Http404

    def perform(**data):
        services.follow_up_done(acting_user=request.user, task=task, **data)

    return _act(request, saisine, "complete_task", perform, _("Tâche faite."), key=f"complete_task-{task.pk}")


@require_POST
def record_cra(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_record_cra(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "record_cra", perform, _("Relation avec la CRA enregistrée."))


@require_POST
def record_court_action(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_record_court_action(acting_user=request.user, saisine=saisine, **data)

    success = _("Recours contentieux enregistré : la médiation prend fin.")
    return _act(request, saisine, "record_court_action", perform, success)


@require_POST
def propose_equity(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_propose_equity(acting_user=request.user, saisine=saisine, **data)

    success = _("Proposition en équité transmise au directeur.")
    return _act(request, saisine, "propose_equity", perform, success)


@require_POST
def decide_equity(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = get_saisine_for_user(request.user, pk)  # the director decides without changing the case

    def perform(**data):
        services.saisine_decide_equity(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "decide_equity", perform, _("Décision en équité enregistrée."))


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_close(acting_user=request.user, saisine=saisine, **data)

    return _act(request, saisine, "close", perform, _("Saisine clôturée."))


@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(*, detail: str):
        services.saisine_transition(
            acting_user=request.user, saisine=saisine, to_status=Status.UNDER_REVIEW, detail=detail
        )

    return _act(request, saisine, "reopen", perform, _("Saisine rouverte : elle est de nouveau en examen."))


@require_POST
def declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    saisine = _writable(request, pk)

    def perform(**data):
        services.saisine_declare_conflict(acting_user=request.user, saisine=saisine, **data)

    success = _("Conflit d'intérêts déclaré : le dossier est confié au suppléant ou à la suppléante.")
    return _act(request, saisine, "declare_conflict", perform, success)
