from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.accounts.reauth import require_recent_auth
from lien.communes.models import Commune
from lien.people.access import get_person_for_user, get_person_with_perm
from lien.people.anonymity import age_band_of
from lien.people.consent import CURRENT_INFORMATION_VERSION, INFORMATION_TEXTS
from lien.people.enums import AgeBand
from lien.people.forms import (
    ConsentRecordForm,
    ConsentWithdrawForm,
    PersonCreateForm,
    PersonForm,
    PersonSearchForm,
)
from lien.people.models import Person
from lien.people.panels import panels_for
from lien.people.services import (
    SimilarPeopleFound,
    consent_record,
    consent_withdraw,
    person_create_unless_similar,
    person_update,
)
from lien.people.subject_access import person_data_export, printable_sections
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator
from lien.web.pdf import html_to_pdf


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed and target.startswith("/") else ""


def departement_label(code: str) -> str:
    """« Aude (11) », from the referential of communes (the code alone when it has none)."""
    name = Commune.objects.filter(departement=code).values_list("departement_name", flat=True).first()
    return f"{name} ({code})" if name else code


def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.PERSON_VIEW):
        raise Http404
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = (
        Person.objects.visible_to(request.user)
        .identified()
        .search(query)
        .select_related("commune", "organisation")
    )
    page = CappedPaginator(people, 25).get_page(request.GET.get("page"))
    can_create = bool(organisation_ids_for(request.user, Perm.PERSON_CHANGE))
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page": page, "query": query, "can_create": can_create},
    )


def person_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.PERSON_CHANGE)
    if not organisation_ids:
        raise Http404
    can_see_medical = bool(organisation_ids & organisation_ids_for(request.user, Perm.MEDICAL_VIEW))
    form = PersonCreateForm(
        request.POST or None, organisation_ids=organisation_ids, can_see_medical=can_see_medical
    )
    similar: list[Person] = []
    next_url = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create_unless_similar(
                acting_user=request.user,
                organisation=data["organisation"],
                confirm_new=data["confirm_new"],
                consent=form.consent,
                **form.person_fields(),
            )
        except SimilarPeopleFound as found:
            similar = found.people
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fiche créée."))
            if next_url:
                separator = "&" if "?" in next_url else "?"
                return redirect(f"{next_url}{separator}person={person.pk}")
            return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "similar": similar,
            "creating": True,
            "next": next_url,
            "information_text": INFORMATION_TEXTS[CURRENT_INFORMATION_VERSION],
        },
    )


def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    # An anonymised file is closed: no action of its own, none from the panels (panels_for).
    can_edit = has_perm(request.user, Perm.PERSON_CHANGE, person.organisation_id) and not person.is_anonymised
    can_withdraw = (
        has_perm(request.user, Perm.CONSENT_WITHDRAW, person.organisation_id) and not person.is_anonymised
    )
    can_see_medical = has_perm(request.user, Perm.MEDICAL_VIEW, person.organisation_id)
    context = {
        "can_export_data": has_perm(request.user, Perm.PERSON_DATA_EXPORT, person.organisation_id),
        "person": person,
        "can_edit": can_edit,
        "can_withdraw": can_withdraw,
        "can_see_medical": can_see_medical,
        "age_band": AgeBand(band).label if (band := age_band_of(person)) else "",
        "departement": departement_label(person.departement) if person.departement else "",
        "consent": person.current_consent() if person.requires_consent else None,
        "languages": [row.get_language_display() for row in person.languages.all()],
        "vulnerabilities": [row.get_factor_display() for row in person.vulnerabilities.all()]
        if can_see_medical
        else [],
        "panels": panels_for(request.user, person),
    }
    return render(request, "people/person_detail.html", context)


def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if person.is_anonymised:
        raise Http404
    can_see_medical = has_perm(request.user, Perm.MEDICAL_VIEW, person.organisation_id)
    form = PersonForm(request.POST or None, instance=person, can_see_medical=can_see_medical)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(acting_user=request.user, person=person, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fiche enregistrée."))
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "creating": False})


def consent_record_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if not person.requires_consent or person.is_anonymised:
        raise Http404
    form = ConsentRecordForm(request.POST or None)
    # A valid form carries the consent (``consent`` is None only when the form has errors).
    if request.method == "POST" and form.is_valid() and form.consent is not None:
        try:
            consent_record(acting_user=request.user, person=person, consent=form.consent)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consentement enregistré."))
            return redirect("person_detail", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "information_text": INFORMATION_TEXTS[CURRENT_INFORMATION_VERSION],
        "version": CURRENT_INFORMATION_VERSION,
    }
    return render(request, "people/consent_form.html", context)


def consent_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The permission first, so that a refusal leaves no read of the file in the journal.
    person = get_person_with_perm(request.user, pk, Perm.CONSENT_WITHDRAW)
    if not person.requires_consent or person.is_anonymised:
        raise Http404
    require_recent_auth(request)  # the anonymisation cannot be undone
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                acting_user=request.user, person=person, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consentement retiré : la fiche est anonymisée."))
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/consent_withdraw.html", {"form": form, "person": person})


def person_data_export_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The person's request of access, answered as JSON (the same content as the PDF)."""
    person = get_person_with_perm(request.user, pk, Perm.PERSON_DATA_EXPORT)
    require_recent_auth(request)
    data = person_data_export(acting_user=request.user, person=person, kind="JSON")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{person.pk}.json"'
    return response


def person_data_export_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The person's request of access, printed to hand or send to them."""
    person = get_person_with_perm(request.user, pk, Perm.PERSON_DATA_EXPORT)
    require_recent_auth(request)
    data = person_data_export(acting_user=request.user, person=person, kind="PDF")
    html = render_to_string(
        "people/person_data_print.html", {"data": data, "sections": printable_sections(data)}
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{person.pk}.pdf"'
    return response


def information_text(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The information text to show (or print for) a person before recording their consent."""
    if not organisation_ids_for(request.user, Perm.PERSON_CHANGE):
        raise Http404
    version = request.GET.get("version", CURRENT_INFORMATION_VERSION)
    if version not in INFORMATION_TEXTS:
        raise Http404
    return render(
        request,
        "people/information_text.html",
        {"version": version, "text": INFORMATION_TEXTS[version], "versions": list(INFORMATION_TEXTS)},
    )
