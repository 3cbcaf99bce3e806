from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, require_perm
from lien.reports import figures
from lien.reports.access import can_write_report_text, get_report_organisation_for_user
from lien.reports.forms import AnnualReportTextForm, MonthlyChooserForm, ReportChooserForm
from lien.reports.models import AnnualReportText
from lien.reports.monthly import monthly_report
from lien.reports.selectors import annual_report_page, report_organisations_for
from lien.reports.services import annual_report_print, annual_report_text_save
from lien.saisines.enums import Channel, Origin, Outcome, Process
from lien.web.http import AuthenticatedHttpRequest


def _choose(request: AuthenticatedHttpRequest, form_class=ReportChooserForm):
    """The chooser form and the organisation and year it selects; 404 on anything not allowed."""
    require_perm(request.user, Perm.STATISTICS_VIEW, not_found=True)
    choices = report_organisations_for(request.user)
    chooser = form_class(request.GET or None, choices=choices, today=timezone.localdate())
    if chooser.is_bound and not chooser.is_valid():
        raise Http404
    selection = chooser.selection()
    organisation = get_report_organisation_for_user(request.user, selection["organisation"])
    return chooser, organisation, selection


def _annual_context(request: AuthenticatedHttpRequest, organisation: Organisation, year: int, text) -> dict:
    return {
        "organisation": organisation,
        "year": year,
        "page": annual_report_page(user=request.user, organisation=organisation, year=year),
        "text": text,
        "query": urlencode({"organisation": organisation.slug, "year": year}),
        "printing": False,
    }


def _text_form(
    request: AuthenticatedHttpRequest, organisation: Organisation, text
) -> AnnualReportTextForm | None:
    """The form of the qualitative part, for those who write it; others may not post."""
    if request.method == "POST":
        require_perm(request.user, Perm.REPORT_TEXT_CHANGE, organisation.pk, not_found=True)
    elif not can_write_report_text(request.user, organisation):
        return None
    initial = {"highlights": text.highlights, "improvement_actions": text.improvement_actions} if text else {}
    return AnnualReportTextForm(request.POST or None, initial=initial)


def annual(request: AuthenticatedHttpRequest) -> HttpResponse:
    chooser, organisation, selection = _choose(request)
    year = selection["year"]
    text = AnnualReportText.objects.filter(organisation=organisation, year=year).first()
    form = _text_form(request, organisation, text)
    if form is not None and request.method == "POST" and form.is_valid():
        annual_report_text_save(
            acting_user=request.user, organisation=organisation, year=year, **form.cleaned_data
        )
        messages.success(request, _("Texte du rapport enregistré."))
        query = urlencode({"organisation": organisation.slug, "year": year})
        return redirect(f"{reverse('report_annual')}?{query}")
    context = _annual_context(request, organisation, year, text)
    return render(request, "reports/annual.html", context | {"chooser": chooser, "form": form})


def annual_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    _chooser, organisation, selection = _choose(request)
    year = selection["year"]
    text = AnnualReportText.objects.filter(organisation=organisation, year=year).first()
    context = _annual_context(request, organisation, year, text)
    html = render_to_string(
        "reports/annual_print.html",
        context | {"printed_at": timezone.localtime(), "printing": True},
        request=request,
    )
    document = annual_report_print(acting_user=request.user, organisation=organisation, html=html)
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"rapport-annuel-{organisation.slug}-{year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def monthly(request: AuthenticatedHttpRequest) -> HttpResponse:
    chooser, organisation, selection = _choose(request, MonthlyChooserForm)
    report = monthly_report(
        organisation=organisation,
        year=selection["year"],
        month=selection["month"],
        today=timezone.localdate(),
    )
    received, closed = report["received"], report["closed"]
    return render(
        request,
        "reports/monthly.html",
        {
            "chooser": chooser,
            "organisation": organisation,
            "report": report,
            "month_label": figures.month_labels()[selection["month"] - 1],
            "within_7_percent": figures.percent(report["answered_within_7"], received),
            "by_channel": figures.rows(report["by_channel"], dict(Channel.choices), total=received),
            "by_process": figures.rows(report["by_process"], dict(Process.choices), total=received),
            "by_origin": figures.rows(report["by_origin"], dict(Origin.choices), total=received),
            "by_outcome": figures.rows(
                report["by_outcome"],
                dict(Outcome.choices),
                total=closed,
                unknown_label=str(figures.UNKNOWN_OUTCOME),
            ),
            "annual_query": urlencode({"organisation": organisation.slug, "year": selection["year"]}),
        },
    )
