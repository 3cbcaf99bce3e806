from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm, organisation_ids_for, subtree_ids
from lien.accounts.reauth import require_recent_auth
from lien.advocacy.enums import NeedsTable, Source
from lien.advocacy.figures import shown
from lien.advocacy.forms import (
    DossierForm,
    FigureForm,
    FreeTextForm,
    MeetingPickForm,
    NeedsForm,
    ReviewForm,
    SaisinePickForm,
    TestimonyPickForm,
)
from lien.advocacy.models import Dossier
from lien.advocacy.needs import NeedsTables, needs_organisations_for, needs_tables
from lien.advocacy.needs_display import needs_csv, needs_filename, needs_page, needs_querystring
from lien.advocacy.selectors import (
    get_dossier_for_user,
    get_excerpt_for_user,
    get_figure_for_user,
    meeting_choices,
    segments,
    testimony_choices,
)
from lien.advocacy.services import (
    dossier_blockers,
    dossier_create,
    dossier_pdf,
    dossier_update,
    excerpt_add,
    excerpt_original,
    excerpt_remove,
    excerpt_review,
    figure_add,
    figure_remove,
    needs_export,
    propose,
)
from lien.opendata.enums import ONLY_FOR, Dimension
from lien.opendata.tables import population_of
from lien.saisines.models import Saisine
from lien.web.forms import add_service_error, apply_service
from lien.web.http import AuthenticatedHttpRequest


def _organisations(request: AuthenticatedHttpRequest) -> set[int]:
    ids = organisation_ids_for(request.user, Perm.ADVOCACY_DOSSIER)
    if not ids:
        raise Http404
    return ids


def _list_context(request: AuthenticatedHttpRequest, dossiers, form: DossierForm) -> dict:
    # The barriers and needs of a programme: for the dossiers of an association or a health centre.
    needs_url = reverse("advocacy:needs") if needs_organisations_for(request.user) else ""
    return {"dossiers": dossiers, "form": form, "needs_url": needs_url}


def dossier_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = _organisations(request)
    dossiers = Dossier.objects.visible_to(request.user).select_related("organisation")
    form = DossierForm(organisation_ids=ids)
    return render(request, "advocacy/dossier_list.html", _list_context(request, dossiers, form))


def dossier_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = _organisations(request)
    form = DossierForm(request.POST or None, organisation_ids=ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dossier = apply_service(
            form,
            dossier_create,
            acting_user=request.user,
            organisation=data["organisation"],
            title=data["title"],
            recipient=data["recipient"],
            introduction=data["introduction"],
        )
        if dossier is not None:
            messages.success(request, _("Dossier créé : ajoutez-y des extraits et des chiffres."))
            return redirect("advocacy:dossier", pk=dossier.pk)
    dossiers = Dossier.objects.visible_to(request.user).select_related("organisation")
    return render(request, "advocacy/dossier_list.html", _list_context(request, dossiers, form), status=200)


def _dimensions(dossier: Dossier) -> list[tuple[str, str]]:
    population = population_of(subtree_ids(dossier.organisation_id))
    return [
        (code, str(label))
        for code, label in Dimension.choices
        if ONLY_FOR.get(code, population) == population
    ]


def _detail_context(request: AuthenticatedHttpRequest, dossier: Dossier, **forms) -> dict:
    user = request.user
    saisines = has_perm(user, Perm.SAISINE_VIEW, dossier.organisation_id)
    context = {
        "dossier": dossier,
        "excerpts": list(dossier.excerpts.select_related("reviewed_by")),
        "figures": [shown(figure) for figure in dossier.figures.all()],
        "blockers": dossier_blockers(dossier),
        "edit_form": DossierForm(instance=dossier, organisation_ids=set(), editing=True, prefix="dossier"),
        "testimony_form": TestimonyPickForm(choices=testimony_choices(user, dossier), prefix="testimony"),
        "meeting_form": MeetingPickForm(choices=meeting_choices(user, dossier), prefix="meeting"),
        "saisine_form": SaisinePickForm(prefix="saisine") if saisines else None,
        "text_form": FreeTextForm(prefix="text"),
        "figure_form": FigureForm(
            dimensions=_dimensions(dossier), minimum=settings.LIEN_OPEN_DATA_THRESHOLD, prefix="figure"
        ),
    }
    return context | forms


def dossier_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    return render(request, "advocacy/dossier_detail.html", _detail_context(request, dossier))


@require_POST
def dossier_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    form = DossierForm(request.POST, instance=dossier, organisation_ids=set(), editing=True, prefix="dossier")
    if form.is_valid():
        data = form.cleaned_data
        if apply_service(
            form,
            dossier_update,
            acting_user=request.user,
            dossier=dossier,
            title=data["title"],
            recipient=data["recipient"],
            introduction=data["introduction"],
        ):
            messages.success(request, _("Dossier modifié."))
            return redirect("advocacy:dossier", pk=dossier.pk)
    dossier.refresh_from_db()
    return render(
        request, "advocacy/dossier_detail.html", _detail_context(request, dossier, edit_form=form), status=422
    )


@require_POST
def excerpt_add_view(request: AuthenticatedHttpRequest, pk: int, source: str) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    user = request.user
    form: TestimonyPickForm | MeetingPickForm | SaisinePickForm | FreeTextForm
    kwargs: dict = {}
    if source == Source.TESTIMONY:
        form = TestimonyPickForm(request.POST, choices=testimony_choices(user, dossier), prefix="testimony")
        name = "testimony_form"
    elif source == Source.MEETING:
        form = MeetingPickForm(request.POST, choices=meeting_choices(user, dossier), prefix="meeting")
        name = "meeting_form"
    elif source == Source.SAISINE:
        if not has_perm(user, Perm.SAISINE_VIEW, dossier.organisation_id):
            raise Http404
        form = SaisinePickForm(request.POST, prefix="saisine")
        name = "saisine_form"
    elif source == Source.TEXT:
        form = FreeTextForm(request.POST, prefix="text")
        name = "text_form"
    else:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        if source == Source.TESTIMONY:
            kwargs = {"testimony_id": data["testimony"]}
        elif source == Source.MEETING:
            kwargs = {"meeting_id": data["meeting"]}
        elif source == Source.SAISINE:
            saisine = (
                Saisine.objects.visible_to(user)
                .filter(
                    organisation_id__in=subtree_ids(dossier.organisation_id),
                    reference=data["reference"].strip(),
                )
                .first()
            )
            kwargs = {"saisine_id": saisine.pk if saisine else 0}
        else:
            kwargs = {"text": data["text"], "month": data["month"]}
        try:
            excerpt = excerpt_add(acting_user=user, dossier=dossier, source=source, **kwargs)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Extrait ajouté : relisez la proposition de pseudonymisation."))
            return redirect("advocacy:review", pk=excerpt.pk)
    return render(
        request, "advocacy/dossier_detail.html", _detail_context(request, dossier, **{name: form}), status=422
    )


def excerpt_review_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    excerpt = get_excerpt_for_user(request.user, pk)
    initial = {"text": excerpt.text or excerpt.proposal}
    form = ReviewForm(request.POST or None, initial=initial)
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        try:
            excerpt_review(
                acting_user=request.user,
                excerpt=excerpt,
                text=form.cleaned_data["text"],
                confirm=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            needs_confirmation = True
        else:
            messages.success(request, _("Extrait relu et validé."))
            return redirect("advocacy:dossier", pk=excerpt.dossier_id)
    original = excerpt_original(request.user, excerpt)
    return render(
        request,
        "advocacy/excerpt_review.html",
        {
            "excerpt": excerpt,
            "dossier": excerpt.dossier,
            "form": form,
            "segments": segments(original) if original else None,
            "needs_confirmation": needs_confirmation,
        },
        status=422 if form.errors else 200,
    )


@require_POST
def excerpt_remove_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    excerpt = get_excerpt_for_user(request.user, pk)
    dossier_id = excerpt.dossier_id
    excerpt_remove(acting_user=request.user, excerpt=excerpt)
    messages.success(request, _("Extrait retiré du dossier."))
    return redirect("advocacy:dossier", pk=dossier_id)


@require_POST
def figure_add_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    minimum = settings.LIEN_OPEN_DATA_THRESHOLD
    form = FigureForm(request.POST, dimensions=_dimensions(dossier), minimum=minimum, prefix="figure")
    if form.is_valid():
        data = form.cleaned_data
        figure = apply_service(
            form,
            figure_add,
            acting_user=request.user,
            dossier=dossier,
            title=data["title"],
            start=data["start"],
            end=data["end"],
            dimensions=form.dimensions(),
            threshold=data["threshold"],
        )
        if figure is not None:
            messages.success(request, _("Tableau ajouté au dossier."))
            return redirect("advocacy:dossier", pk=dossier.pk)
    return render(
        request,
        "advocacy/dossier_detail.html",
        _detail_context(request, dossier, figure_form=form),
        status=422,
    )


@require_POST
def figure_remove_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    figure = get_figure_for_user(request.user, pk)
    dossier_id = figure.dossier_id
    figure_remove(acting_user=request.user, figure=figure)
    messages.success(request, _("Tableau retiré du dossier."))
    return redirect("advocacy:dossier", pk=dossier_id)


def dossier_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_user(request.user, pk)
    try:  # refused while an excerpt is not reviewed: the page says why
        document = dossier_pdf(acting_user=request.user, dossier=dossier)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("advocacy:dossier", pk=dossier.pk)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-plaidoyer-{dossier.pk}.pdf"'
    return response


def pseudonymise_tool(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste a text, see what the pseudonymiser proposes (with the names Lien knows in the user's
    organisations): nothing is kept."""
    ids = _organisations(request)
    form = FreeTextForm(request.POST or None)
    form.fields.pop("month")
    result = None
    if request.method == "POST" and form.is_valid():
        result = propose(form.cleaned_data["text"], ids)
    return render(
        request,
        "advocacy/pseudonymise.html",
        {"form": form, "result": result, "segments": segments(result) if result else None},
    )


# -- barriers and needs without answers (needs.py) ----------------------------------------------


def _needs(request: AuthenticatedHttpRequest) -> NeedsForm:
    organisations = needs_organisations_for(request.user)
    if not organisations:
        raise Http404
    form = NeedsForm(request.GET or None, organisations=organisations, today=timezone.localdate())
    if form.is_bound and not form.is_valid() and form.has_error("organisation"):
        raise Http404  # another organisation: missing and forbidden alike
    return form


def _needs_page(
    request: AuthenticatedHttpRequest, form: NeedsForm, tables: NeedsTables | None
) -> HttpResponse:
    context: dict = {"form": form, "tables": tables, "tables_csv": NeedsTable.choices}
    if tables is not None:
        metric = form.map_metric()
        context |= needs_page(tables, metric) | {"query": needs_querystring(tables.query, metric)}
    return render(request, "advocacy/needs.html", context, status=200 if tables is not None else 422)


def needs_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The barriers met, the orientations' outcomes and the needs without a service nearby, as
    tables and a map (not an export: nothing is journalled)."""
    form = _needs(request)
    tables = None
    if not form.is_bound or form.is_valid():
        tables = apply_service(
            form, needs_tables, query=form.query(), threshold=settings.LIEN_OPEN_DATA_THRESHOLD
        )
    return _needs_page(request, form, tables)


def needs_csv_view(request: AuthenticatedHttpRequest, table: str) -> HttpResponse:
    """One table as a CSV file, its export journalled; bad parameters show the page again."""
    if table not in NeedsTable.values:
        raise Http404
    form = _needs(request)
    tables = None
    if not form.is_bound or form.is_valid():
        require_recent_auth(request)
        tables = apply_service(
            form,
            needs_export,
            acting_user=request.user,
            query=form.query(),
            threshold=settings.LIEN_OPEN_DATA_THRESHOLD,
            fmt="csv",
            via="page",
            table=table,
        )
    if tables is None:
        return _needs_page(request, form, None)
    response = HttpResponse(needs_csv(tables, table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{needs_filename(tables, table)}"'
    return response
