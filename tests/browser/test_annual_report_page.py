"""The annual report page in a browser: each chart's table opens on demand, and the page passes axe
(WCAG 2.1 AA) with every table open, on a desktop and on a phone. Playwright drives Debian's
Chromium, as in tests/browser/ (skipped without it)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.reports.conftest import hainaut  # noqa: F401 — the realistic fund of the report tests

PATH = "/rapports/annuel/?organisation=cpam-hainaut&year=2022"


@pytest.fixture
def open_report(transactional_db, hainaut, live_server, browser):  # noqa: F811 (hainaut)
    """Open the realistic annual report in a page of the given size, logged in as the director."""
    client = Client()
    client.force_login(hainaut.director)
    contexts = []

    def open_(width: int, height: int, *, mobile: bool = False):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="fr-FR", is_mobile=mobile
        )
        contexts.append(context)
        cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(live_server.url + PATH)
        return page

    yield open_
    for context in contexts:
        context.close()


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
def test_it_opens_each_table_on_demand_and_stays_accessible(open_report, width, height, mobile):
    page = open_report(width, height, mobile=mobile)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport d'activité 2022")
    table = page.get_by_role("table", name="Saisines par canal")
    expect(table).to_be_hidden()
    assert_accessible(page)
    closed = _height(page)

    summaries = page.locator("summary", has_text="Voir les données")
    expect(summaries).to_have_count(5)
    for summary in summaries.all():
        summary.click()
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Courriel")).to_be_visible()
    assert_accessible(page)
    # The tables were most of the page's height (10 100 px on a desktop before they folded).
    assert closed < 0.8 * _height(page)
