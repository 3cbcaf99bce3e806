"""The rupture alert and the call list: a plain query over every contact with the person."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from lien.appointments.services import appointment_record_attended, appointment_record_missed
from lien.followup.enums import ContactChannel, EndReason, FollowupStatus
from lien.followup.models import Followup
from lien.followup.selectors import call_list_for, followups_in_rupture, with_last_contact
from lien.followup.services import (
    contact_record,
    followup_end,
    followup_schedule,
    followup_settings_save,
)
from lien.prevention.services import rapid_test_record
from tests.community import aware, book, followed_person
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 12), tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def _met(mediator, person, days_ago: int, **fields):
    return contact_record(
        acting_user=mediator,
        person=person,
        on=TODAY - timedelta(days=days_ago),
        channel=fields.pop("channel", ContactChannel.PHONE),
        **fields,
    )


def _ruptures(world):
    return [f.person for f in followups_in_rupture(organisation_ids={world.organisation.pk}, today=TODAY)]


def test_it_alerts_on_a_person_without_contact_for_longer_than_the_default_delay(world, mediator):
    silent, recent = followed_person(world), followed_person(world, first_name="Nour")
    _met(mediator, silent, 61)
    _met(mediator, recent, 59)
    assert _ruptures(world) == [silent]


def test_it_uses_the_delay_chosen_by_the_organisation(world, mediator):
    person = followed_person(world)
    _met(mediator, person, 31)
    assert _ruptures(world) == []
    followup_settings_save(
        acting_user=mediator,
        organisation=world.organisation,
        rupture_days=30,
        reminder_days_before=1,
        contact_phone="",
    )
    assert _ruptures(world) == [person]


def test_it_counts_an_unanswered_call_as_no_contact(world, mediator):
    person = followed_person(world)
    _met(mediator, person, 90)
    _met(mediator, person, 5, reached=False)
    assert _ruptures(world) == [person]


def test_it_counts_attended_appointments_tests_and_outreach_contacts_as_contacts(world, mediator):
    person = followed_person(world)
    _met(mediator, person, 120)
    appointment = book(world, person, aware(TODAY - timedelta(days=10)))
    assert _ruptures(world) == [person]
    appointment_record_attended(acting_user=mediator, appointment=appointment)
    last = with_last_contact(Followup.objects.filter(person=person)).get().last_contact_on
    assert last == TODAY - timedelta(days=10)
    assert _ruptures(world) == []
    rapid_test_record(
        acting_user=mediator, person=person, kind="hiv", result="non_reactive", performed_on=TODAY
    )
    assert with_last_contact(Followup.objects.filter(person=person)).get().last_contact_on == TODAY


def test_it_counts_a_contact_at_a_permanence_recorded_by_outreach(world, mediator):
    from lien.outreach.models import Contact, OutreachSession

    person = followed_person(world)
    _met(mediator, person, 100)
    session = OutreachSession.objects.create(
        organisation=world.organisation, kind="permanence", held_on=TODAY - timedelta(days=3), place="Mairie"
    )
    Contact.objects.create(
        organisation=world.organisation, session=session, on=session.held_on, person=person
    )
    assert _ruptures(world) == []


def test_it_forgets_ended_follow_ups_until_they_resume(world, mediator):
    person = followed_person(world)
    _met(mediator, person, 200)
    followup = Followup.objects.get(person=person)
    followup_end(acting_user=mediator, followup=followup, reason=EndReason.MOVED)
    assert _ruptures(world) == []
    _met(mediator, person, 0)
    assert Followup.objects.get(person=person).status == FollowupStatus.ACTIVE


def test_it_lists_the_people_to_call_back_with_their_reasons(world, mediator):
    due, silent, missed, fine = (
        followed_person(world, first_name=name) for name in ["Due", "Silent", "Missed", "Fine"]
    )
    _met(mediator, due, 3, next_contact_on=TODAY - timedelta(days=1))
    _met(mediator, silent, 75)
    _met(mediator, missed, 20)
    appointment = book(world, missed, aware(TODAY - timedelta(days=2)))
    appointment_record_missed(acting_user=mediator, appointment=appointment)
    _met(mediator, fine, 2, next_contact_on=TODAY + timedelta(days=5))
    rows = {row.followup.person.first_name: row for row in call_list_for(mediator, today=TODAY).rows}
    assert set(rows) == {"Due", "Silent", "Missed"}
    assert rows["Due"].due_on == TODAY - timedelta(days=1)
    assert rows["Silent"].silent_since == TODAY - timedelta(days=75)
    assert rows["Missed"].missed_on == TODAY - timedelta(days=2)
    _met(mediator, missed, 0)  # called back after the missed appointment: resolved
    assert "Missed" not in {
        row.followup.person.first_name for row in call_list_for(mediator, today=TODAY).rows
    }


def test_it_separates_my_people_from_the_team(world, mediator):
    deputy = world.users["deputy"]
    mine, theirs = followed_person(world), followed_person(world, first_name="Autre")
    _met(mediator, mine, 80)
    _met(deputy, theirs, 80)
    followup_schedule(acting_user=deputy, person=theirs, next_contact_on=None, referent=deputy)
    assert [row.followup.person for row in call_list_for(mediator, today=TODAY, mine=True).rows] == [mine]
    assert len(call_list_for(mediator, today=TODAY).rows) == 2


def test_it_never_shows_another_organisation(world, mediator):
    other = PersonFactory(organisation=world.other_organisation)
    _met(world.users["outsider"], other, 90)
    assert call_list_for(mediator, today=TODAY).rows == []
    assert [r.followup.person for r in call_list_for(world.users["outsider"], today=TODAY).rows] == [other]


def test_it_lists_past_appointments_still_to_record(world, mediator):
    person = followed_person(world)
    book(world, person, aware(TODAY - timedelta(days=1)), mediator=mediator)
    assert len(call_list_for(mediator, today=TODAY, mine=True).sections[0]["appointments"]) == 1


def test_it_shows_the_call_list_with_a_constant_number_of_queries(
    world, mediator, client_for, django_assert_max_num_queries
):
    client = client_for(mediator)

    def queries() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("followup:call_list") + "?equipe=1").status_code == 200
        return len(captured)

    _met(mediator, followed_person(world), 90)
    with_one = queries()
    for index in range(10):
        person = PersonFactory(organisation=world.organisation, first_name=f"P{index}")
        _met(mediator, person, 90)
        book(world, person, aware(TODAY - timedelta(days=1)))
    assert queries() == with_one


def test_other_organisations_keep_their_own_delay(world, mediator):
    other = OrganisationFactory(slug="autre-asso")
    followup_settings_save(
        acting_user=mediator,
        organisation=world.organisation,
        rupture_days=10,
        reminder_days_before=1,
        contact_phone="",
    )
    person = followed_person(world)
    _met(mediator, person, 20)
    assert followups_in_rupture(organisation_ids={world.organisation.pk, other.pk}, today=TODAY).count() == 1
