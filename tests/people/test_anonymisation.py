"""A consent withdrawal anonymises the file across the apps and keeps what statistics count."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.appointments.models import Accompaniment, Appointment, Reminder
from lien.appointments.services import accompaniment_record, reminder_send
from lien.assessments.models import Assessment
from lien.assessments.services import assessment_create
from lien.followup.models import Contact as FollowupContact
from lien.followup.models import Goal, GoalAction, Prescription
from lien.followup.services import contact_record as followup_contact
from lien.followup.services import goal_action_add, goal_create, prescription_add
from lien.journal.models import JournalEntry
from lien.orientations.models import Orientation
from lien.orientations.services import orientation_create
from lien.outreach.models import Contact
from lien.outreach.services import contact_record, session_create
from lien.participation.models import Testimony as SavedTestimony
from lien.participation.services import testimony_save as save_testimony
from lien.people.anonymity import age_band_of, band_birth_year
from lien.people.enums import age_band_for
from lien.people.services import consent_withdraw
from lien.people.signals import ERASED_TEXT
from lien.prevention.models import RapidTest
from lien.prevention.services import rapid_test_orient, rapid_test_record
from lien.rights.models import Procedure, RightsReminder
from lien.rights.services import procedure_start, rights_reminders_create
from tests.community import (
    aware,
    book,
    sms_outbox,  # noqa: F401 — fixture
)
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db


def test_it_erases_free_text_keeps_codes_and_deletes_testimonies(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world, first_name="Hélène", birth_year=1971, consent=FULL_CONSENT)
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=date(2025, 2, 3),
        place="Mairie",
    )
    contact_record(acting_user=mediator, session=session, person=person, topics=["rights"])
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=date(2025, 2, 3),
        barriers=["mobility"],
        epices_answers=[1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
        priority_words="Retrouver mon médecin, le Dr Fabre",
        notes="Vit avec sa sœur Josette",
    )
    procedure = procedure_start(
        acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 2, 3), notes="Appeler sa fille"
    )
    Procedure.objects.filter(pk=procedure.pk).update(
        status="granted", decision_on=date(2025, 3, 1), rights_end=date(2026, 2, 28)
    )
    rights_reminders_create(today=date(2026, 1, 15))
    save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 2, 3),
        text="Trop loin.",
        advocacy_use=True,
    )

    consent_withdraw(acting_user=mediator, person=person, withdrawn_on=date(2025, 6, 1))

    contact = Contact.objects.get()
    assert (contact.person, contact.age_band, list(contact.topics.values_list("topic", flat=True))) == (
        person,
        "45-54",
        ["rights"],
    )
    assessment = Assessment.objects.get()
    assert (assessment.notes, assessment.priority_words) == ("", "")
    assert (str(assessment.epices_score), list(assessment.barriers.values_list("barrier", flat=True))) == (
        "53.84",
        ["mobility"],
    )
    procedure.refresh_from_db()
    assert (procedure.notes, procedure.kind, procedure.status) == ("", "c2s", "granted")
    assert not RightsReminder.objects.filter(done_at__isnull=True).exists()
    assert not SavedTestimony.objects.exists()


@pytest.mark.usefixtures("sms_outbox")
def test_it_erases_what_follow_up_orientations_appointments_and_tests_wrote(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world, first_name="Hélène", phone="06 11 22 33 44", birth_year=1971)
    today = timezone.localdate()
    followup_contact(
        acting_user=mediator, person=person, on=today, channel="phone", note="Sa sœur Josette répond"
    )
    goal = goal_create(acting_user=mediator, person=person, title="Revoir le Dr Fabre", agreed_on=today)
    goal_action_add(acting_user=mediator, goal=goal, description="Appeler le Dr Fabre", owner="team")
    prescription_add(
        acting_user=mediator, person=person, kind="examination", label="Sérologie VIH", prescriber="Dr Fabre"
    )
    orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=today,
        structure_kind="pass",
        structure_name="PASS de Carcassonne",
        reason="Douleurs depuis la mort de son mari",
        help_detail="Appel à sa fille",
    )
    appointment = book(
        world, person, aware(today + timedelta(days=3)), to_bring="Lettre du Dr Fabre", reminder="sms"
    )
    reminder_send(appointment=appointment, kind="reminder", acting_user=mediator)
    accompaniment_record(
        acting_user=mediator,
        person=person,
        on=today,
        destination="PASS",
        accompanied_by=mediator,
        vehicle="team_vehicle",
        distance_km=40,
        duration_minutes=90,
        note="Elle avait peur",
    )
    test = rapid_test_record(
        acting_user=mediator, person=person, kind="hiv", result="reactive", performed_on=today
    )
    rapid_test_orient(acting_user=mediator, test=test, structure="cegidd", note="Rdv jeudi")

    consent_withdraw(acting_user=mediator, person=person)

    person.refresh_from_db()
    assert age_band_of(person) == age_band_for(1971, today) != ""  # the band stays, not the year
    assert person.birth_year == band_birth_year(1971, today) != 1971
    assert FollowupContact.objects.get().note == ""
    assert (Goal.objects.get().title, GoalAction.objects.get().description) == (ERASED_TEXT, ERASED_TEXT)
    assert list(Prescription.objects.values_list("kind", "label", "prescriber")) == [
        ("examination", ERASED_TEXT, "")
    ]
    orientation = Orientation.objects.get()
    # A structure typed freely goes too (with its date it tells the person's care); one chosen in
    # the directory stays, through its link.
    assert (orientation.structure_name, orientation.reason, orientation.help_detail) == (
        ERASED_TEXT,
        ERASED_TEXT,
        "",
    )
    appointment = Appointment.objects.get()
    assert (
        appointment.to_bring,
        appointment.reminder,
        appointment.professional,
        appointment.place,
        appointment.starts_at.date(),
    ) == ("", "none", ERASED_TEXT, ERASED_TEXT, today + timedelta(days=3))
    assert appointment.status == "cancelled"  # an appointment still to come leaves the agenda
    assert list(Reminder.objects.values_list("recipient", "body", "status")) == [("", "", "sent")]
    assert list(Accompaniment.objects.values_list("destination", "note", "distance_km")) == [
        (ERASED_TEXT, "", 40)
    ]
    assert list(RapidTest.objects.values_list("result", "linkage_status", "linkage_note")) == [
        ("reactive", "oriented", "")
    ]


@pytest.mark.parametrize("on", [date(2026, 12, 6), date(2025, 1, 1)])
def test_the_birth_year_kept_is_the_middle_of_the_same_age_band(on):
    for age in range(0, 101):
        year = on.year - age
        kept = band_birth_year(year, on)
        assert age_band_for(kept, on) == age_band_for(year, on), age
    # One year for everyone of a band that day: it tells nothing more than the band.
    assert {band_birth_year(on.year - age, on) for age in range(45, 55)} == {on.year - 49}
    assert {band_birth_year(on.year - age, on) for age in range(75, 101)} == {on.year - 80}
    assert band_birth_year(None, on) is None


def test_the_journal_keeps_every_access_but_no_name_after_a_withdrawal(world, client_for):
    mediator, director = world.users["community_mediator"], world.users["director"]
    person = consented_person(world, first_name="Zéphyrine", last_name="Quintefeuille")
    goal = goal_create(
        acting_user=mediator, person=person, title="Revoir le Dr Xylophane", agreed_on=date(2025, 2, 3)
    )
    goal_action_add(acting_user=mediator, goal=goal, description="Appeler Mme Quintefeuille", owner="team")
    client_for(mediator).get(reverse("person_detail", args=[person.pk]))
    assert "Quintefeuille" in client_for(director).get(reverse("journal")).content.decode()

    consent_withdraw(acting_user=mediator, person=person)

    page = client_for(director).get(reverse("journal")).content.decode()
    assert f"Personne anonymisée n°{person.pk}" in page
    assert "Quintefeuille" not in page and "Xylophane" not in page
    assert JournalEntry.objects.filter(person=person).count() >= 4  # nothing was rewritten or lost
