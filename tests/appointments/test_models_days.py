"""``Appointment.objects.on_days``: the local days of the calendar, as ``starts_at__date`` said,
through a range of moments the index answers."""

from datetime import date

import pytest

from lien.appointments.models import Appointment
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db


def test_it_takes_the_local_days_from_midnight_to_midnight(world):
    person = followed_person(world)
    early = book(world, person, aware(date(2026, 3, 1), 0, 10))
    late = book(world, person, aware(date(2026, 3, 31), 23, 50))
    book(world, person, aware(date(2026, 2, 28), 23, 50))
    book(world, person, aware(date(2026, 4, 1), 0, 10))
    march = Appointment.objects.on_days(date(2026, 3, 1), date(2026, 3, 31))
    assert set(march) == {early, late}
    assert set(march) == set(
        Appointment.objects.filter(starts_at__date__range=(date(2026, 3, 1), date(2026, 3, 31)))
    )
