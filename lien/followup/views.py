from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.followup.access import (
    get_followed_person_for_user,
    get_goal_action_for_user,
    get_goal_for_user,
    get_prescription_for_user,
)
from lien.followup.enums import FollowupStatus, GoalStatus
from lien.followup.forms import (
    ContactForm,
    EndForm,
    FollowupSettingsForm,
    GoalActionForm,
    GoalForm,
    PrescriptionForm,
    ScheduleForm,
)
from lien.followup.models import Followup
from lien.followup.overview import person_followup_page
from lien.followup.selectors import call_list_for, team_members
from lien.followup.services import (
    contact_record,
    followup_schedule,
    followup_settings_for,
    followup_settings_save,
    followup_transition,
    goal_action_add,
    goal_action_mark,
    goal_create,
    goal_transition,
    prescription_add,
    prescription_mark,
)
from lien.people.forms import PersonSearchForm
from lien.people.models import Person


def form_page(request, *, person, form, title: str, submit: str) -> HttpResponse:
    """The one template of the small forms of a follow-up (a phone shows one form at a time)."""
    return render(
        request,
        "followup/form_page.html",
        {"person": person, "form": form, "title": title, "submit": submit},
    )


def apply_service(form, service, **kwargs):
    """Run a service and return what it made; on a ValidationError, put it onto the form and
    return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def call_list(request: HttpRequest) -> HttpResponse:
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


def person_followup(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk)
    context = person_followup_page(request.user, person, today=timezone.localdate())
    return render(request, "followup/person_followup.html", context | {"person": person})


def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, contact_record, acting_user=request.user, person=person, **form.cleaned_data):
            messages.success(request, _("Contact enregistré."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request, person=person, form=form, title=_("Noter un contact"), submit=_("Enregistrer le contact")
    )


def schedule(request: HttpRequest, pk: int) -> HttpResponse:
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
        request, person=person, form=form, title=_("Prochain contact et référent·e"), submit=_("Enregistrer")
    )


def followup_end(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    followup = Followup.objects.filter(person=person, status=FollowupStatus.ACTIVE).first()
    if followup is None:
        raise Http404
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ended = apply_service(
            form,
            followup_transition,
            acting_user=request.user,
            followup=followup,
            to_status=FollowupStatus.ENDED,
            on=data["ended_on"],
            reason=data["reason"],
        )
        if ended:
            messages.success(request, _("Suivi terminé : la personne ne sera plus signalée en rupture."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request, person=person, form=form, title=_("Terminer le suivi"), submit=_("Terminer le suivi")
    )


@require_POST
def followup_resume(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    followup = Followup.objects.filter(person=person, status=FollowupStatus.ENDED).first()
    if followup is None:
        raise Http404
    followup_transition(acting_user=request.user, followup=followup, to_status=FollowupStatus.ACTIVE)
    messages.success(request, _("Suivi repris."))
    return redirect("followup:person", pk=person.pk)


def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
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
        request, person=person, form=form, title=_("Nouvel objectif"), submit=_("Enregistrer l'objectif")
    )


def goal_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)
    form = GoalActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, goal_action_add, acting_user=request.user, goal=goal, **form.cleaned_data):
            messages.success(request, _("Action ajoutée."))
            return redirect("followup:person", pk=goal.person_id)
    title = _("Nouvelle action pour « %(goal)s »") % {"goal": goal.title}
    return form_page(request, person=goal.person, form=form, title=title, submit=_("Ajouter l'action"))


@require_POST
def goal_action_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_goal_action_for_user(request.user, pk)
    done_on = None if action.done_on else timezone.localdate()
    goal_action_mark(acting_user=request.user, action=action, done_on=done_on)
    return redirect("followup:person", pk=action.goal.person_id)


@require_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)
    to_status = request.POST.get("status", "")
    if to_status not in GoalStatus.values:
        raise Http404
    try:
        goal_transition(acting_user=request.user, goal=goal, to_status=to_status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("followup:person", pk=goal.person_id)


def prescription_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, pk, write=True)
    if not organisation_ids_for(request.user, Perm.MEDICAL_VIEW) & {person.organisation_id}:
        raise Http404
    form = PrescriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, prescription_add, acting_user=request.user, person=person, **form.cleaned_data
        ):
            messages.success(request, _("Prescription enregistrée."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request, person=person, form=form, title=_("Examen ou consultation prescrit"), submit=_("Enregistrer")
    )


@require_POST
def prescription_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    prescription = get_prescription_for_user(request.user, pk)
    done_on = None if prescription.done_on else timezone.localdate()
    prescription_mark(acting_user=request.user, prescription=prescription, done_on=done_on)
    return redirect("followup:person", pk=prescription.person_id)


def settings_view(request: HttpRequest) -> HttpResponse:
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
