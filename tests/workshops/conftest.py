"""The workshops' world: the association of tests/conftest.py on a frozen Monday (2 March 2026,
noon in Paris), a diabetes programme of the first half of 2026, the association's patient partner
(Nadia, with the world's patient partner account) proposable from 1 February, and people followed."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lien.partners import services as partners
from lien.workshops import services
from tests.mediation import consented_person
from tests.partners.conftest import add_convention, add_training

TODAY = date(2026, 3, 2)
PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour: int = 14) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(at(TODAY, 12), tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def coordinator(world):
    return world.users["coordinator"]


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def partner(world, coordinator):
    """Nadia, with the world's patient partner account: a validated training, a convention from
    1 February 2026 to 30 April 2026."""
    partner = partners.partner_create(
        acting_user=coordinator,
        organisation=world.organisation,
        first_name="Nadia",
        last_name="Benali",
        user=world.users["patient_partner"],
        pathologies=["diabetes"],
    )
    add_training(coordinator, partner, validated=True)
    add_convention(coordinator, partner, starts_on=date(2026, 2, 1), ends_on=date(2026, 4, 30))
    return partner


@pytest.fixture
def programme(world, coordinator):
    return services.programme_create(
        acting_user=coordinator,
        organisation=world.organisation,
        title="Vivre avec son diabète",
        description="Six ateliers pour les personnes diabétiques de type 2.",
        pathology="diabetes",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )


def session_on(programme, user, day: date, *, capacity: int = 10, **fields):
    return services.session_create(
        acting_user=user,
        programme=programme,
        starts_at=at(day),
        duration_minutes=120,
        place=fields.pop("place", "Maison de santé de Limoux"),
        theme=fields.pop("theme", "understanding"),
        capacity=capacity,
        **fields,
    )


def register(programme, user, person, *, on: date = TODAY - timedelta(days=30)):
    return services.registration_create(
        acting_user=user,
        programme=programme,
        person=person,
        consent_given=True,
        consented_on=on,
        information_version="etp-2026-01",
        registered_on=on,
    )


@pytest.fixture
def people(world):
    return [
        consented_person(world, first_name=first, last_name=last, phone=f"06 00 00 00 0{index}")
        for index, (first, last) in enumerate(
            [("Odile", "Quintal"), ("Bruno", "Sarda"), ("Lina", "Haddou"), ("Marcel", "Cathala")]
        )
    ]
