from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.people.forms import PersonSearchForm
from lien.people.models import Person
from lien.prevention.access import get_person_for_prevention, get_test_for_user, rapid_tests_visible_to
from lien.prevention.enums import TestResult
from lien.prevention.forms import LINKAGE_FORMS, AdviceForm, CollectiveActionForm, RapidTestForm
from lien.prevention.models import CollectiveAction, RapidTest
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_orient,
    rapid_test_record,
    rapid_test_record_confirmed,
    rapid_test_record_lost,
    rapid_test_record_not_confirmed,
    rapid_test_record_seen,
)
from lien.prevention.workflow import LINKAGES
from lien.web.actions import action_view
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest, id_from

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _recording_organisations(request: AuthenticatedHttpRequest) -> set[int]:
    ids = organisation_ids_for(request.user, Perm.PREVENTION_RECORD)
    if not ids:
        raise Http404
    return ids


def prevention_home(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def _choose_person(
    request: AuthenticatedHttpRequest, *, title: str, organisation_ids: set[int]
) -> HttpResponse:
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


def _chosen_person(request: AuthenticatedHttpRequest) -> tuple[bool, Person | None]:
    """Whether the person is chosen yet, and who: ``?personne=`` for an identified person,
    ``?anonyme=1`` for an anonymous one (then None)."""
    if request.GET.get("personne"):
        if (person_id := id_from(request.GET["personne"])) is None:
            raise Http404
        return True, get_person_for_prevention(request.user, person_id)
    return request.GET.get("anonyme") == "1", None


def test_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def advice_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def _test_page(
    request: AuthenticatedHttpRequest,
    test: RapidTest,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of a test, with a form for each linkage action the table opens to the user now
    (``bound``: the one just posted, with its errors)."""
    panels = [
        {
            "action": act,
            "form": bound
            if bound is not None and bound.prefix == act.name
            else LINKAGE_FORMS[act.name](prefix=act.name, initial={"structure": test.linkage_structure}),
            "url": reverse(f"prevention:{act.name}", args=[test.pk]),
            "open": bound is not None and bound.prefix == act.name,
        }
        for act in LINKAGES.available(request.user, test)
    ]
    return render(request, "prevention/test_detail.html", {"test": test, "panels": panels}, status=status)


def test_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _test_page(request, get_test_for_user(request.user, pk))


def _on_linkage(name: str, service: Callable[..., RapidTest], success: "str | StrPromise"):
    """The POST view of an action of workflow.LINKAGES."""
    return action_view(
        workflow=LINKAGES,
        name=name,
        service=service,
        success=success,
        get_object=lambda user, pk: get_test_for_user(user, pk, write=True),
        object_arg="test",
        form_class=LINKAGE_FORMS[name],
        detail="prevention:test_detail",
        page=lambda request, test, form: _test_page(request, test, bound=form, status=422),
    )


orient = _on_linkage("orient", rapid_test_orient, _l("Orientation vers le soin enregistrée."))
record_seen = _on_linkage(
    "record_seen", rapid_test_record_seen, _l("Noté : la personne a été reçue par la structure de soins.")
)
record_confirmed = _on_linkage(
    "record_confirmed", rapid_test_record_confirmed, _l("Noté : diagnostic confirmé, prise en charge.")
)
record_not_confirmed = _on_linkage(
    "record_not_confirmed", rapid_test_record_not_confirmed, _l("Noté : résultat non confirmé.")
)
record_lost = _on_linkage("record_lost", rapid_test_record_lost, _l("Noté : la personne est perdue de vue."))


def collective_action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def collective_action_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
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
