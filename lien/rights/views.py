from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.rights.access import get_person_for_rights, get_procedure_for_user, get_reminder_for_user
from lien.rights.forms import (
    ACTION_FORMS,
    DocumentsForm,
    ProcedureEditForm,
    ProcedureFilterForm,
    ProcedureStartForm,
)
from lien.rights.models import Procedure
from lien.rights.sections import sections_for
from lien.rights.selectors import ProcedureFilters, open_reminders, procedures_for
from lien.rights.services import (
    procedure_abandon,
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_refuse,
    procedure_renew,
    procedure_resume,
    procedure_return_to_documents,
    procedure_start,
    procedure_update,
    reminder_done,
)
from lien.rights.workflow import PROCEDURES
from lien.web.actions import action_view
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def rights_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The mediator's list: reminders of rights to renew first, then procedures in progress."""
    if not organisation_ids_for(request.user, Perm.RIGHTS_VIEW):
        raise Http404
    form = ProcedureFilterForm(request.GET or None)
    filters = ProcedureFilters(**form.cleaned_data) if form.is_valid() else ProcedureFilters()
    page = CappedPaginator(procedures_for(request.user, filters), 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    reminders = list(open_reminders(request.user))
    for reminder in reminders:
        reminder.days_left = (reminder.due_on - today).days
    context = {
        "form": form,
        "page": page,
        "reminders": reminders,
        "can_change": bool(organisation_ids_for(request.user, Perm.RIGHTS_CHANGE)),
    }
    return render(request, "rights/rights_list.html", context)


def procedure_create(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_rights(request.user, person_id, write=True)
    if person.is_anonymised:
        raise Http404
    form = ProcedureStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = procedure_start(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Démarche commencée : cochez les pièces au fur et à mesure."))
            return redirect("rights:detail", pk=procedure.pk)
    return render(request, "rights/procedure_start.html", {"form": form, "person": person})


def _detail(
    request: AuthenticatedHttpRequest,
    procedure: Procedure,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of a procedure, with a form for each action the table opens to the user now
    (``bound``: the one just posted, with its errors)."""
    can_change = has_perm(request.user, Perm.RIGHTS_CHANGE, procedure.organisation_id)
    available = PROCEDURES.available(request.user, procedure)
    panels = [
        {
            "action": act,
            "form": bound
            if bound is not None and bound.prefix == act.name
            else ACTION_FORMS[act.name](prefix=act.name, initial={"remind_person": procedure.remind_person}),
            "url": reverse(f"rights:{act.name}", args=[procedure.pk]),
            "open": bound is not None and bound.prefix == act.name,
        }
        for act in available
        if act.name in ACTION_FORMS
    ]
    # Each step with the action that took it (steps logged before actions were named have none).
    events = [
        (event, PROCEDURES[event.action].label if event.action in PROCEDURES else "")
        for event in procedure.events.select_related("user")
    ]
    context = {
        "procedure": procedure,
        "person": procedure.person,
        "can_change": can_change,
        "documents_form": DocumentsForm(procedure=procedure) if can_change else None,
        "panels": panels,
        "can_renew": any(act.name == "renew" for act in available),
        "events": events,
        "renewals": procedure.renewals.all(),
        "reminders": procedure.reminders.all(),
        "sections": sections_for(request.user, procedure),
    }
    return render(request, "rights/procedure_detail.html", context, status=status)


def procedure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_procedure_for_user(request.user, pk))


def procedure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    initial = {
        name: getattr(procedure, name)
        for name in [
            "started_on",
            "filed_on",
            "decision_on",
            "rights_start",
            "rights_end",
            "remind_person",
            "followed_by",
            "notes",
        ]
    }
    form = ProcedureEditForm(request.POST or None, initial=initial, organisation_id=procedure.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            procedure_update(acting_user=request.user, procedure=procedure, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Démarche enregistrée."))
            return redirect("rights:detail", pk=procedure.pk)
    return render(request, "rights/procedure_edit.html", {"form": form, "procedure": procedure})


def _on_procedure(name: str, service: Callable[..., Procedure], success: "str | StrPromise"):
    """The POST view of an action of workflow.PROCEDURES."""
    return action_view(
        workflow=PROCEDURES,
        name=name,
        service=service,
        success=success,
        get_object=lambda user, pk: get_procedure_for_user(user, pk, write=True),
        object_arg="procedure",
        form_class=ACTION_FORMS[name],
        detail="rights:detail",
        page=lambda request, procedure, form: _detail(request, procedure, bound=form, status=422),
    )


file = _on_procedure("file", procedure_file, _l("Étape enregistrée : dossier déposé."))
return_to_documents = _on_procedure(
    "return_to_documents", procedure_return_to_documents, _l("Étape enregistrée : pièces à réunir.")
)
grant = _on_procedure("grant", procedure_grant, _l("Étape enregistrée : droits accordés."))
refuse = _on_procedure("refuse", procedure_refuse, _l("Étape enregistrée : demande refusée."))
abandon = _on_procedure("abandon", procedure_abandon, _l("Étape enregistrée : démarche abandonnée."))
resume = _on_procedure("resume", procedure_resume, _l("Étape enregistrée : la démarche reprend."))


@require_POST
def procedure_documents(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    form = DocumentsForm(request.POST, procedure=procedure)
    if form.is_valid():
        procedure_documents_update(
            acting_user=request.user,
            procedure=procedure,
            gathered_ids={int(pk) for pk in form.cleaned_data["gathered"]},
            on=timezone.localdate(),
            new_label=form.cleaned_data["new_label"],
        )
        messages.success(request, _("Pièces enregistrées."))
    else:
        messages.error(request, _("Pièces invalides."))
    return redirect("rights:detail", pk=procedure.pk)


@require_POST
def procedure_renew_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    try:
        renewal = procedure_renew(acting_user=request.user, procedure=procedure)
    except ValidationError as error:  # not open now (the engine's reason), or a wrong date
        messages.error(request, " ".join(error.messages))
        return redirect("rights:detail", pk=procedure.pk)
    messages.success(request, _("Renouvellement commencé."))
    return redirect("rights:detail", pk=renewal.pk)


@require_POST
def reminder_done_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reminder = get_reminder_for_user(request.user, pk)
    reminder_done(acting_user=request.user, reminder=reminder)
    messages.success(request, _("Rappel marqué comme traité."))
    return redirect("rights:list")
