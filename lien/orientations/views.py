from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.directory.access import get_service_for_user
from lien.directory.models import Service
from lien.directory.selectors import SearchCriteria, service_search
from lien.followup.access import get_followed_person_for_user
from lien.orientations.access import get_orientation_for_user
from lien.orientations.enums import OPEN_OUTCOMES, TYPOLOGY_KINDS, Difficulty, StructureKind
from lien.orientations.forms import (
    OUTCOME_FORMS,
    DirectorySearchForm,
    OrientationForm,
    OrientFromDirectoryForm,
)
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties
from lien.orientations.services import (
    orientation_create,
    orientation_record_did_not_go,
    orientation_record_refused,
    orientation_record_waiting_list,
    orientation_record_went,
    orientation_reset_outcome,
)
from lien.orientations.workflow import ORIENTATIONS
from lien.web.actions import action_view
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest, id_from
from lien.web.pagination import CappedPaginator

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def orientation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW):
        raise Http404
    pending = request.GET.get("toutes") != "1"
    orientations = Orientation.objects.visible_to(request.user).select_related("person")
    if pending:
        orientations = orientations.filter(outcome__in=OPEN_OUTCOMES)
    page = CappedPaginator(orientations, 25).get_page(request.GET.get("page"))
    return render(request, "orientations/orientation_list.html", {"page": page, "pending": pending})


def _structure_of(service: Service) -> dict[str, str]:
    """The structure of an orientation to a service of the directory, as the form shows it."""
    return {
        "structure_name": f"{service.structure.name} — {service.name}"[:200],
        "structure_kind": TYPOLOGY_KINDS.get(service.structure.typology, StructureKind.OTHER),
    }


def orientation_create_view(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """Orient a person; the structure is picked from the directory (``?service=``) or typed."""
    person = get_followed_person_for_user(request.user, person_pk, write=True)
    services = Service.objects.visible_to(request.user).select_related("structure")
    service_id = request.GET.get("service", "")
    chosen_id = id_from(service_id)
    chosen = services.filter(pk=chosen_id).first() if chosen_id is not None else None
    initial = {}
    if chosen is not None:
        initial = {"directory_service": chosen.pk, **_structure_of(chosen)}
    form = OrientationForm(request.POST or None, initial=initial, services=services)
    if request.method == "POST" and form.is_valid():
        orientation = apply_service(
            form, orientation_create, acting_user=request.user, person=person, **form.cleaned_data
        )
        if orientation:
            messages.success(request, _("Orientation enregistrée."))
            return redirect("orientations:detail", pk=orientation.pk)
    search = DirectorySearchForm(request.GET or None)
    text = search.cleaned_data["annuaire"] if search.is_valid() else ""
    found = (
        service_search(user=request.user, criteria=SearchCriteria(text=text), limit=10).hits if text else []
    )
    return render(
        request,
        "orientations/orientation_form.html",
        {
            "person": person,
            "form": form,
            "chosen": chosen,
            "search": search,
            "text": text,
            "found": found,
            "can_search": has_perm(request.user, Perm.DIRECTORY_VIEW, person.organisation_id),
        },
    )


@require_POST
def orientation_from_directory(
    request: AuthenticatedHttpRequest, person_pk: int, service_pk: int
) -> HttpResponse:
    """One step from a result of the directory search opened for a person (``?person=``): the
    service is the result, the reason is typed there; then the orientation's page."""
    person = get_followed_person_for_user(request.user, person_pk, write=True)
    service = get_service_for_user(request.user, service_pk)
    form = OrientFromDirectoryForm(request.POST)
    orientation = None
    if form.is_valid():
        orientation = apply_service(
            form,
            orientation_create,
            acting_user=request.user,
            person=person,
            directory_service=service,
            oriented_on=timezone.localdate(),
            reason=form.cleaned_data["reason"],
            **_structure_of(service),
        )
    if orientation is not None:
        messages.success(request, _("Orientation enregistrée."))
        return redirect("orientations:detail", pk=orientation.pk)
    # The whole form, the service chosen, says what was wrong.
    for message in [str(error) for errors in form.errors.values() for error in errors]:
        messages.error(request, message)
    return redirect(reverse("orientations:create", args=[person.pk]) + f"?service={service.pk}")


def _detail(
    request: AuthenticatedHttpRequest,
    orientation: Orientation,
    *,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of an orientation, with a form for each action the table opens to the user now
    (``bound``: the one just posted, with its errors)."""
    panels = [
        {
            "action": act,
            "form": bound
            if bound is not None and bound.prefix == act.name
            else OUTCOME_FORMS[act.name](prefix=act.name),
            "url": reverse(f"orientations:{act.name}", args=[orientation.pk]),
            "open": bound is not None and bound.prefix == act.name,
        }
        for act in ORIENTATIONS.available(request.user, orientation)
    ]
    return render(
        request,
        "orientations/orientation_detail.html",
        {
            "orientation": orientation,
            "can_change": has_perm(request.user, Perm.FOLLOWUP_CHANGE, orientation.organisation_id),
            "panels": panels,
            "appointments": list(orientation.appointments.order_by("starts_at")),
        },
        status=status,
    )


def orientation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_orientation_for_user(request.user, pk))


def _on_outcome(
    name: str, service: Callable[..., Orientation], success: "str | StrPromise"
) -> Callable[..., HttpResponse]:
    """The POST view of an action of workflow.ORIENTATIONS."""
    return action_view(
        workflow=ORIENTATIONS,
        name=name,
        service=service,
        success=success,
        get_object=lambda user, pk: get_orientation_for_user(user, pk, write=True),
        object_arg="orientation",
        form_class=OUTCOME_FORMS[name],
        detail="orientations:detail",
        page=lambda request, orientation, form: _detail(request, orientation, bound=form, status=422),
    )


record_went = _on_outcome("record_went", orientation_record_went, _l("La personne y est allée : c'est noté."))
record_did_not_go = _on_outcome(
    "record_did_not_go", orientation_record_did_not_go, _l("Noté : la personne n'y est pas allée.")
)
record_refused = _on_outcome(
    "record_refused", orientation_record_refused, _l("Noté : la structure a refusé la personne.")
)
record_waiting_list = _on_outcome(
    "record_waiting_list",
    orientation_record_waiting_list,
    _l("Noté : la personne est sur liste d'attente."),
)
reset_outcome = _on_outcome(
    "reset_outcome", orientation_reset_outcome, _l("La suite de l'orientation est de nouveau en attente.")
)


def difficulties(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the orientations taught about each structure: the feed of the partnership file."""
    if not organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW):
        raise Http404
    rows = orientation_difficulties(Orientation.objects.visible_to(request.user))
    labels = dict(Difficulty.choices)
    kinds = dict(StructureKind.choices)
    for row in rows:
        row["kind_label"] = kinds.get(row["structure_kind"], row["structure_kind"])
        row["difficulty_rows"] = sorted(
            ((labels.get(code, code), n) for code, n in row["difficulties"].items()),
            key=lambda item: -item[1],
        )
    return render(request, "orientations/difficulties.html", {"rows": rows})
