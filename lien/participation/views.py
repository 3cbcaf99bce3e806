from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.participation.access import get_meeting_for_user, get_relay_for_user, get_testimony_for_user
from lien.participation.enums import Trouble
from lien.participation.forms import MeetingForm, RelayForm, TestimonyForm
from lien.participation.models import CommunityRelay, Meeting, Testimony
from lien.participation.selectors import advocacy_testimonies, troubles_count
from lien.participation.services import meeting_save, relay_save, testimony_findings, testimony_save
from lien.people.access import get_person_with_perm
from lien.web.http import AuthenticatedHttpRequest, id_from
from lien.web.pagination import CappedPaginator


def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    can = {
        "view": bool(organisation_ids_for(user, Perm.PARTICIPATION_VIEW)),
        "change": bool(organisation_ids_for(user, Perm.PARTICIPATION_CHANGE)),
        "testimonies": bool(organisation_ids_for(user, Perm.TESTIMONY_VIEW)),
        "advocacy": bool(organisation_ids_for(user, Perm.ADVOCACY_VIEW)),
    }
    if not any(can.values()):
        raise Http404
    meetings = (
        Meeting.objects.visible_to(user).select_related("commune").prefetch_related("troubles")
        if can["view"]
        else Meeting.objects.none()
    )
    context = {
        "can": can,
        "page": CappedPaginator(meetings, 20).get_page(request.GET.get("page")),
        "relays_count": CommunityRelay.objects.visible_to(user).active().count() if can["view"] else 0,
    }
    return render(request, "participation/index.html", context)


def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.PARTICIPATION_CHANGE)
    if not organisation_ids:
        raise Http404
    form = MeetingForm(request.POST or None, organisation_ids=organisation_ids)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rencontre enregistrée."))
            return redirect("participation:meeting_detail", pk=meeting.pk)
    return render(request, "participation/meeting_form.html", {"form": form})


def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        "meeting": meeting,
        "troubles": [row.get_trouble_display() for row in meeting.troubles.all()],
        "can_change": has_perm(request.user, Perm.PARTICIPATION_CHANGE, meeting.organisation_id),
        "can_testify": has_perm(request.user, Perm.TESTIMONY_CHANGE, meeting.organisation_id),
    }
    return render(request, "participation/meeting_detail.html", context)


def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    initial = {
        "organisation": meeting.organisation,
        "kind": meeting.kind,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "commune": meeting.commune,
        "theme": meeting.theme,
        "attendance": meeting.attendance,
        "summary": meeting.summary,
        "troubles": [row.trouble for row in meeting.troubles.all()],
    }
    form = MeetingForm(request.POST or None, organisation_ids={meeting.organisation_id}, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_save(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rencontre enregistrée."))
            return redirect("participation:meeting_detail", pk=meeting.pk)
    return render(request, "participation/meeting_form.html", {"form": form, "meeting": meeting})


def relay_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.PARTICIPATION_VIEW):
        raise Http404
    relays = CommunityRelay.objects.visible_to(request.user).select_related("commune", "organisation")
    if request.GET.get("anciens") != "1":
        relays = relays.active()
    context = {
        "relays": relays,
        "show_ended": request.GET.get("anciens") == "1",
        "can_change": bool(organisation_ids_for(request.user, Perm.PARTICIPATION_CHANGE)),
    }
    return render(request, "participation/relay_list.html", context)


def relay_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = organisation_ids_for(request.user, Perm.PARTICIPATION_CHANGE)
    if not organisation_ids:
        raise Http404
    form = RelayForm(request.POST or None, organisation_ids=organisation_ids)
    if request.method == "POST" and form.is_valid():
        try:
            relay_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Relais enregistré."))
            return redirect("participation:relays")
    return render(request, "participation/relay_form.html", {"form": form})


def relay_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    relay = get_relay_for_user(request.user, pk, write=True)
    names = ["commune", "name", "role", "phone", "email", "agreed_on", "ended_on", "notes"]
    initial = {name: getattr(relay, name) for name in names} | {"organisation": relay.organisation}
    form = RelayForm(request.POST or None, organisation_ids={relay.organisation_id}, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            relay_save(acting_user=request.user, relay=relay, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Relais enregistré."))
            return redirect("participation:relays")
    return render(request, "participation/relay_form.html", {"form": form, "relay": relay})


def testimony_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.TESTIMONY_VIEW):
        raise Http404
    testimonies = (
        Testimony.objects.visible_to(request.user).select_related("person").prefetch_related("troubles")
    )
    page = CappedPaginator(testimonies, 20).get_page(request.GET.get("page"))
    return render(request, "participation/testimony_list.html", {"page": page})


def _testimony_form_view(
    request: AuthenticatedHttpRequest, *, organisation, person, testimony=None, initial=None
):
    form = TestimonyForm(request.POST or None, organisation_id=organisation.pk, initial=initial)
    findings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        findings = testimony_findings(data["text"], person, organisation.pk)
        if not findings or data["confirm_identifiers"]:
            try:
                testimony, _found = testimony_save(
                    acting_user=request.user,
                    organisation=organisation,
                    testimony=testimony,
                    person=person,
                    collected_on=data["collected_on"],
                    text=data["text"],
                    meeting=data["meeting"],
                    advocacy_use=data["advocacy_use"],
                    troubles=data["troubles"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Témoignage enregistré."))
                return redirect("participation:testimony_detail", pk=testimony.pk)
    context = {"form": form, "person": person, "testimony": testimony, "findings": findings}
    return render(request, "participation/testimony_form.html", context)


def testimony_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A testimony of a person (``?person=``) or of someone not identified (``?organisation=``)."""
    person_id = id_from(request.GET.get("person"))
    if person_id is not None:
        person = get_person_with_perm(request.user, person_id, Perm.TESTIMONY_CHANGE)
        if person.is_anonymised:
            raise Http404
        organisation: Organisation | None = person.organisation
    else:
        person = None
        organisation_ids = organisation_ids_for(request.user, Perm.TESTIMONY_CHANGE)
        organisation = Organisation.objects.filter(pk__in=organisation_ids).order_by("name").first()
        if organisation is None:
            raise Http404
    meeting_id = id_from(request.GET.get("meeting"))
    initial = {"meeting": meeting_id} if meeting_id is not None else None
    return _testimony_form_view(request, organisation=organisation, person=person, initial=initial)


def testimony_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    testimony = get_testimony_for_user(request.user, pk)
    context = {
        "testimony": testimony,
        "findings": testimony_findings(testimony.text, testimony.person, testimony.organisation_id)
        if testimony.flagged
        else [],
        "can_change": has_perm(request.user, Perm.TESTIMONY_CHANGE, testimony.organisation_id),
    }
    return render(request, "participation/testimony_detail.html", context)


def testimony_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    testimony = get_testimony_for_user(request.user, pk, write=True)
    initial = {
        "collected_on": testimony.collected_on,
        "meeting": testimony.meeting_id,
        "text": testimony.text,
        "advocacy_use": testimony.advocacy_use,
        "troubles": [row.trouble for row in testimony.troubles.all()],
    }
    return _testimony_form_view(
        request,
        organisation=testimony.organisation,
        person=testimony.person,
        testimony=testimony,
        initial=initial,
    )


def advocacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Anonymised testimonies and the troubles most expressed, for advocacy."""
    if not organisation_ids_for(request.user, Perm.ADVOCACY_VIEW):
        raise Http404
    trouble = request.GET.get("difficulte", "")
    trouble = trouble if trouble in Trouble.values else ""
    context = {
        "testimonies": advocacy_testimonies(request.user, trouble=trouble),
        "counts": troubles_count(request.user),
        "troubles": Trouble.choices,
        "trouble": trouble,
    }
    return render(request, "participation/advocacy.html", context)
