from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lien.accounts.models import Organisation
from lien.accounts.reauth import require_recent_auth
from lien.network.access import get_network_for_user, network_organisations_for
from lien.network.dashboard import network_dashboard
from lien.network.display import dashboard_csv, dashboard_filename, sections
from lien.network.forms import NetworkForm
from lien.network.services import network_export
from lien.web.http import AuthenticatedHttpRequest


def network_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first network the user reads (those with organisations below come first)."""
    organisations = network_organisations_for(request.user)
    if not organisations:
        raise Http404
    return redirect("network:dashboard", slug=organisations[0].slug)


def _form(request: AuthenticatedHttpRequest) -> NetworkForm:
    return NetworkForm(request.GET or None, today=timezone.localdate())


def _page(
    request: AuthenticatedHttpRequest, root: Organisation, form: NetworkForm, **context
) -> HttpResponse:
    readable = {organisation.pk for organisation in network_organisations_for(request.user)}
    context |= {
        "root": root,
        "form": form,
        "ancestors": [a for a in reversed(root.ancestors()) if a.pk in readable],
    }
    return render(request, "network/dashboard.html", context, status=200 if "dashboard" in context else 422)


def network_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The aggregated activity of the organisations below ``slug`` (not an export: nothing is
    journalled, no row names a person)."""
    root = get_network_for_user(request.user, slug)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, root, form)
    start, end = form.period()
    dashboard = network_dashboard(root, start, end, today=timezone.localdate(), radius_km=form.radius())
    return _page(
        request,
        root,
        form,
        dashboard=dashboard,
        sections=sections(dashboard),
        query=request.GET.urlencode(),
    )


def network_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The dashboard as a CSV file, its export journalled; bad parameters show the page again."""
    root = get_network_for_user(request.user, slug)
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, root, form)
    require_recent_auth(request)
    start, end = form.period()
    dashboard = network_export(
        acting_user=request.user,
        root=root,
        start=start,
        end=end,
        today=timezone.localdate(),
        radius_km=form.radius(),
        fmt="csv",
        via="page",
    )
    response = HttpResponse(dashboard_csv(dashboard), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dashboard_filename(dashboard)}"'
    return response
