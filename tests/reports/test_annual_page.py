import re

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.reports.annual import annual_report
from lien.saisines.access import get_saisine_for_user
from lien.saisines.models import MediationSettings, Saisine

pytestmark = pytest.mark.django_db

URL = reverse("report_annual")


def _get(client, organisation, year=2022):
    return client.get(URL, {"organisation": organisation.slug, "year": year})


def _counts(rows) -> dict[str, int]:
    return {row.code: row.count for row in rows}


def test_it_shows_the_figures_of_the_annual_report(world, funds, client_for):
    response = _get(client_for(world.users["institutional_mediator"]), funds.a)
    assert response.status_code == 200
    page, report = response.context["page"], annual_report(organisation=funds.a, year=2022)
    assert page["report"] == report
    assert report["total"] == 5
    assert [row["count"] for row in page["months"]] == report["by_month"]
    for name in ("by_channel", "by_origin", "by_author_type", "by_perimeter", "by_process"):
        assert _counts(page[name]) == report[name], name
    assert _counts(page["by_outcome"]) == report["by_outcome"]
    subprocesses = {child.code: child.count for row in page["by_process"] for child in row.children}
    assert subprocesses == report["by_subprocess"]
    assert page["gp_search"]["count"] == report["by_subprocess"]["care_access_complaint.gp_search"] == 2
    assert page["reiterations"]["count"] == report["reiterations"] == 1
    assert page["within_7"] == {"count": 2, "percent": 40.0}
    delay = page["delay"]
    assert (delay["closed"], delay["mean"], delay["median"], delay["p90"]) == (4, 26.0, 22.5, 49)
    assert (delay["objective"], delay["within_objective"], delay["gap"]) == (21, 2, 5.0)


def test_it_measures_the_delays_against_the_objective_of_the_fund(world, funds, client_for):
    MediationSettings.objects.create(organisation=funds.a, objective_days=14)
    response = _get(client_for(world.users["director"]), funds.a)
    delay = response.context["page"]["delay"]
    assert (delay["objective"], delay["within_objective"], delay["within_objective_percent"]) == (14, 1, 25.0)
    assert "Objectif : 14 j" in response.content.decode()


def test_it_compares_with_the_three_previous_years(world, funds, client_for):
    page = _get(client_for(world.users["institutional_mediator"]), funds.a).context["page"]
    expected = {year: annual_report(organisation=funds.a, year=year)["total"] for year in range(2019, 2023)}
    assert (
        {row["year"]: row["total"] for row in page["years"]}
        == expected
        == {2019: 1, 2020: 1, 2021: 2, 2022: 5}
    )
    assert page["years"][-1]["evolution"] == 150.0
    previous_months = annual_report(organisation=funds.a, year=2021)["by_month"]
    assert [row["previous"] for row in page["months"]] == previous_months


def test_it_derives_percentages_that_add_up_to_one_hundred(world, funds, client_for):
    page = _get(client_for(world.users["institutional_mediator"]), funds.a).context["page"]
    for name in ("by_channel", "by_origin", "by_author_type", "by_perimeter", "by_process", "by_outcome"):
        assert sum(row.percent for row in page[name]) == pytest.approx(100.0), name
    modes = {row.code: (row.count, row.percent) for row in page["by_resolution_mode"]}
    assert modes["unknown"] == (1, 25.0)  # A5 was closed without a resolution mode
    assert sum(percent for _count, percent in modes.values()) == pytest.approx(100.0)


def test_it_names_the_communes_and_shows_french_labels(world, funds, client_for):
    response = _get(client_for(world.users["institutional_mediator"]), funds.a)
    communes = response.context["page"]["communes"]
    assert [(row.code, row.label, row.count) for row in communes["top"]] == [
        ("59606", "Valenciennes", 2),
        ("11304", "Quillan", 1),
        ("62041", "", 1),
    ]
    assert communes["unknown"] == 1
    html = response.content.decode()
    for text in (
        "Valenciennes",
        "Commune inconnue",
        "Courriel",
        "Plaintes assurés (accès aux soins)",
        "Recherche de médecin traitant",
        "Résolu par l&#x27;explication",
        "Première intention",
    ):
        assert text in html


def test_it_draws_accessible_charts_within_the_content_security_policy(world, funds, client_for):
    response = _get(client_for(world.users["institutional_mediator"]), funds.a)
    html = response.content.decode()
    assert html.count('role="img"') == 6
    assert "<title>Saisines par canal</title>" in html
    assert " style=" not in html
    assert "<script" not in html.replace('<script src="/static/lien/js/lien.js"', "")
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_it_aggregates_the_tree_for_a_regional_coordinator(world, funds, client_for):
    coordinator = world.users["regional_coordinator"]
    client = client_for(coordinator)
    response = _get(client, funds.regional)
    assert response.status_code == 200
    choices = [value for value, _label in response.context["chooser"].fields["organisation"].choices]
    assert choices == ["regional", "asso", "cpam-b"]
    assert response.context["page"]["report"]["total"] == 7
    assert response.context["page"]["report"] == annual_report(organisation=funds.regional, year=2022)
    assert _get(client, funds.a).context["page"]["report"]["total"] == 5
    assert _get(client, funds.b).context["page"]["report"]["total"] == 2
    for saisine in Saisine.objects.all():
        with pytest.raises(Http404):
            get_saisine_for_user(coordinator, saisine.pk)


def test_it_defaults_to_the_top_organisation_and_the_current_year(world, funds, client_for):
    response = client_for(world.users["regional_coordinator"]).get(URL)
    assert response.status_code == 200
    assert response.context["organisation"] == funds.regional


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("institutional_mediator", 200),
        ("assistant", 200),
        ("deputy", 200),
        ("director", 200),
        ("coordinator", 200),
        ("community_mediator", 200),
        ("regional_coordinator", 200),
        ("patient_partner", 404),
        ("volunteer", 404),
        ("admin", 404),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_it_answers_each_role_as_the_statistics_permission_allows(who, status, world, funds, client_for):
    assert _get(client_for(world.users[who]), funds.a).status_code == status


def test_it_answers_404_to_the_mediator_of_another_fund(funds, client_for):
    client = client_for(funds.mediator_b)
    assert _get(client, funds.a).status_code == 404
    assert _get(client, funds.regional).status_code == 404
    assert _get(client, funds.b).status_code == 200
    assert client.get(URL, {"organisation": "no-such-fund"}).status_code == 404
    assert client.get(URL, {"organisation": "cpam-b", "year": "abc"}).status_code == 404


def test_it_runs_a_constant_number_of_queries(world, funds, client_for, import_more):
    client = client_for(world.users["institutional_mediator"])
    _get(client, funds.a)  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert _get(client, funds.a).status_code == 200
    import_more(funds.a, 120)
    with CaptureQueriesContext(connection) as many:
        response = _get(client, funds.a)
    assert response.context["page"]["report"]["total"] == 125
    assert len(many) == len(few)
    assert len(few) < 40


def test_it_shows_each_chart_with_its_data_on_demand(world, funds, client_for):
    html = _get(client_for(world.users["institutional_mediator"]), funds.a).content.decode()
    figures = re.findall(r'<figure class="report-figure .*?</figure>', html, re.S)
    assert len(figures) == 5  # months, channel, origin, process, outcome; the delay beside its facts
    for figure in figures:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure).group(1)
        assert figure.count('role="img"') == 1
        assert re.search(
            r'<details class="report-data">\s*<summary>Voir les données<span class="visually-hidden"> : '
            + re.escape(caption),
            figure,
        )
        table = figure[figure.index("<details") :]
        assert f"<caption>{caption}</caption>" in table  # the table keeps its caption
        assert '<th scope="col">' in table and '<th scope="row">' in table
        assert 'tabindex="0" role="region"' in table  # a table wider than a phone scrolls by keyboard
    # Tables without a chart stay in view.
    in_view = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    for caption in ("Saisines par auteur", "Saisines par périmètre", "Modes de résolution"):
        assert f"<caption>{caption}</caption>" in in_view
    assert "<caption>Saisines par canal</caption>" not in in_view


def test_it_shows_a_table_without_its_chart_when_there_is_nothing_to_draw(world, funds, client_for):
    html = _get(client_for(world.users["institutional_mediator"]), funds.a, year=2018).content.decode()
    assert "<details" not in html.split('aria-labelledby="intake-title"')[1].split("</section>")[0]
    assert "<caption>Saisines par canal</caption>" in html
