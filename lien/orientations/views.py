from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.directory.models import Service
from lien.directory.selectors import SearchCriteria, service_search
from lien.followup.access import get_followed_person_for_user
from lien.followup.views import apply_service
from lien.orientations.access import get_orientation_for_user
from lien.orientations.enums import TYPOLOGY_KINDS, Difficulty, Outcome, StructureKind
from lien.orientations.forms import DirectorySearchForm, OrientationForm, OutcomeForm
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties
from lien.orientations.services import orientation_create, orientation_record_outcome


def orientation_list(request: HttpRequest) -> HttpResponse:
    if not organisation_ids_for(request.user, Perm.FOLLOWUP_VIEW):
        raise Http404
    pending = request.GET.get("toutes") != "1"
    orientations = Orientation.objects.visible_to(request.user).select_related("person")
    if pending:
        orientations = orientations.filter(outcome=Outcome.PENDING)
    page = Paginator(orientations, 25).get_page(request.GET.get("page"))
    return render(request, "orientations/orientation_list.html", {"page": page, "pending": pending})


def orientation_create_view(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Orient a person; the structure is picked from the directory (``?service=``) or typed."""
    person = get_followed_person_for_user(request.user, person_pk, write=True)
    services = Service.objects.visible_to(request.user).select_related("structure")
    service_id = request.GET.get("service", "")
    chosen = services.filter(pk=int(service_id)).first() if service_id.isdigit() else None
    initial = {}
    if chosen is not None:
        initial = {
            "directory_service": chosen.pk,
            "structure_name": f"{chosen.structure.name} — {chosen.name}"[:200],
            "structure_kind": TYPOLOGY_KINDS.get(chosen.structure.typology, StructureKind.OTHER),
        }
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


def orientation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    orientation = get_orientation_for_user(request.user, pk)
    can_change = has_perm(request.user, Perm.FOLLOWUP_CHANGE, orientation.organisation_id)
    return render(
        request,
        "orientations/orientation_detail.html",
        {
            "orientation": orientation,
            "can_change": can_change,
            "outcome_form": OutcomeForm(initial={"outcome": orientation.outcome}) if can_change else None,
            "appointments": list(orientation.appointments.order_by("starts_at")),
        },
    )


@require_POST
def orientation_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    orientation = get_orientation_for_user(request.user, pk, write=True)
    form = OutcomeForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        orientation_record_outcome,
        acting_user=request.user,
        orientation=orientation,
        **form.cleaned_data,
    ):
        messages.success(request, _("Suite de l'orientation enregistrée."))
        return redirect("orientations:detail", pk=orientation.pk)
    return render(
        request,
        "orientations/orientation_detail.html",
        {
            "orientation": orientation,
            "can_change": True,
            "outcome_form": form,
            "appointments": list(orientation.appointments.order_by("starts_at")),
        },
        status=422,
    )


def difficulties(request: HttpRequest) -> HttpResponse:
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
