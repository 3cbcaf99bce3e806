from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.followup.access import (
    get_followed_person_for_user,
    get_goal_action_for_user,
    get_goal_for_user,
    get_person_for_prescriptions,
    get_prescription_for_user,
)
from lien.followup.forms import (
    ContactForm,
    EndForm,
    FollowupSettingsForm,
    GoalActionForm,
    GoalForm,
    PrescriptionForm,
    ScheduleForm,
)
from lien.followup.models import Followup, Goal
from lien.followup.overview import person_followup_page
from lien.followup.selectors import call_list_for, team_members
from lien.followup.services import (
    contact_record,
    followup_end,
    followup_resume,
    followup_schedule,
    followup_settings_for,
    followup_settings_save,
    followup_start,
    goal_abandon,
    goal_achieve,
    goal_action_add,
    goal_action_mark,
    goal_create,
    goal_reopen,
    prescription_add,
    prescription_mark,
)
from lien.followup.workflow import FOLLOWUPS, GOALS
from lien.people.forms import PersonSearchForm
from lien.people.models import Person
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pages import form_page

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _back(person_pk: int) -> str:
    """Where the small forms of a follow-up return: the person's follow-up page."""
    return reverse("followup:person", args=[person_pk])


def call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW):
        raise Http404
    mine = request.GET.get("equipe") != "1"
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = []
    if query:
        found = list(
            Person.objects.visible_to(request.user)
            .identified()
            .filter(organisation_id__in=organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW))
            .search(query)
            .select_related("commune")[:20]
        )
    calls = call_list_for(request.user, today=timezone.localdate(), mine=mine)
    return render(
        request,
        "followup/call_list.html",
        {"calls": calls, "mine": mine, "search": search, "query": query, "found": found},
    )


def person_followup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk)
    context = person_followup_page(request.user, person, today=timezone.localdate())
    return render(request, "followup/person_followup.html", context | {"person": person})


def contact_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, contact_record, acting_user=request.user, person=person, **form.cleaned_data):
            messages.success(request, _("Contact enregistré."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Noter un contact"),
        submit=_("Enregistrer le contact"),
        back=_back(person.pk),
    )


def schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    followup = Followup.objects.filter(person=person).first()
    initial = (
        {"next_contact_on": followup.next_contact_on, "referent": followup.referent_id} if followup else {}
    )
    form = ScheduleForm(request.POST or None, initial=initial, members=team_members({person.organisation_id}))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, followup_schedule, acting_user=request.user, person=person, **form.cleaned_data
        ):
            messages.success(request, _("Suivi enregistré."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Prochain contact et référent·e"),
        submit=_("Enregistrer"),
        back=_back(person.pk),
    )


def _refused(request: AuthenticatedHttpRequest, reason: str, person_pk: int) -> HttpResponse:
    """An action not open now: the page says why, nothing changes."""
    messages.error(request, reason)
    return redirect("followup:person", pk=person_pk)


@require_POST
def followup_start_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    try:
        followup_start(acting_user=request.user, person=person)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), person.pk)
    messages.success(request, _("Suivi commencé."))
    return redirect("followup:person", pk=person.pk)


def followup_end_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    followup = Followup.objects.filter(person=person).first()
    if followup is None:
        raise Http404
    followup.person = person
    reason = FOLLOWUPS.refusal(followup, "end", request.user)
    if reason:
        return _refused(request, reason, person.pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, followup_end, acting_user=request.user, followup=followup, **form.cleaned_data
        ):
            messages.success(request, _("Suivi terminé : la personne ne sera plus signalée en rupture."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Terminer le suivi"),
        submit=_("Terminer le suivi"),
        back=_back(person.pk),
    )


@require_POST
def followup_resume_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    followup = Followup.objects.filter(person=person).first()
    if followup is None:
        raise Http404
    followup.person = person
    reason = FOLLOWUPS.refusal(followup, "resume", request.user)
    if reason:
        return _refused(request, reason, person.pk)
    followup_resume(acting_user=request.user, followup=followup)
    messages.success(request, _("Suivi repris."))
    return redirect("followup:person", pk=person.pk)


def goal_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = apply_service(
            form,
            goal_create,
            acting_user=request.user,
            person=person,
            title=data["title"],
            agreed_on=data["agreed_on"],
            actions=[data["first_action"]],
        )
        if created:
            messages.success(request, _("Objectif enregistré."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Nouvel objectif"),
        submit=_("Enregistrer l'objectif"),
        back=_back(person.pk),
    )


def goal_action_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Action ``add_step`` of a goal: its form."""
    goal = get_goal_for_user(request.user, pk)
    reason = GOALS.refusal(goal, "add_step", request.user)
    if reason:
        return _refused(request, reason, goal.person_id)
    form = GoalActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, goal_action_add, acting_user=request.user, goal=goal, **form.cleaned_data):
            messages.success(request, _("Action ajoutée."))
            return redirect("followup:person", pk=goal.person_id)
    title = _("Nouvelle action pour « %(goal)s »") % {"goal": goal.title}
    return form_page(
        request,
        person=goal.person,
        form=form,
        title=title,
        submit=_("Ajouter l'action"),
        back=_back(goal.person_id),
    )


@require_POST
def goal_action_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_goal_action_for_user(request.user, pk)
    done_on = None if action.done_on else timezone.localdate()
    goal_action_mark(acting_user=request.user, action=action, done_on=done_on)
    return redirect("followup:person", pk=action.goal.person_id)


def _on_goal(
    name: str, service: Callable[..., Goal], success: "str | StrPromise"
) -> Callable[..., HttpResponse]:
    """The POST view of a goal's action that needs no input (today's date for a closure)."""

    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        goal = get_goal_for_user(request.user, pk)
        reason = GOALS.refusal(goal, name, request.user)
        if reason:
            return _refused(request, reason, goal.person_id)
        try:
            service(acting_user=request.user, goal=goal)
        except ValidationError as error:
            return _refused(request, " ".join(error.messages), goal.person_id)
        messages.success(request, success)
        return redirect("followup:person", pk=goal.person_id)

    view.__name__ = f"goal_{name}"
    return view


goal_achieve_view = _on_goal("achieve", goal_achieve, _l("Objectif atteint."))
goal_abandon_view = _on_goal("abandon", goal_abandon, _l("Objectif abandonné."))
goal_reopen_view = _on_goal("reopen", goal_reopen, _l("Objectif rouvert."))


def prescription_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_prescriptions(request.user, pk)
    form = PrescriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, prescription_add, acting_user=request.user, person=person, **form.cleaned_data
        ):
            messages.success(request, _("Prescription enregistrée."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Examen ou consultation prescrit"),
        submit=_("Enregistrer"),
        back=_back(person.pk),
    )


@require_POST
def prescription_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    prescription = get_prescription_for_user(request.user, pk)
    done_on = None if prescription.done_on else timezone.localdate()
    prescription_mark(acting_user=request.user, prescription=prescription, done_on=done_on)
    return redirect("followup:person", pk=prescription.person_id)


def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = list(
        Organisation.objects.filter(pk__in=organisation_ids_for(request.user, Perm.FOLLOWUP_CHANGE))
    )
    if not organisations:
        raise Http404
    chosen = next(
        (o for o in organisations if str(o.pk) == request.GET.get("organisation")), organisations[0]
    )
    form = FollowupSettingsForm(request.POST or None, instance=followup_settings_for(chosen.pk))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, followup_settings_save, acting_user=request.user, organisation=chosen, **form.cleaned_data
        ):
            messages.success(request, _("Réglages enregistrés."))
            return redirect(f"{request.path}?organisation={chosen.pk}")
    return render(
        request,
        "followup/settings.html",
        {"form": form, "organisation": chosen, "organisations": organisations},
    )
