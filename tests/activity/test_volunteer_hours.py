"""The volunteers' time in the programme report: hours of the period's sessions, how many sessions
recorded it, the year before; the same key figure on the page, in the PDF and in the spreadsheet."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lien.activity.report import programme_report
from lien.outreach.services import session_create
from lien.reports import pdf
from tests.activity.conftest import END, QUERY, START

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteering(world):
    """In the period: 7.5 h and 4 h, one session without its time; a year earlier: 3 h; between the
    two periods: 10 h; another organisation: 100 h."""
    mediator = world.users["community_mediator"]

    def session(held_on: date, hours: str | None, *, organisation=world.organisation, user=mediator):
        session_create(
            acting_user=user,
            organisation=organisation,
            kind="street",
            held_on=held_on,
            place="Marché",
            volunteer_hours=None if hours is None else Decimal(hours),
        )

    session(date(2026, 2, 10), "7.5")
    session(date(2026, 4, 2), "4")
    session(date(2026, 5, 15), None)
    session(date(2025, 3, 3), "3")
    session(date(2025, 12, 31), "10")
    session(date(2026, 3, 1), "100", organisation=world.other_organisation, user=world.users["outsider"])
    return world


def test_it_sums_the_hours_of_the_period_and_counts_the_sessions_that_recorded_them(volunteering):
    report = programme_report(volunteering.organisation, START, END)
    outreach, previous = report["outreach"], report["previous"]["outreach"]
    assert (outreach["volunteer_hours"], outreach["sessions_with_volunteer_hours"], outreach["sessions"]) == (
        11.5,
        2,
        3,
    )
    assert (previous["volunteer_hours"], previous["sessions_with_volunteer_hours"]) == (3.0, 1)
    assert isinstance(outreach["volunteer_hours"], float)


def test_a_period_without_hours_counts_zero(volunteering):
    report = programme_report(volunteering.organisation, date(2024, 1, 1), date(2024, 6, 30))
    assert (report["outreach"]["volunteer_hours"], report["outreach"]["sessions_with_volunteer_hours"]) == (
        0,
        0,
    )
    assert isinstance(report["outreach"]["volunteer_hours"], float)


def test_a_regional_report_adds_the_hours_of_its_programmes_only(volunteering):
    assert programme_report(volunteering.regional, START, END)["outreach"]["volunteer_hours"] == 11.5
    assert programme_report(volunteering.other_organisation, START, END)["outreach"]["volunteer_hours"] == 100


def test_the_json_api_gives_the_hours_as_a_number(volunteering, client_for):
    client = client_for(volunteering.users["community_mediator"])
    data = client.get(reverse("api:activity_report"), QUERY).json()
    assert (data["outreach"]["volunteer_hours"], data["previous"]["outreach"]["volunteer_hours"]) == (11.5, 3)
    assert data["outreach"]["sessions_with_volunteer_hours"] == 2


def test_the_page_shows_the_key_figure_beside_the_year_before(volunteering, client_for):
    response = client_for(volunteering.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    figures = {figure.key: figure for figure in response.context["page"]["key_figures"]}
    hours = figures["volunteer_hours"]
    assert (hours.label, hours.value, hours.previous) == ("Temps bénévole", Decimal("11.5"), Decimal("3.0"))
    assert hours.evolution_text == "+283\u00a0%"
    assert hours.detail == "h, pour 2 sorties renseignées sur 3"
    html = response.content.decode()
    assert "<dt>Temps bénévole</dt><dd><strong>11,5</strong> h, pour 2 sorties renseignées sur 3" in html
    assert "(un an plus tôt : 3,0, +283\u00a0%)" in html
    terms = [term for term, _definition in response.context["glossary"]]
    assert "Temps bénévole" in terms


def test_the_year_before_without_hours_shows_the_increase_in_hours(world, client_for):
    session_create(
        acting_user=world.users["community_mediator"],
        organisation=world.organisation,
        kind="permanence",
        held_on=date(2026, 3, 3),
        place="Mairie",
        volunteer_hours=Decimal("1.5"),
    )
    response = client_for(world.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    figures = {figure.key: figure for figure in response.context["page"]["key_figures"]}
    assert (figures["volunteer_hours"].previous, figures["volunteer_hours"].evolution_text) == (
        Decimal("0.0"),
        "+1,5",
    )


def test_the_pdf_has_the_key_figure(volunteering, client_for, monkeypatch):
    printed: list[str] = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: printed.append(html) or b"%PDF-1.7")
    client_for(volunteering.users["coordinator"]).get(reverse("activity:report_pdf"), QUERY)
    assert "<dt>Temps bénévole</dt><dd><strong>11,5</strong>" in printed[0]


def test_the_spreadsheet_has_the_key_figure_in_hours(volunteering, client_for):
    response = client_for(volunteering.users["coordinator"]).get(reverse("activity:report_xlsx"), QUERY)
    sheet = load_workbook(io.BytesIO(response.content))["Chiffres clés"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Temps bénévole")
    assert [cell.value for cell in row[:4]] == [
        "Temps bénévole",
        11.5,
        "h, pour 2 sorties renseignées sur 3",
        3,
    ]
    assert row[4].value == pytest.approx(2.83)
    assert (row[1].number_format, row[3].number_format) == ("0.0", "0.0")
