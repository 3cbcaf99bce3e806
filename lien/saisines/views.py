"""The mediator's pages: work list and exports, intake, the saisine and its import."""

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.accounts.reauth import require_recent_auth
from lien.people.models import Person
from lien.people.services import person_find_similar
from lien.saisines.access import get_saisine_for_user
from lien.saisines.detail import detail_context
from lien.saisines.display import QUEUE_LABELS, deadline_of
from lien.saisines.exports import FORMATS, saisines_export
from lien.saisines.forms import (
    ImportForm,
    PersonPickerForm,
    SaisineFilterForm,
    SaisineIntakeForm,
)
from lien.saisines.importer import OPTIONAL, REQUIRED, import_saisines
from lien.saisines.selectors import QUEUES, queue_counts, saisines_for
from lien.saisines.services import saisine_register
from lien.web.forms import add_service_error
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator

PENDING_IMPORT = "saisines_pending_import"


def _viewable(user: User) -> set[int]:
    organisation_ids = organisation_ids_for(user, Perm.SAISINE_VIEW)
    if not organisation_ids:
        raise Http404
    return organisation_ids


def _changeable(user: User) -> set[int]:
    organisation_ids = organisation_ids_for(user, Perm.SAISINE_CHANGE)
    if not organisation_ids:
        raise Http404
    return organisation_ids


def saisine_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _viewable(request.user)
    today = timezone.localdate()
    form = SaisineFilterForm(request.GET or None)
    filters = form.filters()
    page = CappedPaginator(saisines_for(request.user, filters, today=today), 25).get_page(
        request.GET.get("page")
    )
    counts = queue_counts(request.user, today=today)
    context = {
        "form": form,
        "page": page,
        "rows": [(saisine, deadline_of(saisine, today)) for saisine in page.object_list],
        "queues": [(queue, QUEUE_LABELS[queue], counts[queue]) for queue in QUEUES],
        "current_queue": filters.queue,
        "can_change": bool(organisation_ids_for(request.user, Perm.SAISINE_CHANGE)),
    }
    return render(request, "saisines/saisine_list.html", context)


def saisine_export(request: AuthenticatedHttpRequest, fmt: str) -> StreamingHttpResponse:
    _viewable(request.user)
    if fmt not in FORMATS:
        raise Http404
    require_recent_auth(request)
    today = timezone.localdate()
    filters = SaisineFilterForm(request.GET or None).filters()
    described = ", ".join(
        f"{name}={value}" for name, value in request.GET.items() if value and name != "page"
    )
    export = saisines_export(
        acting_user=request.user,
        saisines=saisines_for(request.user, filters, today=today),
        fmt=fmt,
        today=today,
        description=described,
    )
    response = StreamingHttpResponse(export.chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    if export.size is not None:
        response["Content-Length"] = str(export.size)
    return response


def _intake_forms(
    request: AuthenticatedHttpRequest, organisation_ids: set[int]
) -> tuple[SaisineIntakeForm, PersonPickerForm, PersonPickerForm]:
    people = Person.objects.visible_to(request.user).filter(organisation_id__in=organisation_ids)
    funds = Organisation.objects.filter(pk__in=organisation_ids, kind=OrganisationKind.FUND)
    with_nir = funds.exists()

    def build(
        data: QueryDict | None, initial: Sequence[dict[str, Any]] | None = None
    ) -> tuple[SaisineIntakeForm, PersonPickerForm, PersonPickerForm]:
        initial = initial or ({}, {}, {})
        return (
            SaisineIntakeForm(data, initial=initial[0], organisation_ids=organisation_ids),
            PersonPickerForm(
                data, initial=initial[1], prefix="requester", required=True, people=people, with_nir=with_nir
            ),
            PersonPickerForm(
                data, initial=initial[2], prefix="concerned", required=False, people=people, with_nir=with_nir
            ),
        )

    forms = build(request.POST if request.method == "POST" else None)
    if "search" in request.POST:
        # A search only refreshes the people to choose from: show what was typed, without errors.
        forms = build(None, [{name: form[name].value() for name in form.fields} for form in forms])
    return forms


def _similar_to_new_files(
    user: User, pickers: Iterable[PersonPickerForm], organisation_ids: set[int]
) -> bool:
    """Offer the people who look like a file about to be created; True if any (then wait)."""
    waiting = False
    for picker in pickers:
        new = picker.new_person()
        if new and not picker.cleaned_data["confirm_new"]:
            similar = person_find_similar(user=user, **new)
            similar = [person for person in similar if person.organisation_id in organisation_ids]
            picker.show_similar(similar)
            waiting = waiting or bool(similar)
    return waiting


def saisine_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation_ids = _changeable(request.user)
    intake, requester, concerned = _intake_forms(request, organisation_ids)
    posted = request.method == "POST" and "search" not in request.POST
    if posted and all([form.is_valid() for form in (intake, requester, concerned)]):
        if not _similar_to_new_files(request.user, (requester, concerned), organisation_ids):
            try:
                saisine = saisine_register(
                    acting_user=request.user,
                    organisation=intake.cleaned_data["organisation"],
                    requester=requester.cleaned_data["person"],
                    new_requester=requester.new_person(),
                    concerned_person=concerned.cleaned_data["person"],
                    new_concerned=concerned.new_person(),
                    **intake.facts(),
                )
            except ValidationError as error:
                add_service_error(intake, error)
            else:
                messages.success(request, _("Saisine %(reference)s enregistrée.") % {"reference": saisine})
                return redirect("saisines:detail", pk=saisine.pk)
    context = {"form": intake, "requester": requester, "concerned": concerned}
    return render(request, "saisines/saisine_form.html", context)


def saisine_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saisine = get_saisine_for_user(request.user, pk)
    return render(request, "saisines/saisine_detail.html", detail_context(request, saisine))


def saisine_document(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> FileResponse:
    saisine = get_saisine_for_user(request.user, pk)
    document = saisine.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download, with the type read from its content when it was added (and nosniff,
    # SECURE_CONTENT_TYPE_NOSNIFF): never a page the browser renders.
    return FileResponse(
        file, as_attachment=True, filename=document.download_name, content_type=document.served_content_type
    )


def saisine_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: a preview of the import, with nothing written."""
    organisation_ids = _changeable(request.user)
    require_recent_auth(request)
    request.session.pop(PENDING_IMPORT, None)
    form = ImportForm(request.POST or None, request.FILES or None, organisation_ids=organisation_ids)
    result, token = None, ""
    if request.method == "POST" and form.is_valid():
        organisation, data = form.cleaned_data["organisation"], form.cleaned_data["file"].read()
        result = import_saisines(organisation=organisation, data=data, dry_run=True)
        if result.ok:
            token = secrets.token_urlsafe(16)
            request.session[PENDING_IMPORT] = {
                "token": token,
                "organisation": organisation.pk,
                "data": data.decode("utf-8"),  # a valid file is UTF-8 (the preview checked it)
            }
    context = {"form": form, "result": result, "token": token, "required": REQUIRED, "optional": OPTIONAL}
    return render(request, "saisines/saisine_import.html", context)


@require_POST
def saisine_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 2: import the file previewed, kept in the session between the two steps."""
    organisation_ids = _changeable(request.user)
    require_recent_auth(request, next_url=reverse("saisines:import"))
    pending = request.session.pop(PENDING_IMPORT, None) or {}
    organisation = Organisation.objects.filter(
        # No pending import: pk=None is ``IS NULL`` for Django, no row; the stubs want an int.
        pk=pending.get("organisation"),  # type: ignore[misc]
        pk__in=organisation_ids,
    ).first()
    if organisation is None or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        messages.error(request, _("Cet aperçu n'est plus valable : déposez à nouveau le fichier."))
        return redirect("saisines:import")
    result = import_saisines(organisation=organisation, data=pending["data"].encode("utf-8"))
    if not result.ok:
        messages.error(request, _("Le fichier n'a pas pu être importé : aucune saisine n'a été enregistrée."))
        return redirect("saisines:import")
    messages.success(
        request,
        _("Import terminé : %(created)d saisine(s) créée(s), %(updated)d mise(s) à jour.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("saisines:list")
