from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lien.opendata.access import open_data_organisations_for
from lien.opendata.display import population_label, preview
from lien.opendata.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    filename,
    table_csv,
    table_xlsx,
)
from lien.opendata.forms import OpenDataForm
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
