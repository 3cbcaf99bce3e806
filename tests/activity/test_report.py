"""The activity report of a programme: exact figures from a small known year."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from lien.activity.report import programme_report
from lien.appointments.services import (
    accompaniment_record,
    appointment_record_attended,
    appointment_record_missed,
)
from lien.assessments.models import Assessment, AssessmentBarrier
from lien.followup.services import contact_record
from lien.journal.models import Action, JournalEntry
from lien.orientations.services import orientation_create, orientation_record_refused, orientation_record_went
from lien.outreach.models import Contact as OutreachContact
from lien.outreach.models import OutreachSession
from lien.participation.models import Meeting
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_orient,
    rapid_test_record,
    rapid_test_record_seen,
)
from lien.rights.models import Procedure
from tests.community import aware, book
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
START, END = date(2026, 1, 1), date(2026, 6, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 18), tick=False):
        yield


@pytest.fixture
def year(world):
    """Three people met this half-year (one already known before), plus one in another organisation."""
    mediator, volunteer = world.users["community_mediator"], world.users["volunteer"]
    quillan = CommuneFactory()
    axat = CommuneFactory(insee_code="11021", name="Axat", postal_codes="11140", population=479)
    org = world.organisation
    known = PersonFactory(
        organisation=org, first_name="Known", birth_year=1950, commune=quillan, coverage="puma"
    )
    new = PersonFactory(organisation=org, first_name="New", birth_year=2005, commune=quillan, coverage="none")
    other = PersonFactory(organisation=org, first_name="Other", birth_year=None, commune=axat, coverage="ame")
    stranger = PersonFactory(organisation=world.other_organisation, first_name="Stranger")
    contact_record(acting_user=mediator, person=known, on=date(2025, 11, 3), channel="phone")
    contact_record(acting_user=mediator, person=known, on=date(2026, 2, 3), channel="phone")
    contact_record(acting_user=mediator, person=new, on=date(2026, 3, 1), channel="office")
    contact_record(
        acting_user=world.users["outsider"], person=stranger, on=date(2026, 3, 1), channel="office"
    )
    # Outreach: a permanence with one identified and two anonymous contacts.
    session = OutreachSession.objects.create(
        organisation=org, kind="permanence", held_on=date(2026, 4, 2), place="Mairie"
    )
    OutreachContact.objects.create(organisation=org, session=session, on=session.held_on, person=other)
    for band in ["18-24", "65-74"]:
        OutreachContact.objects.create(
            organisation=org, session=session, on=session.held_on, age_band=band, commune=axat
        )
    # Needs assessment with barriers.
    assessment = Assessment.objects.create(organisation=org, person=new, assessed_on=date(2026, 3, 1))
    for barrier in ["mobility", "no_gp"]:
        AssessmentBarrier.objects.create(assessment=assessment, barrier=barrier)
    # Orientations: one went (with an attended appointment and an accompaniment), one refused.
    went = orientation_create(
        acting_user=mediator,
        person=new,
        oriented_on=date(2026, 3, 2),
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
        appointment_booked=True,
    )
    appointment = book(world, new, aware(date(2026, 3, 10)), orientation=went, accompaniment_needed=True)
    appointment_record_attended(acting_user=mediator, appointment=appointment)
    orientation_record_went(acting_user=mediator, orientation=went, on=date(2026, 3, 10))
    accompaniment_record(
        acting_user=mediator,
        person=new,
        on=date(2026, 3, 10),
        destination="PASS",
        accompanied_by=volunteer,
        vehicle="team_vehicle",
        distance_km=110,
        duration_minutes=240,
        appointment=appointment,
    )
    refused = orientation_create(
        acting_user=mediator,
        person=known,
        oriented_on=date(2026, 4, 1),
        structure_kind="dental",
        structure_name="Dentiste",
        reason="Douleurs",
    )
    orientation_record_refused(
        acting_user=mediator, orientation=refused, on=date(2026, 4, 8), difficulty="care_refusal"
    )
    missed = book(world, known, aware(date(2026, 5, 5)))
    appointment_record_missed(acting_user=mediator, appointment=missed)
    # Prevention: advice, three tests (one reactive, linked to care), a collective action.
    advice_record(
        acting_user=volunteer, person=new, topics=["sexual_health", "psychoactive"], given_on=date(2026, 3, 1)
    )
    for result in ["non_reactive", "invalid"]:
        rapid_test_record(
            acting_user=volunteer, organisation=org, kind="hiv", result=result, performed_on=date(2026, 4, 2)
        )
    reactive = rapid_test_record(
        acting_user=volunteer, person=new, kind="hcv", result="reactive", performed_on=date(2026, 4, 2)
    )
    rapid_test_orient(acting_user=volunteer, test=reactive, structure="cegidd", on=date(2026, 4, 20))
    rapid_test_record_seen(acting_user=volunteer, test=reactive, on=date(2026, 4, 20))
    collective_action_record(
        acting_user=volunteer,
        organisation=org,
        held_on=date(2026, 5, 1),
        theme="oral_health",
        title="Atelier",
        attendance=14,
    )
    # Rights and participation.
    Procedure.objects.create(
        organisation=org,
        person=new,
        kind="c2s",
        status="granted",
        started_on=date(2026, 3, 1),
        decision_on=date(2026, 4, 15),
    )
    Procedure.objects.create(
        organisation=org, person=known, kind="ame", status="filed", started_on=date(2026, 5, 1)
    )
    Meeting.objects.create(
        organisation=org, kind="exchange_space", held_on=date(2026, 5, 20), place="Salle", attendance=9
    )
    return world


def test_it_counts_people_met_new_and_followed(year):
    report = programme_report(year.organisation, START, END)
    people = report["people"]
    assert (people["met"], people["new"], people["followed"]) == (3, 2, 2)
    assert people["by_age_band"] == {
        "0-17": 0,
        "18-24": 1,
        "25-34": 0,
        "35-44": 0,
        "45-54": 0,
        "55-64": 0,
        "65-74": 0,
        "75+": 1,
        "unknown": 1,
    }
    assert people["by_commune"] == [
        {"insee_code": "11304", "name": "Quillan", "count": 2},
        {"insee_code": "11021", "name": "Axat", "count": 1},
    ]
    assert people["by_coverage"] == {"none": 1, "puma": 1, "ame": 1, "unknown": 0}


def test_it_counts_outreach_barriers_rights_and_participation_of_the_other_apps(year):
    report = programme_report(year.organisation, START, END)
    assert (
        report["outreach"]["anonymous"],
        report["outreach"]["identified"],
        report["outreach"]["sessions"],
    ) == (2, 1, 1)
    assert report["outreach"]["anonymous_by_age_band"]["65-74"] == 1
    assert report["barriers"]["people_by_barrier"]["mobility"] == 1
    assert report["barriers"]["people_by_barrier"]["no_coverage"] == 0
    assert (report["rights"]["opened"], report["rights"]["granted"]) == (2, 1)
    assert report["rights"]["granted_by_kind"]["c2s"] == 1
    assert (report["participation"]["meetings"], report["participation"]["attendance"]) == (1, 9)


def test_it_counts_orientations_appointments_accompaniments_and_their_rates(year):
    report = programme_report(year.organisation, START, END)
    orientations = report["orientations"]
    assert (orientations["total"], orientations["went_rate"], orientations["appointment_booked"]) == (
        2,
        0.5,
        1,
    )
    assert orientations["by_structure_kind"]["pass"]["went"] == 1
    assert orientations["by_structure_kind"]["dental"]["refused"] == 1
    assert orientations["by_difficulty"]["care_refusal"] == 1
    assert report["appointments"]["by_status"] == {"planned": 0, "attended": 1, "missed": 1, "cancelled": 0}
    assert report["appointments"]["attendance_rate"] == 0.5
    assert (
        report["accompaniments"]["count"],
        report["accompaniments"]["km"],
        report["accompaniments"]["minutes"],
    ) == (1, 110, 240)


def test_it_counts_prevention_and_the_linkage_rate(year):
    prevention = programme_report(year.organisation, START, END)["prevention"]
    assert prevention["advice"]["by_topic"]["sexual_health"] == 1
    assert prevention["tests"]["by_kind"] == {
        "hiv": {"non_reactive": 1, "reactive": 0, "invalid": 1},
        "hcv": {"non_reactive": 0, "reactive": 1, "invalid": 0},
    }
    assert (prevention["tests"]["anonymous"], prevention["tests"]["linkage_rate"]) == (2, 1.0)
    assert (prevention["collective_actions"]["count"], prevention["collective_actions"]["attendance"]) == (
        1,
        14,
    )


def test_a_regional_report_aggregates_the_programmes_below_and_nothing_else(year):
    report = programme_report(year.regional, START, END)
    assert report["people"]["met"] == 3
    assert programme_report(year.other_organisation, START, END)["people"]["met"] == 1


def test_the_period_bounds_the_figures(year):
    report = programme_report(year.organisation, date(2026, 5, 1), date(2026, 5, 31))
    assert report["people"]["met"] == 1  # the missed appointment is not a contact; the procedure is
    assert report["appointments"]["total"] == 1


def test_the_page_shows_charts_with_their_tables(year, client_for):
    response = client_for(year.users["community_mediator"]).get(
        reverse("activity:report"), {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'role="img"' in page and "<caption>Orientations par type de structure et leur suite</caption>" in page
    )
    assert "Personnes rencontrées" in page


def test_the_pdf_is_journalled_as_an_export(year, client_for):
    response = client_for(year.users["coordinator"]).get(
        reverse("activity:report_pdf"), {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rapport d'activité" in text and "Orientations" in text
    assert JournalEntry.objects.filter(action=Action.EXPORT, object_type="accounts.organisation").exists()


def test_a_bad_period_is_answered_without_a_report(year, client_for):
    response = client_for(year.users["community_mediator"]).get(
        reverse("activity:report"), {"organisation": "asso", "start": "2026-06-30", "end": "2026-01-01"}
    )
    assert response.status_code == 422
    assert "précède" in response.content.decode()


@pytest.mark.parametrize(
    "who,status",
    [
        ("community_mediator", 200),
        ("director", 200),
        ("coordinator", 200),
        ("regional_coordinator", 200),
        ("volunteer", 404),
        ("patient_partner", 404),
        ("admin", 404),
        ("nobody", 404),
        ("outsider", 404),
    ],
)
def test_it_shows_the_report_to_readers_of_statistics(year, client_for, who, status):
    response = client_for(year.users[who]).get(
        reverse("activity:report"), {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30"}
    )
    assert response.status_code == status


def test_the_report_starts_with_the_current_year(year, client_for):
    response = client_for(year.users["community_mediator"]).get(reverse("activity:report"))
    assert response.context["report"]["start"] == "2026-01-01"
    assert response.context["report"]["end"] == TODAY.isoformat()


def test_it_leaves_out_what_happened_outside_the_period(year):
    before = programme_report(year.organisation, START - timedelta(days=365), START - timedelta(days=1))
    assert before["people"]["met"] == 1
    assert before["orientations"]["total"] == 0


def test_the_report_speaks_english_when_chosen(year, client_for):
    client = client_for(year.users["community_mediator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(
        reverse("activity:report"), {"organisation": "asso", "start": "2026-01-01", "end": "2026-06-30"}
    )
    page = response.content.decode()
    assert "<caption>Referrals by structure type and their outcome</caption>" in page
    assert "People met" in page and "Personnes rencontrées" not in page
    page = client.get(reverse("appointments:agenda")).content.decode()
    assert "Team calendar" in page and "Agenda de l'équipe" not in page
