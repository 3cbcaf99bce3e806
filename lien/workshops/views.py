"""Pages of the workshops: the programmes, a programme with its sessions and registrations, the
coordination's forms (programme, session, attendance sheet), the registration of a person with
their consent, the report (page, PDF, JSON); and the patient partner's own sessions."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator
from lien.workshops import services
from lien.workshops.access import (
    attendance_sheet,
    facilitated_sessions,
    get_programme_for_user,
    get_programme_to_register,
    get_registration_for_user,
    get_session_for_user,
)
from lien.workshops.forms import (
    AttendanceForm,
    PeriodForm,
    ProgrammeForm,
    RegistrationForm,
    SessionForm,
    programme_initial,
    session_initial,
)
from lien.workshops.information import WORKSHOP_INFORMATION_TEXTS
from lien.workshops.models import WorkshopAttendance, WorkshopProgramme, WorkshopRegistration, WorkshopSession
from lien.workshops.report import definitions, programme_report


def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.WORKSHOPS_VIEW):
        raise Http404
    programmes = (
        WorkshopProgramme.objects.visible_to(request.user)
        .select_related("organisation")
        .annotate(
            session_count=Count("sessions", distinct=True),
            registered_count=Count(
                "registrations", filter=Q(registrations__withdrawn_on__isnull=True), distinct=True
            ),
        )
        .order_by("-starts_on", "-pk")
    )
    page = CappedPaginator(programmes, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/programme_list.html",
        {"page": page, "may_manage": has_perm(request.user, Perm.WORKSHOPS_MANAGE)},
    )


def _programme_form(
    request: AuthenticatedHttpRequest, form: ProgrammeForm, programme: WorkshopProgramme | None
) -> HttpResponse:
    return render(
        request,
        "workshops/programme_form.html",
        {"form": form, "programme": programme},
        status=422 if form.is_bound else 200,
    )


def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = (
        Organisation.objects.filter(pk__in=organisation_ids_for(request.user, Perm.WORKSHOPS_MANAGE))
        .order_by("name")
        .first()
    )
    if organisation is None:
        raise Http404
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = apply_service(
            form,
            services.programme_create,
            acting_user=request.user,
            organisation=organisation,
            **form.cleaned_data,
        )
        if programme is not None:
            messages.success(request, _("Programme d'ateliers créé."))
            return redirect("workshops:programme_detail", pk=programme.pk)
    return _programme_form(request, form, None)


def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk, write=True)
    form = ProgrammeForm(request.POST or None, initial=programme_initial(programme))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            services.programme_update,
            acting_user=request.user,
            programme=programme,
            **form.cleaned_data,
        ):
            messages.success(request, _("Programme enregistré."))
            return redirect("workshops:programme_detail", pk=programme.pk)
    return _programme_form(request, form, programme)


def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk)
    organisation_id = programme.organisation_id
    sessions = programme.sessions.prefetch_related("professionals", "partners")
    registrations = WorkshopRegistration.objects.filter(programme=programme)
    return render(
        request,
        "workshops/programme_detail.html",
        {
            "programme": programme,
            "sessions": sessions,
            "now": timezone.now(),
            "registrations": registrations.active().select_related("person", "consent_recorded_by"),
            "withdrawn_count": registrations.filter(withdrawn_on__isnull=False).count(),
            "may_manage": has_perm(request.user, Perm.WORKSHOPS_MANAGE, organisation_id),
            "may_register": has_perm(request.user, Perm.WORKSHOPS_REGISTER, organisation_id),
        },
    )


def _session_form(
    request: AuthenticatedHttpRequest,
    form: SessionForm,
    programme: WorkshopProgramme,
    session: WorkshopSession | None,
) -> HttpResponse:
    return render(
        request,
        "workshops/session_form.html",
        {"form": form, "programme": programme, "session": session},
        status=422 if form.is_bound else 200,
    )


def session_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        session = apply_service(
            form, services.session_create, acting_user=request.user, programme=programme, **form.cleaned_data
        )
        if session is not None:
            messages.success(request, _("Séance enregistrée."))
            return redirect("workshops:programme_detail", pk=programme.pk)
    return _session_form(request, form, programme, None)


def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    form = SessionForm(request.POST or None, programme=session.programme, initial=session_initial(session))
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form, services.session_update, acting_user=request.user, session=session, **form.cleaned_data
        ):
            messages.success(request, _("Séance enregistrée."))
            return redirect("workshops:programme_detail", pk=session.programme_id)
    return _session_form(request, form, session.programme, session)


def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Register a person, once the text is read out to them and they consent."""
    programme = get_programme_to_register(request.user, pk)
    form = RegistrationForm(request.POST or None, programme=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            services.registration_create,
            acting_user=request.user,
            programme=programme,
            **form.cleaned_data,
        ):
            messages.success(request, _("Inscription enregistrée, avec le consentement de la personne."))
            return redirect("workshops:programme_detail", pk=programme.pk)
    version = form["information_version"].value() or next(reversed(WORKSHOP_INFORMATION_TEXTS))
    return render(
        request,
        "workshops/register.html",
        {
            "form": form,
            "programme": programme,
            "information_text": WORKSHOP_INFORMATION_TEXTS.get(str(version), ""),
        },
        status=422 if form.is_bound else 200,
    )


@require_POST
def registration_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk)
    try:
        services.registration_withdraw(acting_user=request.user, registration=registration)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Inscription retirée : la personne ne figure plus dans le programme."))
    return redirect("workshops:programme_detail", pk=registration.programme_id)


def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet of a session: a line per person registered on its day."""
    session, registrations = attendance_sheet(request.user, pk)
    marks = dict(WorkshopAttendance.objects.filter(session=session).values_list("registration_id", "status"))
    initial = {
        "present": [str(pk) for pk, status in marks.items() if status == "present"],
        "excused": [str(pk) for pk, status in marks.items() if status == "excused"],
    }
    form = AttendanceForm(request.POST or None, registrations=registrations, initial=initial)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            services.attendance_record,
            acting_user=request.user,
            session=session,
            entries=form.entries(),
        ):
            messages.success(request, _("Présences enregistrées."))
            return redirect("workshops:programme_detail", pk=session.programme_id)
    return render(
        request,
        "workshops/attendance.html",
        {
            "session": session,
            "programme": session.programme,
            "form": form,
            "rows": list(zip(registrations, form["present"], form["excused"], strict=True)),
            "started": session.has_started(),
        },
        status=422 if form.is_bound else 200,
    )


def _report(request: AuthenticatedHttpRequest, pk: int) -> tuple[WorkshopProgramme, PeriodForm, dict | None]:
    """The programme, the period form and the figures (None when the period is invalid); by
    default over the programme's dates."""
    programme = get_programme_for_user(request.user, pk)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = form.period(programme, today) if form.is_bound else PeriodForm({}).period(programme, today)
    if not form.is_bound and period:
        form = PeriodForm(initial={"start": period[0], "end": period[1]})
    return programme, form, programme_report(programme, *period) if period else None


def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, form, figures = _report(request, pk)
    return render(
        request,
        "workshops/report.html",
        {"programme": programme, "form": form, "report": figures, "definitions": definitions()},
        status=200 if figures else 422,
    )


def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _form, figures = _report(request, pk)
    if figures is None:
        raise Http404
    html = render_to_string(
        "workshops/report_print.html",
        {
            "programme": programme,
            "report": figures,
            "definitions": definitions(),
            "printed_at": timezone.localtime(),
        },
    )
    period = f"{figures['start']:%Y-%m-%d} — {figures['end']:%Y-%m-%d}"
    document = services.report_print(acting_user=request.user, programme=programme, html=html, period=period)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ateliers-{programme.pk}-{figures["start"]:%Y-%m-%d}.pdf"'
    )
    return response


def report_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme, _form, figures = _report(request, pk)
    if figures is None:
        raise Http404
    services.report_export(
        acting_user=request.user,
        programme=programme,
        period=f"{figures['start']:%Y-%m-%d} — {figures['end']:%Y-%m-%d}",
    )
    response = HttpResponse(
        json.dumps(figures, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ateliers-{programme.pk}-{figures["start"]:%Y-%m-%d}.json"'
    )
    return response


def my_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sessions a patient partner facilitates: when, where, what about, how many."""
    if not has_perm(request.user, Perm.WORKSHOPS_FACILITATE):
        raise Http404
    return render(request, "workshops/my_sessions.html", {"sessions": facilitated_sessions(request.user)})
