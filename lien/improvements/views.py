from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.improvements.access import get_proposal_for_user
from lien.improvements.enums import Status
from lien.improvements.forms import ProposalFilterForm, ProposalForm
from lien.improvements.models import ImprovementProposal
from lien.improvements.selectors import proposals_for, status_counts
from lien.improvements.services import EDITABLE_FIELDS, improvement_create, improvement_update


def _add_errors(form: ProposalForm, error: ValidationError) -> None:
    for field, errors in (
        error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    ).items():
        form.add_error(field if field in form.fields else None, errors)


def improvement_list(request: HttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.SAISINE_VIEW):
        raise Http404
    form = ProposalFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(proposals_for(request.user, status=status), 25).get_page(request.GET.get("page"))
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


def improvement_create_view(request: HttpRequest) -> HttpResponse:
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
                **{name: data[name] for name in EDITABLE_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Proposition enregistrée."))
            return redirect("improvement_detail", pk=proposal.pk)
    return render(request, "improvements/proposal_form.html", {"form": form, "proposal": None})


def improvement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk)
    return render(
        request,
        "improvements/proposal_detail.html",
        {
            "proposal": proposal,
            "evidence": proposal.saisines.order_by("received_on", "reference"),
            "can_edit": has_perm(request.user, Perm.SAISINE_CHANGE, proposal.organisation_id),
        },
    )


def improvement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, pk, write=True)
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            improvement_update(
                acting_user=request.user,
                proposal=proposal,
                saisines=data["saisines"] if "saisine_references" in form.changed_data else None,
                **{name: data[name] for name in form.changed_data if name in EDITABLE_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Proposition enregistrée."))
            return redirect("improvement_detail", pk=proposal.pk)
    return render(request, "improvements/proposal_form.html", {"form": form, "proposal": proposal})
