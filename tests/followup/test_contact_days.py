"""The days of contact (``ContactDay``) say what the sources say, on every path that writes one:
a service, the API, a row saved or deleted outside any service, a session moved to another day,
a deletion, the rebuild, the filling after ``migrate``."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lien.activity.definitions import people_accompanied
from lien.appointments.services import appointment_record_attended
from lien.followup.contact_days import (
    _source_days,
    fill_if_missing,
    rebuild_contact_days,
    refresh_contact_days,
)
from lien.followup.models import Contact, ContactDay, Followup
from lien.followup.selectors import with_last_contact
from lien.followup.services import contact_record, followup_start
from lien.outreach import services as outreach
from lien.prevention.enums import Topic
from lien.prevention.services import advice_record
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def days_of(person) -> list[date]:
    return list(ContactDay.objects.filter(person=person).order_by("day").values_list("day", flat=True))


def from_sources() -> set[tuple[int, date]]:
    """What the sources say, computed afresh: what the table must hold."""
    union = _source_days()
    return {(pk, day if isinstance(day, date) else date.fromisoformat(str(day)[:10])) for pk, day in union}


def table() -> set[tuple[int, date]]:
    return set(ContactDay.objects.values_list("person_id", "day"))


def call(mediator, person, days_ago: int, **fields) -> Contact:
    return contact_record(
        acting_user=mediator, person=person, on=TODAY - timedelta(days=days_ago), channel="phone", **fields
    )


def test_a_reached_call_is_a_day_of_contact_an_unanswered_one_is_not(world, mediator):
    person = followed_person(world)
    call(mediator, person, 3)
    call(mediator, person, 1, reached=False)
    assert days_of(person) == [TODAY - timedelta(days=3)]
    assert with_last_contact(
        Followup.objects.filter(person=person)
    ).get().last_contact_on == TODAY - timedelta(days=3)


def test_a_row_changed_or_deleted_outside_a_service_moves_the_days_too(world, mediator):
    """The admin or a script: the signals keep the table in step."""
    person = followed_person(world)
    first, second = call(mediator, person, 5), call(mediator, person, 5)
    other = call(mediator, person, 2)
    second.delete()  # the same day is still supported by the first call
    assert days_of(person) == [TODAY - timedelta(days=5), TODAY - timedelta(days=2)]
    other.reached = False
    other.save()
    assert days_of(person) == [TODAY - timedelta(days=5)]
    first.on = TODAY - timedelta(days=1)
    first.save()
    assert days_of(person) == [TODAY - timedelta(days=1)]
    assert table() == from_sources()


def test_a_row_moved_to_another_person_takes_the_day_with_it(world, mediator):
    first, second = followed_person(world), followed_person(world, first_name="Nour")
    call(mediator, first, 3)
    moved = Contact.objects.get(person=first)  # read back, as the admin would
    moved.person = second
    moved.save()
    assert (days_of(first), days_of(second)) == ([], [TODAY - timedelta(days=3)])
    assert table() == from_sources()


def test_an_appointment_counts_once_attended(world, mediator):
    person = followed_person(world)
    appointment = book(world, person, aware(TODAY, 9))
    assert days_of(person) == []
    appointment_record_attended(acting_user=mediator, appointment=appointment)
    assert days_of(person) == [TODAY]


def test_a_session_moved_to_another_day_takes_its_contacts_days_with_it(world, mediator):
    person = followed_person(world)
    followup_start(acting_user=mediator, person=person, on=TODAY - timedelta(days=30))
    session = outreach.session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=TODAY,
        place="Mairie",
    )
    contact = outreach.contact_record(acting_user=mediator, session=session, person=person)
    assert days_of(person) == [TODAY]
    outreach.session_update(
        acting_user=mediator,
        session=session,
        kind="permanence",
        held_on=TODAY - timedelta(days=4),
        place="Mairie",
    )
    assert days_of(person) == [TODAY - timedelta(days=4)]
    outreach.contact_delete(acting_user=mediator, contact=contact)
    assert days_of(person) == []
    outreach.contact_restore(acting_user=mediator, contact=contact)
    assert days_of(person) == [TODAY - timedelta(days=4)]


def test_the_api_path_keeps_the_days(world, client_for):
    person = followed_person(world)
    client = client_for(world.users["community_mediator"])
    answer = client.post(
        f"/api/v1/followup/people/{person.pk}/contacts",
        {"channel": "phone", "on": "2026-03-02"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert days_of(person) == [date(2026, 3, 2)]
    assert list(people_accompanied({world.organisation.pk}, date(2026, 3, 1), date(2026, 3, 31))) == [person]


def test_a_deletion_only_removes_days(world, mediator):
    """A cascade deleting a person's rows must never write a day for them."""
    person = followed_person(world)
    call(mediator, person, 2)
    ContactDay.objects.all().delete()
    refresh_contact_days([person.pk], only_remove=True)
    assert days_of(person) == []
    refresh_contact_days([person.pk])
    assert days_of(person) == [TODAY - timedelta(days=2)]


def test_the_rebuild_and_the_filling_after_migrate_give_what_the_sources_say(world, mediator):
    people = [followed_person(world, first_name=f"P{n}") for n in range(4)]
    for n, person in enumerate(people):
        call(mediator, person, n + 1)
        call(mediator, person, n + 8)
        given_on = TODAY - timedelta(days=n + 1)  # the same day as a call: one day of contact
        advice_record(acting_user=mediator, person=person, given_on=given_on, topics=[Topic.VACCINATION])
    expected = from_sources()
    assert table() == expected and len(expected) == 8
    ContactDay.objects.all().delete()
    fill_if_missing()
    assert table() == expected
    assert rebuild_contact_days() == 8
    assert table() == expected
    fill_if_missing()  # a table already filled is left alone
    assert table() == expected
