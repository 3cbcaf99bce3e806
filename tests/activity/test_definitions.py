"""One definition of « personnes accompagnées »: the report and the statistics of the
organisations count the same people."""

from datetime import date

import pytest
import time_machine

from lien.activity.definitions import people_accompanied, previous_period, rolling_year
from lien.activity.report import programme_report
from lien.shell.selectors import activity_by_organisation
from tests.activity.conftest import END
from tests.community import aware

pytestmark = pytest.mark.django_db


def test_the_statistics_page_counts_the_people_accompanied_as_the_report_does(year):
    start, end = rolling_year(END)
    assert (start, end) == (date(2025, 7, 1), date(2026, 6, 30))
    counts = {o.slug: o for o in activity_by_organisation(year.users["regional_coordinator"])}
    report = programme_report(year.organisation, start, end)
    assert counts["asso"].people_count == report["people"]["accompanied"] == 3
    assert counts["asso"].people_count == people_accompanied({year.organisation.pk}, start, end).count()
    # Accompanied for the first time in the last 30 days: nobody (``new`` was met in January).
    assert counts["asso"].new_people_count == 0


def test_the_statistics_count_someone_met_for_the_first_time_this_month(year):
    with time_machine.travel(aware(date(2026, 3, 20), 18), tick=False):
        counts = {o.slug: o for o in activity_by_organisation(year.users["regional_coordinator"])}
    # ``new`` was first met on 15 January: no longer new in March, new in early February.
    assert counts["asso"].new_people_count == 0
    with time_machine.travel(aware(date(2026, 2, 10), 18), tick=False):
        counts = {o.slug: o for o in activity_by_organisation(year.users["regional_coordinator"])}
    assert counts["asso"].new_people_count == 1


def test_the_previous_period_is_the_same_one_year_earlier():
    assert previous_period(date(2026, 1, 1), date(2026, 6, 30)) == (date(2025, 1, 1), date(2025, 6, 30))
    assert previous_period(date(2024, 2, 29), date(2024, 12, 31)) == (date(2023, 2, 28), date(2023, 12, 31))
