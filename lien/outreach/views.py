from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.outreach.access import get_contact_for_user, get_session_for_user
from lien.outreach.forms import QuickContactForm, QuickSessionForm, SessionFilterForm, SessionForm
from lien.outreach.models import Contact, OutreachSession
from lien.outreach.selectors import SessionFilters, session_summary, sessions_for, todays_sessions
from lien.outreach.services import contact_delete, contact_record, session_create, session_update
from lien.people.models import Person
from lien.web.http import AuthenticatedHttpRequest


def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.OUTREACH_VIEW):
        raise Http404
    form = SessionFilterForm(request.GET or None)
    filters = SessionFilters(**form.cleaned_data) if form.is_valid() else SessionFilters()
    page = Paginator(sessions_for(request.user, filters), 25).get_page(request.GET.get("page"))
    can_record = bool(organisation_ids_for(request.user, Perm.OUTREACH_RECORD))
    return render(
        request, "outreach/session_list.html", {"form": form, "page": page, "can_record": can_record}
    )


def session_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.OUTREACH_RECORD)
    if not organisation_ids:
        raise Http404
    form = SessionForm(
        request.POST or None, organisation_ids=organisation_ids, initial={"team": [request.user]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sortie enregistrée : vous pouvez saisir les contacts."))
            return redirect(f"{reverse('outreach:quick')}?session={session.pk}")
    return render(request, "outreach/session_form.html", {"form": form})


def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    contacts = (
        Contact.objects.filter(session=session)
        .select_related("person", "commune", "recorded_by")
        .prefetch_related("topics")
        .order_by("id")
    )
    context = {
        "session": session,
        "team": session.team.order_by("full_name"),
        "summary": session_summary(session),
        "contacts": contacts,
        # Topics of a named person tell about their health: only to roles entitled to it.
        "show_topics": has_perm(request.user, Perm.MEDICAL_VIEW, session.organisation_id),
        "can_record": has_perm(request.user, Perm.OUTREACH_RECORD, session.organisation_id),
    }
    return render(request, "outreach/session_detail.html", context)


def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk, write=True)
    initial = {
        "organisation": session.organisation,
        "kind": session.kind,
        "held_on": session.held_on,
        "place": session.place,
        "commune": session.commune,
        "team": list(session.team.all()),
        "notes": session.notes,
    }
    form = SessionForm(request.POST or None, organisation_ids={session.organisation_id}, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "organisation"}
        try:
            session_update(acting_user=request.user, session=session, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sortie enregistrée."))
            return redirect("outreach:detail", pk=session.pk)
    return render(request, "outreach/session_form.html", {"form": form, "session": session})


def _session_for_quick_entry(request: AuthenticatedHttpRequest) -> OutreachSession | None:
    session_id = request.GET.get("session") or request.POST.get("session")
    if session_id and session_id.isdigit():
        return get_session_for_user(request.user, int(session_id), write=True)
    sessions = todays_sessions(request.user, timezone.localdate())
    return sessions[0] if sessions else None


def quick_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The phone screen: a contact of today's session in a few taps."""
    organisation_ids = organisation_ids_for(request.user, Perm.OUTREACH_RECORD)
    if not organisation_ids:
        raise Http404
    session = _session_for_quick_entry(request)
    if session is None:
        last = OutreachSession.objects.filter(organisation_id__in=organisation_ids, team=request.user).first()
        initial = {"kind": last.kind, "place": last.place, "commune": last.commune} if last else {}
        start_form = QuickSessionForm(initial=initial, organisation_ids=organisation_ids)
        return render(request, "outreach/quick_start.html", {"form": start_form})
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    people = (
        Person.objects.visible_to(request.user).identified().filter(organisation_id=session.organisation_id)
    )
    candidates = list(people.search(query).select_related("commune")[:6]) if query else []
    chosen = request.GET.get("person", "")
    if chosen.isdigit():
        candidates = list(people.filter(pk=int(chosen)).select_related("commune")) + candidates
    form = QuickContactForm(
        request.POST or None, session=session, candidates=candidates, initial={"person": chosen or ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = contact_record(acting_user=request.user, session=session, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact enregistré."))
            return redirect(f"{reverse('outreach:quick')}?session={session.pk}&dernier={contact.pk}")
    last_id = request.GET.get("dernier", "")
    context = {
        "session": session,
        "form": form,
        "query": query,
        "count": session.contacts.count(),
        "last": Contact.objects.filter(session=session, pk=int(last_id)).first()
        if last_id.isdigit()
        else None,
        "other_sessions": [
            other for other in todays_sessions(request.user, timezone.localdate()) if other != session
        ],
    }
    return render(request, "outreach/quick_entry.html", context)


@require_POST
def quick_session_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.OUTREACH_RECORD)
    if not organisation_ids:
        raise Http404
    form = QuickSessionForm(request.POST, organisation_ids=organisation_ids)
    if form.is_valid():
        try:
            session = session_create(
                acting_user=request.user, held_on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{reverse('outreach:quick')}?session={session.pk}")
    return render(request, "outreach/quick_start.html", {"form": form})


@require_POST
def contact_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk)
    session_id = contact.session_id
    contact_delete(acting_user=request.user, contact=contact)
    messages.success(request, _("Contact annulé."))
    if request.POST.get("from") == "quick":
        return redirect(f"{reverse('outreach:quick')}?session={session_id}")
    return redirect("outreach:detail", pk=session_id)
