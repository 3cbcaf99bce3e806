from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.reports.monthly import monthly_report

pytestmark = pytest.mark.django_db

URL = reverse("report_monthly")


def _get(client, organisation, year=2022, month=1):
    return client.get(URL, {"organisation": organisation.slug, "year": year, "month": month})


def test_it_counts_the_month_of_a_fund(world, funds, client_for):
    response = _get(client_for(world.users["assistant"]), funds.a)
    assert response.status_code == 200
    report = response.context["report"]
    # January 2022: A9 (3rd), A1 (10th), A2 (25th) received; A5 and A1 closed.
    assert report["received"] == 3
    assert report["answered_within_7"] == 1  # A1, acknowledged 2 days after receipt
    assert report["closed"] == 2
    assert {code: n for code, n in report["by_channel"].items() if n} == {"email": 2, "letter": 1}
    assert {code: n for code, n in report["by_process"].items() if n} == {
        "care_access_complaint": 2,
        "benefits_in_kind": 1,
    }
    assert {code: n for code, n in report["by_origin"].items() if n} == {"direct": 2, "fund_service": 1}
    assert {code: n for code, n in report["by_outcome"].items() if n} == {
        "abandoned": 1,
        "resolved_by_explanation": 1,
    }
    # Open on 31 January: A2 (closed in March) and A9 (never answered: late on both counts).
    assert (report["open_at_end"], report["late_answer"], report["late_objective"], report["late"]) == (
        2,
        1,
        1,
        1,
    )
    assert response.context["within_7_percent"] == 33.3
    html = response.content.decode()
    assert "janvier 2022" in html and "Courriel" in html and "Abandon / classement sans suite" in html


def test_it_reads_open_and_late_saisines_at_month_end_not_today(funds):
    february = monthly_report(organisation=funds.a, year=2022, month=2, today=date(2026, 1, 1))
    # 28 February: A2 (answered on 10 February) is open past its objective (15 February);
    # A3 (received 3 February) and A9 (3 January) have had no answer and are past both.
    assert february["as_of"] == date(2022, 2, 28)
    assert (february["open_at_end"], february["late_answer"], february["late_objective"]) == (3, 2, 3)
    current = monthly_report(organisation=funds.a, year=2022, month=2, today=date(2022, 2, 5))
    assert current["as_of"] == date(2022, 2, 5)
    # 5 February: A2 and A9 wait for an answer past its due date; A3 is not due yet.
    assert (current["open_at_end"], current["late_answer"], current["late_objective"]) == (3, 2, 1)


def test_it_aggregates_the_funds_below_for_a_regional_coordinator(world, funds, client_for):
    client = client_for(world.users["regional_coordinator"])
    assert _get(client, funds.regional, month=5).context["report"]["received"] == 1  # B1
    assert _get(client, funds.regional, month=1).context["report"]["received"] == 3


def test_it_answers_404_outside_the_statistics_of_the_user(world, funds, client_for):
    assert _get(client_for(world.users["outsider"]), funds.a).status_code == 404
    assert _get(client_for(funds.mediator_b), funds.a).status_code == 404
    assert _get(client_for(world.users["volunteer"]), funds.a).status_code == 404
    assert client_for(funds.mediator_b).get(URL, {"organisation": "cpam-b", "month": 13}).status_code == 404


def test_it_runs_a_constant_number_of_queries(world, funds, client_for, import_more):
    client = client_for(world.users["institutional_mediator"])
    _get(client, funds.a)
    with CaptureQueriesContext(connection) as few:
        _get(client, funds.a)
    import_more(funds.a, 60)
    with CaptureQueriesContext(connection) as many:
        assert _get(client, funds.a).context["report"]["received"] > 3
    assert len(many) == len(few)
