from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for, require_perm
from lien.accounts.reauth import require_recent_auth
from lien.directory.access import (
    can_change,
    changeable_organisations,
    contacts_for_user,
    difficulties_for_user,
    get_contact_for_user,
    get_meeting_for_user,
    get_service_for_user,
    get_structure_for_user,
    partnership_notes_for_user,
    partnership_organisations,
)
from lien.directory.enums import DifficultyKind
from lien.directory.exchange import FORMATS, ExportError, directory_export, directory_import, dumps
from lien.directory.forms import (
    ContactForm,
    DifficultyForm,
    ExportForm,
    ImportForm,
    MeetingForm,
    PartnershipNoteForm,
    SearchForm,
    ServiceForm,
    StructureForm,
)
from lien.directory.models import PartnerMeeting, PartnershipNote, Service, Structure
from lien.directory.selectors import (
    SearchCriteria,
    difficulties_by_structure,
    service_search,
    structures_to_verify,
)
from lien.directory.services import (
    contact_delete,
    contact_save,
    difficulty_report,
    meeting_save,
    partnership_note_save,
    service_create,
    service_delete,
    service_update,
    structure_create,
    structure_delete,
    structure_update,
    structure_verify,
)
from lien.directory.sheet import Sheet, orientation_sheet, render_sheet_pdf
from lien.followup.access import get_followed_person_for_user
from lien.lib.text import search_key
from lien.people.models import Person
from lien.web.http import AuthenticatedHttpRequest, id_from, ids_from
from lien.web.pagination import CappedPaginator

PAGE_SIZE = 25


def _require_reader(request: AuthenticatedHttpRequest) -> None:
    require_perm(request.user, Perm.DIRECTORY_VIEW, not_found=True)


def _criteria(form: SearchForm) -> SearchCriteria:
    data = form.cleaned_data
    commune = data.get("commune")
    return SearchCriteria(
        text=data.get("q") or "",
        thematic=data.get("thematic") or "",
        commune=commune.insee_code if commune else "",
        radius_km=data.get("radius"),
        around=data.get("around"),
        free=bool(data.get("free")),
        ame=bool(data.get("ame")),
        c2s=bool(data.get("c2s")),
        language=data.get("language") or "",
        open_on=data.get("open_on"),
    )


def _person_to_orient(request: AuthenticatedHttpRequest, person_id: int | None) -> Person | None:
    """The person the search is made for, if the user may orient them (their follow-up's team):
    each result then offers to orient them there in one step."""
    if not person_id:
        return None
    try:
        return get_followed_person_for_user(request.user, person_id, write=True)
    except Http404:
        return None


def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search by need, place and what the person can use; the orientation screen links here
    (``?person=<id>`` carries the person to the printable sheet, and to the orientation each
    result offers)."""
    _require_reader(request)
    form = SearchForm(request.GET or None)
    criteria = _criteria(form) if form.is_valid() else SearchCriteria()
    page_number = max(1, min(id_from(request.GET.get("page")) or 1, 10_000))
    result = None
    if not criteria.is_empty:
        result = service_search(
            user=request.user, criteria=criteria, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
    around = None
    if criteria.around:
        around = Structure.objects.visible_to(request.user).filter(pk=criteria.around).first()
    person_id = form.cleaned_data.get("person") if form.is_valid() else None
    context = {
        "form": form,
        "result": result,
        "page_number": page_number,
        "has_next": bool(result and result.count > page_number * PAGE_SIZE),
        "around": around,
        "person_id": person_id,
        "orient_person": _person_to_orient(request, person_id),
        "to_verify": structures_to_verify(request.user, timezone.localdate()).count(),
        "can_change": bool(organisation_ids_for(request.user, Perm.DIRECTORY_CHANGE)),
    }
    return render(request, "directory/search.html", context)


def structure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_reader(request)
    query = request.GET.get("q", "")[:100].strip()
    only_to_verify = request.GET.get("a_verifier") == "1"
    if only_to_verify:
        structures = structures_to_verify(request.user, timezone.localdate())
    else:
        structures = Structure.objects.visible_to(request.user)
    if query:
        # Names are matched without accents; communes as typed (or by INSEE code).
        for word in query.split():
            by_name = Q(search_name__indexed_contains=search_key(word))
            structures = structures.filter(by_name | Q(commune_name__icontains=word) | Q(code_insee=word))
    structures = structures.select_related("organisation").order_by("search_name", "pk")
    page = CappedPaginator(structures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "only_to_verify": only_to_verify,
        "today": timezone.localdate(),
        "can_change": bool(organisation_ids_for(request.user, Perm.DIRECTORY_CHANGE)),
    }
    return render(request, "directory/structure_list.html", context)


def structure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk)
    services = structure.services.prefetch_related("thematics").order_by("search_name", "pk")
    meetings = (
        PartnerMeeting.objects.visible_to(request.user)
        .filter(structures=structure)
        .select_related("organisation")
    )
    context = {
        "structure": structure,
        "services": services,
        "contacts": contacts_for_user(request.user, structure),
        "is_member": structure.organisation_id in organisation_ids_for(request.user, Perm.DIRECTORY_VIEW),
        "notes": partnership_notes_for_user(request.user, structure),
        "difficulties": difficulties_for_user(request.user, structure),
        "meetings": meetings[:10],
        "can_edit": can_change(request.user, structure.organisation_id),
        "can_keep_file": has_perm(request.user, Perm.PARTNERSHIP_CHANGE),
        "needs_verification": structure.needs_verification(timezone.localdate()),
    }
    return render(request, "directory/structure_detail.html", context)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    cancel_url: str,
    intro: str = "",
    delete_url: str = "",
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro}
    return render(request, "directory/form.html", context | {"delete_url": delete_url})


def structure_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request.user, Perm.DIRECTORY_CHANGE, not_found=True)
    organisations = changeable_organisations(request.user)
    form = StructureForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            structure = structure_create(
                acting_user=request.user, organisation=form.cleaned_data["organisation"], **form.save_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _warn_hours(request, form)
            messages.success(request, _("Structure ajoutée à l'annuaire."))
            return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request, form, title=_("Nouvelle structure"), cancel_url=reverse("directory:structure_list")
    )


def _warn_hours(request: AuthenticatedHttpRequest, form: forms.BaseForm) -> None:
    if getattr(form, "hours_unreadable", False):
        messages.warning(
            request,
            _(
                "Horaires enregistrés tels quels, mais leur format n'est pas reconnu : la recherche « ouvert "
                "le » signalera ce service comme « horaires à vérifier »."
            ),
        )


def structure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk, write=True)
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        try:
            structure_update(acting_user=request.user, structure=structure, **form.save_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _warn_hours(request, form)
            messages.success(request, _("Fiche enregistrée."))
            return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Modifier « %(name)s »") % {"name": structure.name},
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
    )


@require_POST
def structure_verify_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk, write=True)
    structure_verify(acting_user=request.user, structure=structure)
    messages.success(request, _("Fiche marquée comme vérifiée aujourd'hui."))
    return redirect("directory:structure_detail", pk=structure.pk)


def structure_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk, write=True)
    if request.method == "POST":
        structure_delete(acting_user=request.user, structure=structure)
        messages.success(request, _("Structure retirée de l'annuaire."))
        return redirect("directory:structure_list")
    context = {
        "object": structure,
        "kind": _("la structure"),
        "cancel_url": reverse("directory:structure_detail", args=[structure.pk]),
    }
    return render(request, "directory/confirm_delete.html", context)


def service_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk, write=True)
    form = ServiceForm(request.POST or None, instance=Service(structure=structure))
    if request.method == "POST" and form.is_valid():
        try:
            service_create(
                acting_user=request.user,
                structure=structure,
                thematics=form.cleaned_data["thematics"],
                **form.save_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _warn_hours(request, form)
            messages.success(request, _("Service ajouté."))
            return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Nouveau service — %(name)s") % {"name": structure.name},
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
    )


def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk, write=True)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            service_update(
                acting_user=request.user,
                service=service,
                thematics=form.cleaned_data["thematics"],
                **form.save_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _warn_hours(request, form)
            messages.success(request, _("Service enregistré."))
            return redirect("directory:structure_detail", pk=service.structure_id)
    return _form_page(
        request,
        form,
        title=_("Modifier le service « %(name)s »") % {"name": service.name},
        cancel_url=reverse("directory:structure_detail", args=[service.structure_id]),
    )


def service_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk, write=True)
    if request.method == "POST":
        service_delete(acting_user=request.user, service=service)
        messages.success(request, _("Service retiré."))
        return redirect("directory:structure_detail", pk=service.structure_id)
    context = {
        "object": service,
        "kind": _("le service"),
        "cancel_url": reverse("directory:structure_detail", args=[service.structure_id]),
    }
    return render(request, "directory/confirm_delete.html", context)


def contact_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None, structure=structure)
    if request.method == "POST" and form.is_valid():
        contact_save(acting_user=request.user, structure=structure, **form.cleaned_data)
        messages.success(request, _("Contact ajouté."))
        return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Nouveau contact — %(name)s") % {"name": structure.name},
        intro=_("Visible des seuls membres de votre organisation ; chaque consultation est tracée."),
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
    )


def contact_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk)
    structure = contact.structure
    form = ContactForm(request.POST or None, instance=contact, structure=structure)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        contact_save(acting_user=request.user, structure=structure, contact=contact, **changes)
        messages.success(request, _("Contact enregistré."))
        return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Modifier le contact"),
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
        delete_url=reverse("directory:contact_delete", args=[contact.pk]),
    )


@require_POST
def contact_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, pk)
    contact_delete(acting_user=request.user, contact=contact)
    messages.success(request, _("Contact retiré."))
    return redirect("directory:structure_detail", pk=contact.structure_id)


def partnership_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The private notes of the user's organisation (the first they keep) on a structure."""
    structure = get_structure_for_user(request.user, pk)
    require_perm(request.user, Perm.PARTNERSHIP_CHANGE, not_found=True)
    organisation = partnership_organisations(request.user).order_by("pk")[0]
    note = PartnershipNote.objects.filter(organisation=organisation, structure=structure).first()
    form = PartnershipNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        partnership_note_save(
            acting_user=request.user, organisation=organisation, structure=structure, **form.cleaned_data
        )
        messages.success(request, _("Fiche partenariale enregistrée."))
        return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Fiche partenariale — %(name)s") % {"name": structure.name},
        intro=_("Notes privées de %(organisation)s : elles ne sont jamais publiées ni exportées.")
        % {"organisation": organisation.name},
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
    )


def difficulty_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk)
    require_perm(request.user, Perm.PARTNERSHIP_CHANGE, not_found=True)
    organisations = partnership_organisations(request.user)
    form = DifficultyForm(request.POST or None, organisations=organisations, structure=structure)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        difficulty_report(
            acting_user=request.user,
            organisation=data["organisation"],
            structure=structure,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            service=data["service"],
            description=data["description"],
        )
        messages.success(request, _("Difficulté enregistrée dans le fichier partenarial."))
        return redirect("directory:structure_detail", pk=structure.pk)
    return _form_page(
        request,
        form,
        title=_("Difficulté d'orientation — %(name)s") % {"name": structure.name},
        intro=_("Ne notez ni le nom ni un détail qui permettrait de reconnaître la personne."),
        cancel_url=reverse("directory:structure_detail", args=[structure.pk]),
    )


def difficulty_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The partnership file's orientation difficulties (typed in, or from failed orientations and
    waiting lists), grouped by structure."""
    _require_reader(request)
    page = CappedPaginator(difficulties_by_structure(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [row | {"counts": [row[kind] for kind in DifficultyKind.values]} for row in page.object_list]
    context = {"page": page, "rows": rows, "kinds": DifficultyKind.labels}
    return render(request, "directory/difficulty_list.html", context)


def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_reader(request)
    meetings = (
        PartnerMeeting.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related(Prefetch("structures", queryset=Structure.objects.only("pk", "name")))
    )
    page = CappedPaginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    can_change = has_perm(request.user, Perm.PARTNERSHIP_CHANGE)
    return render(request, "directory/meeting_list.html", {"page": page, "can_change": can_change})


def _meeting_form(request: AuthenticatedHttpRequest, meeting: PartnerMeeting | None = None) -> HttpResponse:
    require_perm(request.user, Perm.PARTNERSHIP_CHANGE, not_found=True)
    organisations = partnership_organisations(request.user)
    structures = Structure.objects.visible_to(request.user).order_by("search_name")
    initial = {}
    if meeting is None and (structure_id := id_from(request.GET.get("structure"))) is not None:
        initial["structures"] = structures.filter(pk=structure_id)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        organisations=organisations,
        structures=structures,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in ("held_on", "participants", "topics", "follow_ups", "follow_up_due_on")
        }
        try:
            meeting_save(
                acting_user=request.user,
                organisation=meeting.organisation if meeting else data["organisation"],
                structures=list(data["structures"]),
                meeting=meeting,
                **fields,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rencontre enregistrée."))
            return redirect("directory:meeting_list")
    title = _("Modifier la rencontre") if meeting else _("Nouvelle rencontre partenaire")
    return _form_page(request, form, title=title, cancel_url=reverse("directory:meeting_list"))


def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _meeting_form(request)


def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_meeting_for_user(request.user, pk, write=True))


def exchange(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import and export in data·inclusion or HSDS (the same as ``lien directory``)."""
    require_perm(request.user, Perm.DIRECTORY_CHANGE, not_found=True)
    require_recent_auth(request)
    organisations = changeable_organisations(request.user)
    import_form = ImportForm(organisations=organisations, prefix="import")
    export_form = ExportForm(
        organisations=organisations, initial={"format": "datainclusion"}, prefix="export"
    )
    result = None
    if request.method == "POST" and request.POST.get("action") == "import":
        import_form = ImportForm(request.POST, request.FILES, organisations=organisations, prefix="import")
        if import_form.is_valid():
            data = import_form.cleaned_data
            result = directory_import(
                organisation=data["organisation"],
                fmt=data["format"],
                data=data["file"].read(),
                acting_user=request.user,
            )
            if result.ok:
                messages.success(request, _("Import terminé."))
    elif request.method == "POST" and request.POST.get("action") == "export":
        export_form = ExportForm(request.POST, organisations=organisations, prefix="export")
        if export_form.is_valid():
            data = export_form.cleaned_data
            try:
                exported = directory_export(
                    organisation=data["organisation"],
                    fmt=data["format"],
                    include_contacts=data["include_contacts"],
                    acting_user=request.user,
                )
            except ExportError as error:
                export_form.add_error(None, [str(error), *error.errors[:20]])
            else:
                response = HttpResponse(dumps(exported), content_type="application/json; charset=utf-8")
                day = timezone.localdate()
                filename = f"annuaire-{data['organisation'].slug}-{data['format']}-{day:%Y%m%d}.json"
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
    context = {"import_form": import_form, "export_form": export_form, "result": result, "formats": FORMATS}
    return render(request, "directory/exchange.html", context)


def _sheet_request(request: AuthenticatedHttpRequest) -> Sheet:
    _require_reader(request)
    return orientation_sheet(
        user=request.user,
        service_ids=ids_from(request.GET.getlist("v"), limit=20),
        structure_ids=ids_from(request.GET.getlist("s"), limit=20),
        person_id=id_from(request.GET.get("person")),
    )


def sheet(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A printable page for a person: the few structures chosen for them, in plain French."""
    sheet = _sheet_request(request)
    return render(request, "directory/sheet.html", {"sheet": sheet, "query": request.GET.urlencode()})


def sheet_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    sheet = _sheet_request(request)
    if not sheet.entries:
        raise Http404
    pdf = render_sheet_pdf(user=request.user, sheet=sheet)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="fiche-orientation.pdf"'
    return response


def service_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk)
    return redirect(
        reverse("directory:structure_detail", args=[service.structure_id]) + f"#service-{service.pk}"
    )
