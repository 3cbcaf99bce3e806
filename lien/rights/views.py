from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.rights.access import get_person_for_rights, get_procedure_for_user, get_reminder_for_user
from lien.rights.enums import TRANSITIONS, Status
from lien.rights.forms import (
    DocumentsForm,
    ProcedureEditForm,
    ProcedureFilterForm,
    ProcedureStartForm,
    TransitionForm,
)
from lien.rights.selectors import ProcedureFilters, open_reminders, procedures_for
from lien.rights.services import (
    procedure_documents_update,
    procedure_renew,
    procedure_start,
    procedure_transition,
    procedure_update,
    reminder_done,
)


def rights_list(request: HttpRequest) -> HttpResponse:
    """The mediator's list: reminders of rights to renew first, then procedures in progress."""
    if not organisation_ids_for(request.user, Perm.RIGHTS_VIEW):
        raise Http404
    form = ProcedureFilterForm(request.GET or None)
    filters = ProcedureFilters(**form.cleaned_data) if form.is_valid() else ProcedureFilters()
    page = Paginator(procedures_for(request.user, filters), 30).get_page(request.GET.get("page"))
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


def procedure_create(request: HttpRequest, person_id: int) -> HttpResponse:
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


def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk)
    can_change = has_perm(request.user, Perm.RIGHTS_CHANGE, procedure.organisation_id)
    context = {
        "procedure": procedure,
        "person": procedure.person,
        "can_change": can_change,
        "documents_form": DocumentsForm(procedure=procedure) if can_change else None,
        "transition_form": TransitionForm(status=procedure.status)
        if can_change and TRANSITIONS[procedure.status]
        else None,
        "can_renew": can_change
        and procedure.status == Status.GRANTED
        and not procedure.renewals.exclude(status=Status.ABANDONED).exists(),
        "events": procedure.events.select_related("user"),
        "renewals": procedure.renewals.all(),
        "reminders": procedure.reminders.all(),
    }
    return render(request, "rights/procedure_detail.html", context)


def procedure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    initial = {
        name: getattr(procedure, name)
        for name in [
            "started_on",
            "filed_on",
            "decision_on",
            "rights_start",
            "rights_end",
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


@require_POST
def procedure_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    form = TransitionForm(request.POST, status=procedure.status)
    if form.is_valid():
        try:
            procedure_transition(acting_user=request.user, procedure=procedure, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Étape enregistrée : %(status)s.") % {"status": procedure.get_status_display()}
            )
    else:
        messages.error(request, _("Choisissez l'étape et sa date."))
    return redirect("rights:detail", pk=procedure.pk)


@require_POST
def procedure_documents(request: HttpRequest, pk: int) -> HttpResponse:
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
def procedure_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, pk, write=True)
    try:
        renewal = procedure_renew(acting_user=request.user, procedure=procedure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rights:detail", pk=procedure.pk)
    messages.success(request, _("Renouvellement commencé."))
    return redirect("rights:detail", pk=renewal.pk)


@require_POST
def reminder_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_reminder_for_user(request.user, pk)
    reminder_done(acting_user=request.user, reminder=reminder)
    messages.success(request, _("Rappel marqué comme traité."))
    return redirect("rights:list")
