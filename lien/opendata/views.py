from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.permissions import Perm, has_perm
from lien.accounts.reauth import require_recent_auth
from lien.opendata.access import get_open_data_organisation_for_user, open_data_organisations_for
from lien.opendata.display import population_label, preview
from lien.opendata.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    filename,
    table_csv,
    table_xlsx,
)
from lien.opendata.forms import OpenDataForm, PublicFigureForm, PublicPageForm
from lien.opendata.models import PublicFigure
from lien.opendata.public import (
    get_enabled_page,
    public_figure_add,
    public_figure_remove,
    public_page_of,
    public_page_set,
    public_tables,
)
from lien.opendata.services import open_data_export, open_data_preview
from lien.opendata.tables import Table
from lien.web.forms import apply_service
from lien.web.http import AuthenticatedHttpRequest

PREVIEW_ROWS = 500  # the page shows no more; the files hold the whole table


def _form(request: AuthenticatedHttpRequest) -> OpenDataForm:
    organisations = open_data_organisations_for(request.user)
    if not organisations:
        raise Http404
    form = OpenDataForm(
        request.GET or None,
        organisations=organisations,
        today=timezone.localdate(),
        minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD,
    )
    if form.is_bound and not form.is_valid() and form.has_error("organisation"):
        raise Http404  # another organisation: missing and forbidden alike
    return form


def _page(request: AuthenticatedHttpRequest, form: OpenDataForm, table: Table | None) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "table": table, "preview": None}
    if table is not None:
        context |= {
            "preview": preview(table, limit=PREVIEW_ROWS),
            "population": population_label(table.population),
            "query": request.GET.urlencode(),
            "api_query": urlencode(
                {
                    "organisation": table.organisation.slug,
                    "start": table.start.isoformat(),
                    "end": table.end.isoformat(),
                    "by": ",".join(table.dimensions),
                    "threshold": table.threshold,
                }
            ),
        }
    status = 422 if form.is_bound and table is None else 200
    return render(request, "opendata/page.html", context, status=status)


def open_data_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The form, and once filled the table's first rows (not an export: nothing is journalled)."""
    form = _form(request)
    table = None
    if form.is_bound and form.is_valid():
        table = apply_service(
            form, open_data_preview, **form.selection(), minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD
        )
    return _page(request, form, table)


def _download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The whole table as a file, its export journalled; bad parameters show the page again."""
    form = _form(request)
    if not form.is_bound:
        return redirect("opendata:page")
    table = None
    if form.is_valid():
        require_recent_auth(request)
        table = apply_service(
            form,
            open_data_export,
            acting_user=request.user,
            **form.selection(),
            minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD,
            fmt=fmt,
            via="page",
        )
    if table is None:
        return _page(request, form, None)
    content, content_type = (
        (table_csv(table), CSV_CONTENT_TYPE) if fmt == "csv" else (table_xlsx(table), XLSX_CONTENT_TYPE)
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(table, fmt)}"'
    return response


def open_data_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(request, "csv")


def open_data_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


# -- the public page of chosen figures --------------------------------------------------------


def _published_organisation(request: AuthenticatedHttpRequest):
    organisations = open_data_organisations_for(request.user)
    if not organisations:
        raise Http404
    slug = request.GET.get("organisation") or organisations[0].slug
    return get_open_data_organisation_for_user(request.user, slug), organisations


def _settings_page(request, organisation, organisations, *, page_form=None, figure_form=None, status=200):
    page = public_page_of(organisation)
    return render(
        request,
        "opendata/public_settings.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "page": page,
            "figures": list(page.figures.all()),
            "page_form": page_form
            or PublicPageForm(
                initial={"enabled": page.enabled, "introduction": page.introduction}, prefix="page"
            ),
            "figure_form": figure_form
            or PublicFigureForm(minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD, prefix="figure"),
        },
        status=status,
    )


def public_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Switch the public page on or off, say what it is, choose its tables."""
    organisation, organisations = _published_organisation(request)
    if request.method == "POST":
        form = PublicPageForm(request.POST, prefix="page")
        if form.is_valid():
            public_page_set(
                acting_user=request.user,
                organisation=organisation,
                enabled=form.cleaned_data["enabled"],
                introduction=form.cleaned_data["introduction"],
            )
            messages.success(
                request,
                _("La page publique est en ligne.")
                if form.cleaned_data["enabled"]
                else _("La page publique est hors ligne."),
            )
            return redirect(f"{reverse('opendata:public_settings')}?organisation={organisation.slug}")
        return _settings_page(request, organisation, organisations, page_form=form, status=422)
    return _settings_page(request, organisation, organisations)


@require_POST
def public_figure_add_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation, organisations = _published_organisation(request)
    form = PublicFigureForm(
        request.POST, minimum_threshold=settings.LIEN_OPEN_DATA_THRESHOLD, prefix="figure"
    )
    if form.is_valid():
        data = form.cleaned_data
        figure = apply_service(
            form,
            public_figure_add,
            acting_user=request.user,
            organisation=organisation,
            title=data["title"],
            dimensions=form.dimensions(),
            months=data["months"],
            threshold=data["threshold"],
            today=timezone.localdate(),
        )
        if figure is not None:
            messages.success(request, _("Tableau ajouté à la page publique."))
            return redirect(f"{reverse('opendata:public_settings')}?organisation={organisation.slug}")
    return _settings_page(request, organisation, organisations, figure_form=form, status=422)


@require_POST
def public_figure_remove_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    figure = PublicFigure.objects.select_related("page__organisation").filter(pk=pk).first()
    if figure is None or not has_perm(request.user, Perm.OPEN_DATA_EXPORT, figure.page.organisation_id):
        raise Http404
    organisation = figure.page.organisation
    public_figure_remove(acting_user=request.user, figure=figure)
    messages.success(request, _("Tableau retiré de la page publique."))
    return redirect(f"{reverse('opendata:public_settings')}?organisation={organisation.slug}")


@login_not_required
def public_page_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's chosen figures, for anyone: aggregates only, masked; 404 while the page
    is off."""
    page = get_enabled_page(slug)
    if page is None:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "opendata/public_page.html",
        {"page": page, "tables": public_tables(page, today), "today": today},
    )
