from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.assessments.access import get_assessment_for_user, get_person_for_assessments
from lien.assessments.epices import PRECARITY_THRESHOLD, QUESTIONS
from lien.assessments.forms import AssessmentForm
from lien.assessments.models import Assessment
from lien.assessments.selectors import assessments_compare, person_assessments
from lien.assessments.services import assessment_create, assessment_update
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator


def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest assessments of the user's organisations."""
    if not organisation_ids_for(request.user, Perm.ASSESSMENT_VIEW):
        raise Http404
    assessments = Assessment.objects.visible_to(request.user).select_related("person", "organisation")
    page = CappedPaginator(assessments, 25).get_page(request.GET.get("page"))
    return render(
        request, "assessments/assessment_list.html", {"page": page, "threshold": PRECARITY_THRESHOLD}
    )


def person_assessment_list(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_assessments(request.user, person_id)
    assessments = person_assessments(person)
    context = {
        "person": person,
        "assessments": list(reversed(assessments)),
        "comparison": assessments_compare(assessments),
        "can_change": has_perm(request.user, Perm.ASSESSMENT_CHANGE, person.organisation_id)
        and not person.is_anonymised,
        "threshold": PRECARITY_THRESHOLD,
    }
    return render(request, "assessments/person_assessments.html", context)


def assessment_create_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_assessments(request.user, person_id, write=True)
    if person.is_anonymised:
        raise Http404
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(acting_user=request.user, person=person, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form, "person": person})


def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk)
    answers = assessment.epices_answers or [None] * len(QUESTIONS)
    context = {
        "assessment": assessment,
        "person": assessment.person,
        "epices": list(zip(QUESTIONS, answers, strict=True)),
        "threshold": PRECARITY_THRESHOLD,
        "can_change": has_perm(request.user, Perm.ASSESSMENT_CHANGE, assessment.organisation_id)
        and not assessment.person.is_anonymised,
    }
    return render(request, "assessments/assessment_detail.html", context)


def assessment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, pk, write=True)
    if assessment.person.is_anonymised:
        raise Http404
    form = AssessmentForm(request.POST or None, initial=AssessmentForm.initial_for(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            assessment_update(acting_user=request.user, assessment=assessment, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("assessments:detail", pk=assessment.pk)
    context = {"form": form, "person": assessment.person, "assessment": assessment}
    return render(request, "assessments/assessment_form.html", context)
