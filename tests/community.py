"""Helpers of the community follow-up tests: a person followed in the ``world`` association,
appointments at a given time, settings of the SMS backend."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from lien.appointments.enums import BookedBy
from lien.appointments.services import appointment_book
from lien.appointments.sms import LocmemBackend
from tests.factories import PersonFactory


def aware(day, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def followed_person(world, **fields):
    fields = {"first_name": "Josette", "last_name": "Maury", "phone": "06 12 34 56 78"} | fields
    return PersonFactory(organisation=world.organisation, **fields)


def book(world, person, starts_at, **fields):
    return appointment_book(
        acting_user=world.users["community_mediator"],
        person=person,
        starts_at=starts_at,
        professional=fields.pop("professional", "Dr Vidal, cardiologue"),
        place=fields.pop("place", "Centre hospitalier de Limoux"),
        booked_by=fields.pop("booked_by", BookedBy.FOR_PERSON),
        **fields,
    )


@pytest.fixture
def sms_outbox(settings):
    """Text messages go to a list (``LocmemBackend.outbox``), emptied for each test."""
    settings.SMS_BACKEND = "locmem"
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()
