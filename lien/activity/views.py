from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.accounts.reauth import require_recent_auth
from lien.activity.access import (
    get_programme_for_user,
    get_territory_organisation_for_user,
    programme_organisations_for,
    territory_organisations_for,
)
from lien.activity.definitions import glossary, previous_period
from lien.activity.display import report_page
from lien.activity.exports import CONTENT_TYPE
from lien.activity.forms import ReportChooserForm, TerritoryForm
from lien.activity.report import programme_report
from lien.activity.services import programme_report_export, programme_report_print
from lien.communes.territory import territory_by_departement, territory_communes, territory_set
from lien.web.http import AuthenticatedHttpRequest


def _report(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    organisations = programme_organisations_for(request.user)
    if not organisations:
        raise Http404
    chooser = ReportChooserForm(request.GET or None, organisations=organisations, today=timezone.localdate())
    if chooser.is_bound and not chooser.is_valid():
        if chooser.has_error("organisation"):  # another organisation: missing and forbidden alike
            raise Http404
        return {"chooser": chooser, "report": None}
    selection = chooser.selection()
    organisation = get_programme_for_user(request.user, selection["organisation"])
    start, end = selection["start"], selection["end"]
    report = programme_report(organisation, start, end)
    previous_start, previous_end = previous_period(start, end)
    query = urlencode({"organisation": organisation.slug, "start": start.isoformat(), "end": end.isoformat()})
    return {
        "chooser": chooser,
        "organisation": organisation,
        "report": report,
        "page": report_page(report),
        "period": {
            "start": start,
            "end": end,
            "previous_start": previous_start,
            "previous_end": previous_end,
        },
        "glossary": glossary(),
        "query": query,
        "territory_url": (
            f"{reverse('activity:territory')}?{urlencode({'organisation': organisation.slug})}"
            if organisation in territory_organisations_for(request.user)
            else ""
        ),
    }


def _filename(report: dict, extension: str) -> str:
    return f"activite-{report['organisation']}-{report['start']}-{report['end']}.{extension}"


def programme_report_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _report(request)
    return render(request, "activity/report.html", context, status=200 if context["report"] else 422)


def programme_report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _report(request)
    if context["report"] is None:
        raise Http404
    report = context["report"]
    html = render_to_string("activity/report_print.html", context | {"printed_at": timezone.localtime()})
    document = programme_report_print(
        acting_user=request.user,
        organisation=context["organisation"],
        html=html,
        period=f"{report['start']} — {report['end']}",
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return response


def programme_report_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _report(request)
    if context["report"] is None:
        raise Http404
    require_recent_auth(request)
    report = context["report"]
    document = programme_report_export(
        acting_user=request.user,
        organisation=context["organisation"],
        page=context["page"],
        glossary=context["glossary"],
        period=f"{report['start']} — {report['end']}",
    )
    response = HttpResponse(document, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


def programme_territory(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The communes the programme covers: typed as codes, shown by département, kept all or nothing."""
    organisation = get_territory_organisation_for_user(
        request.user, request.POST.get("organisation") or request.GET.get("organisation")
    )
    communes = territory_communes([organisation.pk])
    form = TerritoryForm(
        request.POST or None,
        initial={
            "insee_codes": " ".join(communes.order_by("insee_code").values_list("insee_code", flat=True))
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                count = territory_set(
                    acting_user=request.user, organisation=organisation, data=form.territory_input()
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Territoire enregistré : %(n)s commune.",
                        "Territoire enregistré : %(n)s communes.",
                        count,
                    )
                    % {"n": count}
                    if count
                    else _(
                        "Territoire effacé : le rapport compte les départements où vivent les "
                        "personnes suivies et les contacts."
                    ),
                )
                return redirect(
                    f"{reverse('activity:territory')}?{urlencode({'organisation': organisation.slug})}"
                )
        status = 422
    return render(
        request,
        "activity/territory.html",
        {
            "form": form,
            "organisation": organisation,
            "organisations": territory_organisations_for(request.user),
            "by_departement": territory_by_departement(communes),
            "communes": communes.order_by("name"),
        },
        status=status,
    )
