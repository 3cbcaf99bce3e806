"""The call-back list, the urgent first: a reactive test awaiting confirmation, a missed
appointment, an orientation without outcome after 30 days, rights lapsing within 60 days or
lapsed, then ruptures and contacts due — on the page, in the API and on the mediator's home."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from lien.appointments.services import appointment_record_missed
from lien.followup.enums import ContactChannel
from lien.followup.selectors import call_list_for, call_rows_for
from lien.followup.services import contact_record
from lien.orientations.services import orientation_create
from lien.prevention.services import rapid_test_record
from lien.rights.services import procedure_file, procedure_grant, procedure_start
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 12), tick=False):
        yield


def _day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


@pytest.fixture
def people(world):
    """One person per reason, each recently met (no rupture) but Silent."""
    mediator = world.users["community_mediator"]
    people = {
        name: followed_person(world, first_name=name)
        for name in ["Silent", "Rights", "Oriented", "Missed", "Tested", "Fine"]
    }
    for name, person in people.items():
        contact_record(
            acting_user=mediator,
            person=person,
            on=_day(80 if name == "Silent" else 2),
            channel=ContactChannel.PHONE,
        )
    procedure = procedure_start(
        acting_user=mediator, person=people["Rights"], kind="ame", started_on=_day(300)
    )
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(290))
    procedure_grant(
        acting_user=mediator,
        procedure=procedure,
        decision_on=_day(280),
        rights_start=_day(280),
        rights_end=TODAY + timedelta(days=30),
    )
    orientation_create(
        acting_user=mediator,
        person=people["Oriented"],
        oriented_on=_day(40),
        structure_kind="pass",
        structure_name="PASS de Limoux",
        reason="Soins dentaires",
    )
    missed = book(world, people["Missed"], aware(_day(1)))
    appointment_record_missed(acting_user=mediator, appointment=missed)
    rapid_test_record(
        acting_user=mediator, kind="hiv", result="reactive", performed_on=_day(3), person=people["Tested"]
    )
    return people


def test_the_urgent_come_first(world, people):
    rows = call_list_for(world.users["community_mediator"], today=TODAY).rows
    assert [row.followup.person.first_name for row in rows] == [
        "Tested",
        "Missed",
        "Oriented",
        "Rights",
        "Silent",
    ]
    reasons = {row.followup.person.first_name: [r.urgency.code for r in row.reasons] for row in rows}
    assert reasons["Tested"] == ["reactive_test"]
    assert reasons["Oriented"] == ["orientation_without_outcome"]
    assert reasons["Rights"] == ["rights_lapsing"]


def test_a_test_result_reaches_only_those_who_see_results(world, people):
    """The assistant books and calls back, and never learns a test result from the list."""
    rows = call_list_for(world.users["assistant"], today=TODAY).rows
    names = [row.followup.person.first_name for row in rows]
    assert "Tested" not in names
    assert all(reason.urgency.code != "reactive_test" for row in rows for reason in row.reasons)


def test_the_page_and_the_api_say_the_same(world, people, client_for):
    client = client_for(world.users["community_mediator"])
    page = client.get(reverse("followup:call_list"), {"equipe": "1"}).content.decode()
    assert page.index("Test réactif en attente de confirmation") < page.index("Rendez-vous manqué")
    assert "Orientation sans nouvelles depuis 30 jours" in page
    calls = client.get("/api/v1/followup/callbacks", {"team": "true"}).json()
    assert [call["reasons"][0]["code"] for call in calls if call["reasons"]] == [
        "reactive_test",
        "orientation_without_outcome",
        "rights_lapsing",
    ]


def test_the_call_list_is_on_the_mediators_home(world, people, client_for):
    page = client_for(world.users["community_mediator"]).get(reverse("home")).content.decode()
    assert "À rappeler en priorité" in page
    assert "Test réactif en attente de confirmation" in page


def test_a_bounded_number_of_queries_whatever_the_people(world, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        call_list_for(world.users["community_mediator"], today=TODAY)


def test_the_procedure_shows_when_its_renewal_will_be_reminded(world, people, client_for):
    procedure = people["Rights"].procedures.get()
    assert procedure.renewal_reminder_on == TODAY + timedelta(days=30) - timedelta(days=60)
    page = client_for(world.users["community_mediator"]).get(reverse("rights:detail", args=[procedure.pk]))
    assert "Rappel de renouvellement" in page.content.decode()


def test_the_api_and_the_home_read_the_rows_without_the_pages_sections(
    world, people, client_for, monkeypatch
):
    """The sections the apps add (past appointments to record) are the page's: the API and the
    home page show the rows only, and do not pay for the sections."""
    from lien.followup import sections

    def refused(*args, **kwargs):
        raise AssertionError("sections computed for nothing")

    mediator = world.users["community_mediator"]
    rows = call_rows_for(mediator, today=TODAY)
    assert rows and [row.followup for row in rows] == [
        row.followup for row in call_list_for(mediator, today=TODAY).rows
    ]
    monkeypatch.setattr(sections, "call_sections_for", refused)
    client = client_for(mediator)
    calls = client.get("/api/v1/followup/callbacks", {"team": "true"}).json()
    assert [call["person_id"] for call in calls] == [row.followup.person_id for row in rows]
    assert "À rappeler en priorité" in client.get(reverse("home")).content.decode()
