from datetime import date

import pytest
import time_machine
from icalendar import Calendar

from lien.appointments.sms import LocmemBackend
from tests.community import aware, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.SMS_BACKEND = "locmem"
    LocmemBackend.outbox.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def _post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_it_books_reminds_once_and_marks_attended(world, client_for):
    person = followed_person(world)
    mediator = world.users["community_mediator"]
    client = client_for(mediator)
    created = _post(
        client,
        "/api/v1/appointments",
        {
            "person_id": person.pk,
            "starts_at": "2026-03-11T14:30:00+01:00",
            "professional": "Dr Vidal",
            "place": "CH de Limoux",
            "booked_by": "with_person",
            "mediator_id": mediator.pk,
            "reminder": "sms",
        },
    )
    assert created.status_code == 201
    appointment_id = created.json()["id"]
    first = _post(client, f"/api/v1/appointments/{appointment_id}/reminders", {"kind": "reminder"})
    second = _post(client, f"/api/v1/appointments/{appointment_id}/reminders", {"kind": "reminder"})
    assert first.json() == second.json()
    assert first.json()["status"] == "sent"
    assert len(LocmemBackend.outbox) == 1
    assert len(client.get(f"/api/v1/appointments/{appointment_id}/reminders").json()) == 1
    action = f"/api/v1/appointments/{appointment_id}/actions/record_attended"
    too_early = client.post(action)
    assert too_early.status_code == 409  # not before the day of the appointment
    with time_machine.travel(aware(date(2026, 3, 11), 17), tick=False):  # sessions expire: log in again
        attended = client_for(mediator).post(action)
    assert (attended.status_code, attended.json()["status"]) == (200, "attended")


def test_the_calendar_file_and_the_agenda(world, client_for):
    person = followed_person(world)
    mediator = world.users["community_mediator"]
    client = client_for(mediator)
    appointment_id = _post(
        client,
        "/api/v1/appointments",
        {
            "person_id": person.pk,
            "starts_at": "2026-03-12T09:00:00",
            "professional": "Dentiste",
            "place": "Cabinet",
            "booked_by": "for_person",
            "mediator_id": mediator.pk,
        },
    ).json()["id"]
    ics = client.get(f"/api/v1/appointments/{appointment_id}/ics")
    assert ics["Content-Type"] == "text/calendar"
    assert str(Calendar.from_ical(ics.content).walk("VEVENT")[0]["summary"]) == "Rendez-vous avec Dentiste"
    days = client.get(f"/api/v1/appointments/agenda?week=2026-03-10&member_id={mediator.pk}").json()
    assert [day["day"] for day in days][0] == "2026-03-09"
    assert days[3]["items"][0]["starts"] == "09:00"


def test_it_records_an_accompaniment(world, client_for):
    person = followed_person(world)
    client = client_for(world.users["community_mediator"])
    created = _post(
        client,
        "/api/v1/appointments/accompaniments",
        {
            "person_id": person.pk,
            "on": "2026-03-09",
            "destination": "PASS",
            "accompanied_by_id": world.users["volunteer"].pk,
            "vehicle": "team_vehicle",
            "distance_km": 110,
            "duration_minutes": 240,
        },
    )
    assert created.status_code == 201
    outsider = _post(
        client,
        "/api/v1/appointments/accompaniments",
        {
            "person_id": person.pk,
            "on": "2026-03-09",
            "destination": "PASS",
            "accompanied_by_id": world.users["outsider"].pk,
            "vehicle": "team_vehicle",
            "distance_km": 110,
            "duration_minutes": 240,
        },
    )
    assert outsider.status_code == 404
    assert client.get("/api/v1/appointments/accompaniments").json()["count"] == 1


@pytest.mark.parametrize("who", ["volunteer", "patient_partner", "outsider", "coordinator"])
def test_others_see_no_appointment(world, client_for, who):
    person = followed_person(world)
    mediator_client = client_for(world.users["community_mediator"])
    appointment_id = _post(
        mediator_client,
        "/api/v1/appointments",
        {
            "person_id": person.pk,
            "starts_at": "2026-03-12T09:00:00",
            "professional": "X",
            "place": "Y",
            "booked_by": "person",
        },
    ).json()["id"]
    client = client_for(world.users[who])
    assert client.get(f"/api/v1/appointments/{appointment_id}").status_code == 404
    assert client.get(f"/api/v1/appointments/{appointment_id}/ics").status_code == 404
    assert client.get("/api/v1/appointments").json()["count"] == 0
    assert _post(client, f"/api/v1/appointments/{appointment_id}/reminders", {}).status_code == 404


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31"])
def test_a_week_at_the_end_of_the_calendar_is_an_empty_agenda(world, client_for, week):
    """Found by fuzzing: year 1 cannot be turned into a moment of the time zone (it was a 500)."""
    response = client_for(world.users["community_mediator"]).get(f"/api/v1/appointments/agenda?week={week}")
    assert response.status_code == 200
    assert all(day["items"] == [] for day in response.json())
    page = client_for(world.users["community_mediator"]).get(f"/rendez-vous/agenda/?semaine={week}")
    assert page.status_code == 200
