"""The report's page: each figure beside the year before, shares that add up to 100, French
dates, the glossary, the same figures as the JSON API."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from lien.activity.display import PARTS
from tests.activity.conftest import QUERY, TODAY

pytestmark = pytest.mark.django_db

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
)


@pytest.fixture
def page(year, client_for):
    response = client_for(year.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    assert response.status_code == 200
    return response


def test_the_page_shows_charts_with_their_tables(page):
    html = page.content.decode()
    assert (
        'role="img"' in html and "<caption>Orientations par type de structure et leur suite</caption>" in html
    )
    assert "<caption>Personnes accompagnées par genre</caption>" in html
    assert "<caption>Score EPICES des personnes évaluées</caption>" in html
    assert "Personnes accompagnées" in html


def test_each_figure_stands_beside_the_same_figure_a_year_earlier(page):
    figures = {figure.key: figure for figure in page.context["page"]["key_figures"]}
    assert (figures["accompanied"].value, figures["accompanied"].previous) == (3, 3)
    assert figures["accompanied"].evolution_text == "="
    assert (figures["km"].value, figures["km"].previous, figures["km"].evolution_text) == (
        110,
        40,
        "+175\u00a0%",
    )
    assert (figures["orientations"].previous, figures["orientations"].evolution_text) == (0, "+2")
    assert (figures["partner_meetings"].value, figures["partner_meetings"].previous) == (1, 1)
    ages = page.context["page"]["tables"]["ages"]
    previous = {line.label: line.previous for line in ages.lines}
    assert previous["35 à 44 ans"] == 1 and previous["18 à 24 ans"] == 0
    html = page.content.decode()
    assert "Un an plus tôt" in html and "Évolution" in html
    assert "du 1 janv. 2025 au 30 juin 2025" in html


def test_the_shares_of_every_table_add_up_to_100(page):
    tables = page.context["page"]["tables"]
    parts = [table for table in tables.values() if table.share_rule == PARTS]
    assert len(parts) >= 15
    for table in parts:
        shares = [line.share for line in table.lines if line.share is not None]
        if sum(line.count for line in table.lines):
            assert sum(shares) == 100, table.caption
    ages = {line.label: line.share for line in tables["ages"].lines}
    # Three people in three bands: 33.3 each, the unit left goes to the first: 34 + 33 + 33.
    assert (ages["18 à 24 ans"], ages["75 ans et plus"], ages["Non renseigné"]) == (
        Decimal(34),
        Decimal(33),
        Decimal(33),
    )
    assert "34\u00a0%" in page.content.decode()


def test_a_rate_is_rounded_to_the_nearest(year, page):
    territory = page.context["page"]["tables"]["territory"]
    assert territory.lines[0].share == Decimal(75)  # 3 communes of 4
    figures = {figure.key: figure for figure in page.context["page"]["key_figures"]}
    assert "75\u00a0%" in figures["communes"].detail


def test_the_dates_are_french(page):
    html = page.content.decode()
    assert "du 1 janv. 2026 au 30 juin 2026" in html
    assert not ENGLISH_MONTHS.search(html.split("<main", 1)[-1])


def test_one_is_singular(page):
    figures = {figure.key: figure for figure in page.context["page"]["key_figures"]}
    assert figures["accompanied"].detail == "dont 1 nouvelle"
    assert figures["rights"].detail == "dont 1 ouverture de couverture maladie"
    assert figures["partner_meetings"].detail == "2 structures rencontrées"


def test_the_page_has_the_glossary(page):
    html = page.content.decode()
    assert "Glossaire : ce que compte chaque chiffre" in html
    terms = [term for term, _definition in page.context["glossary"]]
    assert {"Personnes accompagnées", "Communes du territoire", "Part (%)", "Droits obtenus"} <= set(terms)
    for term in terms:
        assert f"<dt>{term}</dt>" in html


def test_the_json_api_gives_the_figures_of_the_page(year, page, client_for):
    response = client_for(year.users["community_mediator"]).get(reverse("api:activity_report"), QUERY)
    assert response.status_code == 200
    assert response.json() == page.context["report"]
    figures = {figure.key: figure for figure in page.context["page"]["key_figures"]}
    data = response.json()
    assert figures["accompanied"].value == data["people"]["accompanied"]
    assert figures["accompanied"].previous == data["previous"]["people"]["accompanied"]


def test_the_page_links_the_pdf_the_spreadsheet_and_the_data(page):
    html = page.content.decode()
    for name in ("activity:report_pdf", "activity:report_xlsx", "api:activity_report"):
        assert f'href="{reverse(name)}?organisation=asso&amp;start=2026-01-01&amp;end=2026-06-30"' in html


def test_a_bad_period_is_answered_without_a_report(year, client_for):
    response = client_for(year.users["community_mediator"]).get(
        reverse("activity:report"), {"organisation": "asso", "start": "2026-06-30", "end": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "précède" in response.content.decode()


@pytest.mark.parametrize(
    "who,status",
    [
        ("community_mediator", 200),
        ("director", 200),
        ("coordinator", 200),
        ("regional_coordinator", 200),
        ("volunteer", 404),
        ("patient_partner", 404),
        ("admin", 404),
        ("nobody", 404),
        ("outsider", 404),
    ],
)
def test_it_shows_the_report_to_readers_of_statistics(world, client_for, who, status):
    response = client_for(world.users[who]).get(reverse("activity:report"), QUERY)
    assert response.status_code == status


def test_the_report_starts_with_the_current_year(year, client_for):
    response = client_for(year.users["community_mediator"]).get(reverse("activity:report"))
    assert response.context["report"]["start"] == "2026-01-01"
    assert response.context["report"]["end"] == TODAY.isoformat()


def test_the_report_speaks_english_when_chosen(year, client_for):
    client = client_for(year.users["community_mediator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("activity:report"), QUERY).content.decode()
    assert "<caption>Referrals by structure type and their outcome</caption>" in page
    assert "Activity of the programme" in page or "Programme activity" in page
    assert "Jan. 1, 2026" in page or "1 Jan. 2026" in page  # the date filter follows the language
