"""Local days as moments (``lien/lib/dates.py``)."""

from datetime import UTC, date, datetime

from lien.lib.dates import start_of_day


def test_a_day_starts_at_local_midnight_in_winter_and_in_summer():
    assert start_of_day(date(2026, 1, 15)) == datetime(2026, 1, 14, 23, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 7, 15)) == datetime(2026, 7, 14, 22, 0, tzinfo=UTC)


def test_the_day_of_the_change_to_summer_time_lasts_23_hours():
    # Subtracting two moments of the same zone counts wall-clock hours: compare them in UTC.
    first, after = start_of_day(date(2026, 3, 29)), start_of_day(date(2026, 3, 30))
    assert (after.astimezone(UTC) - first.astimezone(UTC)).total_seconds() == 23 * 3600
