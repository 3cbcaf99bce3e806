from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from lien.appointments.enums import ReminderChoice, Status
from lien.appointments.models import Accompaniment, Appointment
from lien.appointments.services import appointment_record_attended
from lien.journal.models import Action, JournalEntry
from lien.orientations.services import orientation_create
from tests.community import aware, book, followed_person

pytestmark = pytest.mark.django_db

NOW = aware(date(2026, 3, 10), 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


def test_it_books_an_appointment_for_an_orientation(world, mediator, person, client_for):
    orientation = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=NOW.date(),
        structure_kind="specialist",
        structure_name="Cardiologie",
        reason="Suivi",
    )
    client = client_for(mediator)
    form = client.get(reverse("appointments:create", args=[person.pk]) + f"?orientation={orientation.pk}")
    assert form.context["form"]["reminder"].value() == ReminderChoice.SMS
    response = client.post(
        reverse("appointments:create", args=[person.pk]),
        {
            "day": "2026-03-12",
            "time": "14:30",
            "professional": "Dr Vidal",
            "place": "CH de Limoux",
            "duration_minutes": "30",
            "booked_by": "for_person",
            "mediator": mediator.pk,
            "reminder": "sms",
            "orientation": orientation.pk,
            "accompaniment_needed": "on",
        },
    )
    appointment = Appointment.objects.get()
    assert response.url == reverse("appointments:detail", args=[appointment.pk])
    assert appointment.starts_at == aware(date(2026, 3, 12), 14, 30)
    assert (appointment.orientation, appointment.accompaniment_needed) == (orientation, True)


def test_it_sends_the_reminder_from_the_page_once(world, mediator, person, client_for, sms_outbox):
    appointment = book(world, person, NOW + timedelta(days=1), reminder=ReminderChoice.SMS)
    client = client_for(mediator)
    for _ in range(2):
        client.post(reverse("appointments:remind", args=[appointment.pk]), {"kind": "reminder"})
    assert len(sms_outbox) == 1
    page = client.get(reverse("appointments:detail", args=[appointment.pk])).content.decode()
    assert "Envoyé" in page and "06 12 34 56 78" in page


def test_it_marks_attended_only_once_the_day_has_come(world, mediator, person, client_for):
    tomorrow = book(world, person, NOW + timedelta(days=1))
    client = client_for(mediator)
    response = client.post(reverse("appointments:record_attended", args=[tomorrow.pk]), follow=True)
    assert "pas encore eu lieu" in response.content.decode()
    assert Appointment.objects.get(pk=tomorrow.pk).status == Status.PLANNED
    today = book(world, person, NOW - timedelta(hours=1))
    client.post(reverse("appointments:record_attended", args=[today.pk]))
    assert Appointment.objects.get(pk=today.pk).status == Status.ATTENDED
    assert JournalEntry.objects.filter(object_id=str(today.pk), action=Action.UPDATE).exists()


def test_it_prints_a_card_in_plain_french_and_journals_it(world, mediator, person, client_for):
    appointment = book(world, person, NOW + timedelta(days=1), to_bring="Carte Vitale")
    response = client_for(mediator).get(reverse("appointments:card", args=[appointment.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(__import__("io").BytesIO(response.content)).pages[0].extract_text()
    assert "Votre rendez-vous" in text and "mercredi 11 mars 2026" in text and "Carte Vitale" in text
    assert JournalEntry.objects.filter(action=Action.PRINT, person=person).exists()


def test_the_ics_file_is_parsed_back_by_icalendar(world, mediator, person, client_for):
    appointment = book(world, person, NOW + timedelta(days=1), place="CH de Limoux", professional="Dr Vidal")
    response = client_for(mediator).get(reverse("appointments:ics", args=[appointment.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Rendez-vous avec Dr Vidal"
    assert str(event["location"]) == "CH de Limoux"
    assert event.decoded("dtstart") == appointment.starts_at
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert calendar.walk("VTIMEZONE")


def test_it_records_an_accompaniment_to_an_appointment(world, mediator, person, client_for):
    appointment = book(world, person, NOW - timedelta(hours=3), place="CH de Limoux")
    appointment_record_attended(acting_user=mediator, appointment=appointment)
    client = client_for(mediator)
    url = reverse("appointments:accompaniment_create", args=[person.pk])
    form = client.get(url + f"?rendez_vous={appointment.pk}")
    assert form.context["form"]["destination"].value() == "CH de Limoux"
    client.post(
        url,
        {
            "on": "2026-03-10",
            "destination": "CH de Limoux",
            "accompanied_by": world.users["volunteer"].pk,
            "vehicle": "team_vehicle",
            "distance_km": "70",
            "duration_minutes": "180",
            "appointment": appointment.pk,
        },
    )
    accompaniment = Accompaniment.objects.get()
    assert (accompaniment.accompanied_by, accompaniment.distance_km) == (world.users["volunteer"], 70)


def test_the_agenda_shows_the_week_per_member(world, mediator, person, client_for):
    book(world, person, aware(date(2026, 3, 11), 14), mediator=mediator, professional="Dr Vidal")
    book(world, person, aware(date(2026, 3, 12), 9), mediator=world.users["deputy"], professional="Dentiste")
    book(world, person, aware(date(2026, 3, 20), 9), mediator=mediator, professional="Dr Plus-Tard")
    client = client_for(mediator)
    page = client.get(reverse("appointments:agenda")).content.decode()
    assert "Dr Vidal" in page and "Dentiste" in page and "Dr Plus-Tard" not in page
    mine = client.get(
        reverse("appointments:agenda"), {"membre": mediator.pk, "semaine": "2026-03-11"}
    ).content.decode()
    assert "Dr Vidal" in mine and "Dentiste" not in mine


def test_the_agenda_shows_the_permanences_of_the_team(world, mediator, client_for):
    from lien.outreach.models import OutreachSession

    session = OutreachSession.objects.create(
        organisation=world.organisation, kind="permanence", held_on=date(2026, 3, 13), place="Mairie d'Axat"
    )
    session.team.add(mediator)
    page = client_for(mediator).get(reverse("appointments:agenda")).content.decode()
    assert "Mairie d&#x27;Axat" in page or "Mairie d'Axat" in page
