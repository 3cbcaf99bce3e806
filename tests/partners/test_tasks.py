"""The coordination is told once, 30 days before a convention ends, and once when it has ended;
a second run tells nothing again; a renewed convention tells nothing."""

from datetime import date, timedelta

import pytest

from lien.notifications.models import Notification
from lien.partners.tasks import convention_expiry_notify
from tests.partners.conftest import add_convention

pytestmark = pytest.mark.django_db

ENDS = date(2026, 3, 31)


def test_it_tells_the_coordination_once_at_30_days_and_once_at_expiry(world, partner, coordinator):
    add_convention(coordinator, partner, starts_on=date(2025, 4, 1), ends_on=ENDS)
    assert convention_expiry_notify(today=ENDS - timedelta(days=31)) == 0
    assert convention_expiry_notify(today=ENDS - timedelta(days=30)) == 1
    assert convention_expiry_notify(today=ENDS - timedelta(days=30)) == 0
    assert convention_expiry_notify(today=ENDS - timedelta(days=3)) == 0
    notification = Notification.objects.get()
    assert notification.user == coordinator and notification.kind == "partner_convention_ending"
    assert "31 mars 2026" in notification.text and "Benali" not in notification.text
    assert notification.url == f"/patients-partenaires/{partner.pk}/"
    assert convention_expiry_notify(today=ENDS) == 0  # still in force on its last day
    assert convention_expiry_notify(today=ENDS + timedelta(days=1)) == 1
    assert convention_expiry_notify(today=ENDS + timedelta(days=2)) == 0
    assert list(Notification.objects.values_list("kind", flat=True).order_by("pk")) == [
        "partner_convention_ending",
        "partner_convention_ended",
    ]
    # Only those who keep the registry are told.
    assert set(Notification.objects.values_list("user", flat=True)) == {coordinator.pk}


def test_a_renewed_or_open_ended_convention_tells_nothing(partner, coordinator):
    add_convention(coordinator, partner, starts_on=date(2025, 4, 1), ends_on=ENDS)
    add_convention(coordinator, partner, starts_on=ENDS + timedelta(days=1), ends_on=None)
    assert convention_expiry_notify(today=ENDS - timedelta(days=10)) == 0
    assert convention_expiry_notify(today=ENDS + timedelta(days=1)) == 0
    assert not Notification.objects.exists()
