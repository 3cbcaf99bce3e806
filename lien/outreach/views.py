import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.outreach.access import get_contact_for_user, get_session_for_user
from lien.outreach.forms import (
    QuickContactForm,
    QuickSessionForm,
    SessionFilterForm,
    SessionForm,
    short_name,
)
from lien.outreach.models import Contact, OutreachSession
from lien.outreach.selectors import SessionFilters, session_summary, sessions_for, todays_sessions
from lien.outreach.services import (
    contact_delete,
    contact_record,
    contact_restorable_until,
    contact_restore,
    contact_undoable_by,
    session_create,
    session_update,
)
from lien.people.models import Person
from lien.web.http import AuthenticatedHttpRequest, id_from
from lien.web.pagination import CappedPaginator

# The quick entry's script: the queue of contacts kept on the phone while offline.
OFFLINE_JS = "outreach/quick_entry.js"


def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.OUTREACH_VIEW):
        raise Http404
    form = SessionFilterForm(request.GET or None)
    filters = SessionFilters(**form.cleaned_data) if form.is_valid() else SessionFilters()
    page = CappedPaginator(sessions_for(request.user, filters), 25).get_page(request.GET.get("page"))
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
        "undoable": {contact.pk for contact in contacts if contact_undoable_by(request.user, contact)},
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
        "volunteer_hours": session.volunteer_hours,
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
    if (chosen_id := id_from(session_id)) is not None:
        return get_session_for_user(request.user, chosen_id, write=True)
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
    if (chosen_id := id_from(chosen)) is not None:
        candidates = list(people.filter(pk=chosen_id).select_related("commune")) + candidates
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
            messages.success(
                request, _("Contact enregistré : %(who)s") % {"who": contact_description(contact)}
            )
            return redirect(f"{reverse('outreach:quick')}?session={session.pk}&dernier={contact.pk}")
    last_id = request.GET.get("dernier", "")
    context = {
        "session": session,
        "form": form,
        "query": query,
        "count": session.contacts.count(),
        "last": Contact.objects.filter(session=session, pk=last_pk).first()
        if (last_pk := id_from(last_id)) is not None
        else None,
        "other_sessions": [
            other for other in todays_sessions(request.user, timezone.localdate()) if other != session
        ],
    }
    return render(request, "outreach/quick_entry.html", context)


def contact_description(contact: Contact) -> str:
    """Who was recorded, as the phone says it: "Josette M." or "contact anonyme, 35 à 44 ans, femme"."""
    if contact.person is not None:
        return short_name(contact.person)
    labels = [str(label) for label in (contact.get_age_band_display(), contact.get_gender_display()) if label]
    return ", ".join([_("contact anonyme"), *(label[:1].lower() + label[1:] for label in labels)])


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The quick entry's service worker: the page and its assets open again without network.

    Served from the quick entry's path rather than /static/, so that its scope is the quick entry
    (and that scope only); public: it holds nothing but the addresses of static files.
    """
    assets = [
        static(path) for path in ("lien/css/lien.css", "lien/js/lien.js", OFFLINE_JS, "lien/favicon.svg")
    ]
    context = {
        "assets": json.dumps(assets),
        "version": json.dumps(hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]),
        "scope": json.dumps(reverse("outreach:quick")),
        "static_prefix": json.dumps(static("")),
    }
    response = render(request, "outreach/service_worker.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


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


def _back_to(contact: Contact, origin: str) -> str:
    """Where an undo goes back to: the quick entry it came from, or the session's page."""
    if origin == "quick":
        return f"{reverse('outreach:quick')}?session={contact.session_id}"
    return reverse("outreach:detail", args=[contact.session_id])


def contact_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Delete a contact after a confirmation; once deleted, the same page offers to restore it
    for a few minutes."""
    contact = get_contact_for_user(request.user, pk, deleted_too=True)
    origin = "quick" if (request.POST.get("from") or request.GET.get("from")) == "quick" else ""
    if request.method == "POST" and request.POST.get("confirm") and contact.deleted_at is None:
        contact_delete(acting_user=request.user, contact=contact)
        messages.success(request, _("Contact supprimé."))
        return redirect(f"{reverse('outreach:contact_delete', args=[contact.pk])}?from={origin}")
    context = {
        "contact": contact,
        "origin": origin,
        "back": _back_to(contact, origin),
        "restorable_until": contact_restorable_until(contact),
        "now": timezone.now(),
        "show_topics": has_perm(request.user, Perm.MEDICAL_VIEW, contact.organisation_id),
    }
    return render(request, "outreach/contact_delete.html", context)


@require_POST
def contact_restore_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk, deleted_too=True)
    origin = "quick" if request.POST.get("from") == "quick" else ""
    if contact.deleted_at is None:
        messages.info(request, _("Ce contact est enregistré."))
        return redirect(_back_to(contact, origin))
    try:
        contact_restore(acting_user=request.user, contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('outreach:contact_delete', args=[contact.pk])}?from={origin}")
    messages.success(request, _("Contact rétabli."))
    return redirect(_back_to(contact, origin))
