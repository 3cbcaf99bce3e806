from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.improvements.access import get_proposal_for_user
from lien.improvements.enums import Status
from lien.improvements.forms import ACTION_FORMS, ProposalFilterForm, ProposalForm
from lien.improvements.models import ImprovementProposal
from lien.improvements.selectors import proposals_for, status_counts
from lien.improvements.services import (
    CONTENT_FIELDS,
    editable_fields,
    improvement_create,
    improvement_record_answer,
    improvement_record_implemented,
    improvement_reject,
    improvement_send,
    improvement_update,
)
from lien.improvements.workflow import IMPROVEMENTS
from lien.web.forms import add_service_error
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def improvement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.SAISINE_VIEW):
        raise Http404
    form = ProposalFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = CappedPaginator(proposals_for(request.user, status=status), 25).get_page(request.GET.get("page"))
    counts = status_counts(ImprovementProposal.objects.visible_to(request.user))
    return render(
        request,
        "improvements/proposal_list.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "counts": [(code, Status(code).label, n) for code, n in counts.items()],
            "can_create": bool(organisation_ids_for(request.user, Perm.SAISINE_CHANGE)),
        },
    )


def improvement_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.SAISINE_CHANGE)
    if not organisation_ids:
        raise Http404
    form = ProposalForm(request.POST or None, user=request.user, organisation_ids=organisation_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = improvement_create(
                acting_user=request.user,
                organisation=data["organisation"],
                saisines=data["saisines"],
                **{name: data[name] for name in CONTENT_FIELDS},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Proposition enregistrée."))
            return redirect("improvement_detail", pk=proposal.pk)
    return render(request, "improvements/proposal_form.html", {"form": form, "proposal": None})


def _detail(
    request: AuthenticatedHttpRequest,
    proposal: ImprovementProposal,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of a proposal, with a form for each action the table opens to the user now
    (``bound``: the one just posted, with its errors)."""
    panels = []
    for act in IMPROVEMENTS.available(request.user, proposal):
        posted = bound is not None and bound.prefix == act.name
        initial = {"answer": proposal.answer, "answered_on": proposal.answered_on}
        panels.append(
            {
                "action": act,
                "form": bound if posted else ACTION_FORMS[act.name](prefix=act.name, initial=initial),
                "url": reverse(f"improvement_{act.name}", args=[proposal.pk]),
                "open": posted,
            }
        )
    return render(
        request,
        "improvements/proposal_detail.html",
        {
            "proposal": proposal,
            "evidence": proposal.saisines.order_by("received_on", "reference"),
            "can_edit": has_perm(request.user, Perm.SAISINE_CHANGE, proposal.organisation_id),
            "panels": panels,
        },
        status=status,
    )


def improvement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_proposal_for_user(request.user, pk))


def _on_proposal(
    name: str, service: Callable[..., ImprovementProposal], success: "str | StrPromise"
) -> Callable[..., HttpResponse]:
    """The POST view of an action of workflow.IMPROVEMENTS: refused with its reason when not open
    now, else the form, then the service (its refusal shown on the form, 422)."""

    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        proposal = get_proposal_for_user(request.user, pk, write=True)
        reason = IMPROVEMENTS.refusal(proposal, name, request.user)
        if reason:
            messages.error(request, reason)
            return redirect("improvement_detail", pk=proposal.pk)
        form = ACTION_FORMS[name](request.POST, prefix=name)
        if form.is_valid():
            try:
                service(acting_user=request.user, proposal=proposal, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
                proposal.refresh_from_db()  # the service set facts in memory before refusing
            else:
                messages.success(request, success)
                return redirect("improvement_detail", pk=proposal.pk)
        return _detail(request, proposal, bound=form, status=422)

    view.__name__ = f"improvement_{name}"
    return view


improvement_send_view = _on_proposal("send", improvement_send, _l("Proposition transmise."))
improvement_record_answer_view = _on_proposal(
    "record_answer", improvement_record_answer, _l("Réponse enregistrée.")
)
improvement_record_implemented_view = _on_proposal(
    "record_implemented", improvement_record_implemented, _l("Mise en œuvre notée.")
)
improvement_reject_view = _on_proposal(
    "reject", improvement_reject, _l("Proposition notée comme non retenue.")
)


def improvement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, write=True)
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            improvement_update(
                acting_user=request.user,
                proposal=proposal,
                saisines=data["saisines"] if "saisine_references" in form.changed_data else None,
                **{name: data[name] for name in form.changed_data if name in editable_fields(proposal)},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Proposition enregistrée."))
            return redirect("improvement_detail", pk=proposal.pk)
    return render(request, "improvements/proposal_form.html", {"form": form, "proposal": proposal})
