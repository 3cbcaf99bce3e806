import json
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.appointments import texts
from lien.appointments.access import get_appointment_for_user, require_webhook_secret
from lien.appointments.enums import APPOINTMENT_KINDS, Status
from lien.appointments.forms import (
    AccompanimentForm,
    AgendaForm,
    AppointmentForm,
    ReminderChoiceForm,
    SendReminderForm,
)
from lien.appointments.models import Appointment
from lien.appointments.selectors import week_agenda, week_start
from lien.appointments.services import (
    accompaniment_record,
    appointment_book,
    appointment_calendar_export,
    appointment_cancel,
    appointment_card_print,
    appointment_record_attended,
    appointment_record_missed,
    appointment_restore,
    appointment_set_reminder,
    reminder_send,
    reminders_record_deliveries,
)
from lien.appointments.sms import PROVIDERS, sms_configured
from lien.appointments.states import appointment_reminder_state, receipt_rows, send_outcome
from lien.appointments.workflow import APPOINTMENTS
from lien.followup.access import get_followed_person_for_user
from lien.followup.selectors import team_members
from lien.followup.services import followup_settings_for
from lien.orientations.models import Orientation
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pages import form_page


def appointment_create_view(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, person_pk, write=True)
    orientations = Orientation.objects.visible_to(request.user).filter(person=person)
    form = AppointmentForm(
        request.POST or None,
        initial={"orientation": request.GET.get("orientation"), "mediator": request.user.pk},
        members=team_members({person.organisation_id}),
        orientations=orientations,
        person=person,
    )
    if request.method == "POST" and form.is_valid():
        appointment = apply_service(
            form, appointment_book, acting_user=request.user, person=person, **form.service_arguments()
        )
        if appointment:
            messages.success(request, _("Rendez-vous enregistré."))
            return redirect("appointments:detail", pk=appointment.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Prendre un rendez-vous"),
        submit=_("Enregistrer le rendez-vous"),
        back=reverse("followup:person", args=[person.pk]),
    )


def appointment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk)
    can_change = has_perm(request.user, Perm.FOLLOWUP_CHANGE, appointment.organisation_id)
    upcoming = appointment.status == Status.PLANNED and appointment.starts_at > timezone.now()
    receipts = list(appointment.reminders.select_related("created_by"))
    return render(
        request,
        "appointments/appointment_detail.html",
        {
            "appointment": appointment,
            "when": texts.when(appointment),
            "can_change": can_change,
            "status_actions": [
                {"action": act, "url": reverse(f"appointments:{act.name}", args=[appointment.pk])}
                for act in APPOINTMENTS.available(request.user, appointment)
            ],
            "can_remind": can_change and upcoming and appointment.reminder != "none",
            "reminder_kinds": [(kind.value, kind.label) for kind in APPOINTMENT_KINDS],
            "reminder_state": appointment_reminder_state(appointment, receipts),
            "sms_configured": sms_configured(),
            "receipts": receipt_rows(receipts),
            "reminder_form": ReminderChoiceForm(initial={"reminder": appointment.reminder}),
            "accompaniments": list(appointment.accompaniments.select_related("accompanied_by")),
        },
    )


def _on_appointment(name: str, service: Callable[..., Appointment]):
    """The POST view of an action of workflow.APPOINTMENTS (a button: no form): refused with its
    reason when not open now."""

    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        appointment = get_appointment_for_user(request.user, pk, write=True)
        try:
            service(acting_user=request.user, appointment=appointment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Rendez-vous : %(status)s.") % {"status": appointment.get_status_display()}
            )
        return redirect("appointments:detail", pk=appointment.pk)

    view.__name__ = name
    return view


record_attended = _on_appointment("record_attended", appointment_record_attended)
record_missed = _on_appointment("record_missed", appointment_record_missed)
cancel = _on_appointment("cancel", appointment_cancel)
restore = _on_appointment("restore", appointment_restore)


@require_POST
def appointment_remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk, write=True)
    form = SendReminderForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        receipt = reminder_send(
            appointment=appointment, kind=form.cleaned_data["kind"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        reached, text = send_outcome(receipt)
        (messages.success if reached else messages.error)(request, text)
    return redirect("appointments:detail", pk=appointment.pk)


@require_POST
def appointment_reminder_choice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk, write=True)
    form = ReminderChoiceForm(request.POST)
    if form.is_valid():
        try:
            appointment_set_reminder(
                acting_user=request.user, appointment=appointment, reminder=form.cleaned_data["reminder"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Choix du rappel enregistré."))
    return redirect("appointments:detail", pk=appointment.pk)


def appointment_card(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk)
    html = render_to_string(
        "appointments/card_print.html",
        {
            "appointment": appointment,
            "when": texts.when(appointment),
            "contact_phone": followup_settings_for(appointment.organisation_id).contact_phone,
        },
    )
    document = appointment_card_print(acting_user=request.user, appointment=appointment, html=html)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rendez-vous-{appointment.pk}.pdf"'
    return response


def appointment_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_user(request.user, pk)
    response = HttpResponse(
        appointment_calendar_export(acting_user=request.user, appointment=appointment),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{appointment.pk}.ics"'
    return response


def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's week: permanences, appointments and accompaniments, per member."""
    ids = organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW)
    if not ids:
        raise Http404
    members = team_members(ids)
    form = AgendaForm(request.GET or None, members=members)
    data = form.cleaned_data if form.is_valid() else {}
    monday = week_start(data.get("semaine") or timezone.localdate())
    member = data.get("membre")
    days = week_agenda(organisation_ids=ids, monday=monday, member=member)
    member_query = f"&membre={member.pk}" if member else ""
    return render(
        request,
        "appointments/agenda.html",
        {
            "form": form,
            "days": days,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": (monday - timedelta(days=7)).isoformat(),
            "next": (monday + timedelta(days=7)).isoformat(),
            "member": member,
            "member_query": member_query,
            "today": timezone.localdate(),
        },
    )


def accompaniment_create_view(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    person = get_followed_person_for_user(request.user, person_pk, write=True)
    appointments = Appointment.objects.visible_to(request.user).filter(person=person).order_by("-starts_at")
    members = team_members({person.organisation_id}, Perm.PERSON_VIEW)
    initial: dict[str, object] = {"accompanied_by": request.user.pk}
    chosen = appointments.filter(pk=request.GET.get("rendez_vous") or 0).first()
    if chosen:
        initial |= {
            "appointment": chosen.pk,
            "destination": chosen.place,
            "on": timezone.localtime(chosen.starts_at).date(),
        }
    form = AccompanimentForm(
        request.POST or None, initial=initial, members=members, appointments=appointments
    )
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, accompaniment_record, acting_user=request.user, person=person, **form.cleaned_data
        ):
            messages.success(request, _("Accompagnement enregistré."))
            return redirect("followup:person", pk=person.pk)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Noter un accompagnement"),
        submit=_("Enregistrer l'accompagnement"),
        back=reverse("followup:person", args=[person.pk]),
    )


@csrf_exempt
@login_not_required
@require_POST
def sms_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """A provider's delivery receipts (public: the provider signs in with the shared secret).
    Anything readable answers 200, even about an unknown message, so that no provider retries."""
    require_webhook_secret(request)
    if provider not in PROVIDERS:
        raise Http404
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("JSON attendu.")
    recorded = reminders_record_deliveries(provider=provider, payload=payload)
    return HttpResponse(f"{recorded}\n", content_type="text/plain")
