"""Pages of the registry of patient partners: the list, a partner's page (trainings, conventions,
whether they may be proposed and why not), and the coordination's forms."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.lib import uploads
from lien.partners import services
from lien.partners.access import (
    get_convention_for_user,
    get_partner_for_user,
    get_training_for_user,
    open_file_for_user,
)
from lien.partners.coordination import coordinated_organisations, overview
from lien.partners.forms import ConventionForm, PartnerFilterForm, PartnerForm, TrainingForm, partner_initial
from lien.partners.models import Convention, PatientPartner, Training
from lien.partners.rules import partner_proposable
from lien.web.forms import PeriodForm, apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator


def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.PARTNERS_VIEW):
        raise Http404
    today = timezone.localdate()
    filters = PartnerFilterForm(request.GET or None)
    partners = (
        PatientPartner.objects.visible_to(request.user).matching(on=today, **filters.filters()).for_list()
    )
    page = CappedPaginator(partners, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/partner_list.html",
        {
            "page": page,
            "rows": [(partner, partner_proposable(partner, today)) for partner in page],
            "filters": filters,
            "may_manage": has_perm(request.user, Perm.PARTNERS_MANAGE),
        },
    )


def partner_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk)
    partner = PatientPartner.objects.for_list().get(pk=partner.pk)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "status": partner_proposable(partner, timezone.localdate()),
            "may_manage": has_perm(request.user, Perm.PARTNERS_MANAGE, partner.organisation_id),
        },
    )


def partner_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = (
        Organisation.objects.filter(pk__in=organisation_ids_for(request.user, Perm.PARTNERS_MANAGE))
        .order_by("name")
        .first()
    )
    if organisation is None:
        raise Http404
    form = PartnerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        partner = apply_service(
            form,
            services.partner_create,
            acting_user=request.user,
            organisation=organisation,
            **form.cleaned_data,
        )
        if partner is not None:
            messages.success(request, _("Patient·e partenaire ajouté·e au registre."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "organisation": organisation, "partner": None},
        status=422 if form.is_bound else 200,
    )


def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    form = PartnerForm(
        request.POST or None,
        organisation=partner.organisation,
        partner=partner,
        initial=partner_initial(partner),
    )
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, services.partner_update, acting_user=request.user, partner=partner, **form.cleaned_data
        ):
            messages.success(request, _("Fiche enregistrée."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "organisation": partner.organisation, "partner": partner},
        status=422 if form.is_bound else 200,
    )


def training_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    form = TrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, services.training_add, acting_user=request.user, partner=partner, **form.cleaned_data
        ):
            messages.success(
                request, _("Formation enregistrée : elle compte une fois validée par la coordination.")
            )
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/upload_form.html",
        {
            "form": form,
            "partner": partner,
            "title": _("Ajouter une formation"),
            "submit": _("Enregistrer la formation"),
        },
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def training_validate(request: AuthenticatedHttpRequest, pk: int, training_pk: int) -> HttpResponse:
    """GET: what the coordinator is about to validate; POST: validate."""
    training = get_training_for_user(request.user, pk, training_pk, write=True)
    if request.method == "POST":
        try:
            services.training_validate(acting_user=request.user, training=training)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Formation validée."))
        return redirect("partners:detail", pk=pk)
    return render(
        request, "partners/training_validate.html", {"training": training, "partner": training.partner}
    )


def convention_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request.user, pk, write=True)
    form = ConventionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, services.convention_add, acting_user=request.user, partner=partner, **form.cleaned_data
        ):
            messages.success(request, _("Convention enregistrée."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/upload_form.html",
        {
            "form": form,
            "partner": partner,
            "title": _("Ajouter une convention"),
            "submit": _("Enregistrer la convention"),
        },
        status=422 if form.is_bound else 200,
    )


def _download(request: AuthenticatedHttpRequest, obj: Training | Convention, stem: str) -> FileResponse:
    file = open_file_for_user(request.user, obj)
    suffix = PurePath(file.name or "").suffix
    # Not cached: the NoStoreMiddleware answers every response so. Always a download, typed by
    # the suffix its content was checked against (and nosniff: SECURE_CONTENT_TYPE_NOSNIFF).
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{stem}-{obj.pk}{suffix}",
        content_type=uploads.content_type_for(file.name or ""),
    )


def training_certificate(request: AuthenticatedHttpRequest, pk: int, training_pk: int) -> FileResponse:
    return _download(request, get_training_for_user(request.user, pk, training_pk), "attestation")


def convention_file(request: AuthenticatedHttpRequest, pk: int, convention_pk: int) -> FileResponse:
    return _download(request, get_convention_for_user(request.user, pk, convention_pk), "convention")


def coordination(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's view: what waits for the coordination and the programme's figures."""
    if not coordinated_organisations(request.user):
        raise Http404
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    start, end = form.period()
    return render(
        request,
        "partners/coordination.html",
        {"form": form, "overview": overview(request.user, start=start, end=end, today=today)},
        status=422 if form.is_bound and not form.is_valid() else 200,
    )
