from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.followup.views import apply_service
from lien.people.forms import PersonSearchForm
from lien.people.models import Person
from lien.prevention.access import get_person_for_prevention, get_test_for_user, rapid_tests_visible_to
from lien.prevention.enums import LINKAGE_TRANSITIONS, TestResult
from lien.prevention.forms import AdviceForm, CollectiveActionForm, LinkageForm, RapidTestForm
from lien.prevention.models import CollectiveAction
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_link_to_care,
    rapid_test_record,
)


def _recording_organisations(request: HttpRequest) -> set[int]:
    ids = organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    if not ids:
        raise Http404
    return ids


def prevention_home(request: HttpRequest) -> HttpResponse:
    recording = organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    if not recording and not organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW):
        raise Http404
    visible = rapid_tests_visible_to(request.user).select_related("person", "performed_by")
    return render(
        request,
        "prevention/home.html",
        {
            "can_record": bool(recording),
            "to_follow": list(
                visible.filter(result=TestResult.REACTIVE).exclude(
                    linkage_status__in=["confirmed", "not_confirmed"]
                )
            ),
            "my_tests": list(visible.filter(performed_by=request.user)[:10]),
            "actions": list(CollectiveAction.objects.visible_to(request.user)[:10]),
        },
    )


def _choose_person(request: HttpRequest, *, title: str, organisation_ids: set[int]) -> HttpResponse:
    """First step of a record: an identified person (searched) or an anonymous one."""
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = []
    if query:
        found = list(
            Person.objects.visible_to(request.user)
            .identified()
            .filter(organisation_id__in=organisation_ids)
            .search(query)
            .select_related("commune")[:20]
        )
    return render(
        request,
        "prevention/choose_person.html",
        {"title": title, "search": search, "query": query, "found": found},
    )


def _chosen_person(request: HttpRequest) -> tuple[bool, Person | None]:
    """Whether the person is chosen yet, and who: ``?personne=`` for an identified person,
    ``?anonyme=1`` for an anonymous one (then None)."""
    if request.GET.get("personne"):
        if not request.GET["personne"].isdigit():
            raise Http404
        return True, get_person_for_prevention(request.user, int(request.GET["personne"]))
    return request.GET.get("anonyme") == "1", None


def test_create_view(request: HttpRequest) -> HttpResponse:
    organisation_ids = _recording_organisations(request)
    chosen, person = _chosen_person(request)
    if not chosen:
        return _choose_person(request, title=_("Nouveau dépistage (TROD)"), organisation_ids=organisation_ids)
    form = RapidTestForm(request.POST or None, organisation_ids=None if person else organisation_ids)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation", None)
        test = apply_service(
            form,
            rapid_test_record,
            acting_user=request.user,
            person=person,
            organisation=organisation,
            **data,
        )
        if test:
            messages.success(request, _("Dépistage enregistré."))
            return redirect("prevention:test_detail", pk=test.pk)
    return render(
        request,
        "prevention/record_form.html",
        {
            "title": _("Nouveau dépistage (TROD)"),
            "person": person,
            "form": form,
            "submit": _("Enregistrer le dépistage"),
        },
    )


def advice_create_view(request: HttpRequest) -> HttpResponse:
    organisation_ids = _recording_organisations(request)
    chosen, person = _chosen_person(request)
    if not chosen:
        return _choose_person(request, title=_("Conseil de prévention"), organisation_ids=organisation_ids)
    form = AdviceForm(request.POST or None, organisation_ids=None if person else organisation_ids)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation", None)
        if apply_service(
            form, advice_record, acting_user=request.user, person=person, organisation=organisation, **data
        ):
            messages.success(request, _("Conseil enregistré."))
            if person and has_perm(request.user, Perm.FOLLOWUP_VIEW, person.organisation_id):
                return redirect("followup:person", pk=person.pk)
            return redirect("prevention:home")
    return render(
        request,
        "prevention/record_form.html",
        {
            "title": _("Conseil de prévention"),
            "person": person,
            "form": form,
            "submit": _("Enregistrer le conseil"),
        },
    )


def test_detail(request: HttpRequest, pk: int) -> HttpResponse:
    test = get_test_for_user(request.user, pk)
    can_link = test.result == TestResult.REACTIVE and has_perm(
        request.user, Perm.PREVENTION_RECORD, test.organisation_id
    )
    allowed = LINKAGE_TRANSITIONS.get(test.linkage_status, set())
    form = (
        LinkageForm(initial={"structure": test.linkage_structure}, allowed=allowed)
        if can_link and allowed
        else None
    )
    return render(request, "prevention/test_detail.html", {"test": test, "form": form})


@require_POST
def test_linkage(request: HttpRequest, pk: int) -> HttpResponse:
    test = get_test_for_user(request.user, pk, write=True)
    form = LinkageForm(request.POST, allowed=LINKAGE_TRANSITIONS.get(test.linkage_status, set()))
    if form.is_valid() and apply_service(
        form, rapid_test_link_to_care, acting_user=request.user, test=test, **form.cleaned_data
    ):
        messages.success(request, _("Lien vers le soin enregistré."))
        return redirect("prevention:test_detail", pk=test.pk)
    return render(request, "prevention/test_detail.html", {"test": test, "form": form}, status=422)


def collective_action_list(request: HttpRequest) -> HttpResponse:
    ids = organisation_ids_for(request.user, Perm.PREVENTION_RECORD) | organisation_ids_for(
        request.user, Perm.FOLLOWUP_VIEW
    )
    if not ids:
        raise Http404
    actions = CollectiveAction.objects.visible_to(request.user).select_related("commune")[:100]
    can_record = bool(organisation_ids_for(request.user, Perm.PREVENTION_RECORD))
    return render(
        request, "prevention/collective_actions.html", {"actions": actions, "can_record": can_record}
    )


def collective_action_create_view(request: HttpRequest) -> HttpResponse:
    organisation_ids = _recording_organisations(request)
    form = CollectiveActionForm(request.POST or None, organisation_ids=organisation_ids)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, collective_action_record, acting_user=request.user, **form.cleaned_data):
            messages.success(request, _("Action collective enregistrée."))
            return redirect("prevention:collective_actions")
    return render(
        request,
        "prevention/record_form.html",
        {
            "title": _("Nouvelle action collective"),
            "person": None,
            "form": form,
            "submit": _("Enregistrer l'action"),
        },
    )
