"""The rules of the workshops, in their services."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from lien.journal.models import JournalEntry
from lien.people.services import consent_withdraw
from lien.workflow.engine import ActionRefused
from lien.workshops import services
from lien.workshops.models import WorkshopAttendance, WorkshopRegistration
from tests.factories import PersonFactory, UserFactory
from tests.workshops.conftest import TODAY, at, register, session_on

pytestmark = pytest.mark.django_db


def test_it_refuses_a_registration_without_the_persons_consent(programme, mediator, people):
    with pytest.raises(ValidationError) as refused:
        services.registration_create(
            acting_user=mediator,
            programme=programme,
            person=people[0],
            consent_given=False,
            consented_on=TODAY,
            information_version="etp-2026-01",
        )
    assert "consenti" in refused.value.message_dict["consent_given"][0]
    with pytest.raises(ValidationError):
        services.registration_create(
            acting_user=mediator,
            programme=programme,
            person=people[0],
            consent_given=True,
            consented_on=None,
            information_version="etp-2026-01",
        )
    assert not WorkshopRegistration.objects.exists()


def test_it_records_the_consent_and_who_recorded_it(programme, mediator, people):
    registration = register(programme, mediator, people[0], on=TODAY)
    assert (registration.consented_on, registration.consent_information_version) == (TODAY, "etp-2026-01")
    assert registration.consent_recorded_by == mediator
    entry = JournalEntry.objects.get(object_type="workshops.workshopregistration")
    assert entry.person_id == people[0].pk and "Odile" not in entry.object_repr


def test_it_registers_a_person_once_per_programme(programme, mediator, people):
    register(programme, mediator, people[0])
    with pytest.raises(ActionRefused, match="déjà inscrite"):
        register(programme, mediator, people[0])


def test_it_refuses_a_person_of_another_organisation_and_a_future_consent(world, programme, mediator, people):
    stranger = PersonFactory(organisation=world.other_organisation, first_name="Yves")
    with pytest.raises(ValidationError, match="suivie par l'organisation"):
        register(programme, mediator, stranger)
    with pytest.raises(ValidationError, match="futur"):
        register(programme, mediator, people[0], on=TODAY + timedelta(days=1))


def test_it_refuses_registrations_beyond_the_places_of_a_session_to_come(
    programme, coordinator, mediator, people
):
    session_on(programme, coordinator, TODAY + timedelta(days=7), capacity=2)
    register(programme, mediator, people[0])
    register(programme, mediator, people[1])
    with pytest.raises(ActionRefused, match="complet"):
        register(programme, mediator, people[2])
    # a session held already does not count
    assert WorkshopRegistration.objects.count() == 2


def test_a_session_never_has_fewer_places_than_people_registered(programme, coordinator, mediator, people):
    for person in people[:3]:
        register(programme, mediator, person)
    with pytest.raises(ActionRefused, match="3 personnes sont inscrites"):
        session_on(programme, coordinator, TODAY + timedelta(days=7), capacity=2)
    session = session_on(programme, coordinator, TODAY + timedelta(days=7), capacity=3)
    with pytest.raises(ActionRefused):
        services.session_update(acting_user=coordinator, session=session, capacity=2)


def test_a_patient_partner_facilitates_only_when_proposable_on_the_session_day(
    programme, coordinator, partner
):
    # the convention runs from 1 February to 30 April 2026
    with pytest.raises(ActionRefused, match="ne peut pas animer une séance le 20 janvier 2026"):
        session_on(programme, coordinator, date(2026, 1, 20), partners=[partner])
    with pytest.raises(ActionRefused, match="Convention expirée"):
        session_on(programme, coordinator, date(2026, 5, 4), partners=[partner])
    session = session_on(programme, coordinator, date(2026, 3, 9), partners=[partner])
    assert list(session.partners.all()) == [partner]
    # moved to a day the convention no longer covers: refused, unchanged
    with pytest.raises(ActionRefused):
        services.session_update(acting_user=coordinator, session=session, starts_at=at(date(2026, 5, 11)))
    session.refresh_from_db()
    assert session.day == date(2026, 3, 9)


def test_a_professional_is_a_member_of_the_organisation(world, programme, coordinator, mediator):
    session = session_on(programme, coordinator, TODAY, professionals=[mediator])
    assert list(session.professionals.all()) == [mediator]
    with pytest.raises(ValidationError, match="professionnel"):
        session_on(programme, coordinator, TODAY, professionals=[world.users["outsider"]])
    with pytest.raises(ValidationError, match="professionnel"):
        session_on(programme, coordinator, TODAY, professionals=[world.users["patient_partner"]])


def test_a_session_takes_place_during_the_programme(programme, coordinator):
    with pytest.raises(ValidationError, match="pendant le programme"):
        session_on(programme, coordinator, date(2026, 7, 6))


def test_only_the_coordination_plans_sessions_and_records_attendance(
    programme, mediator, coordinator, people
):
    with pytest.raises(PermissionDenied):
        session_on(programme, mediator, TODAY)
    session = session_on(programme, coordinator, TODAY - timedelta(days=1))
    registration = register(programme, mediator, people[0])
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            acting_user=mediator, session=session, entries={registration.pk: "present"}
        )


def test_attendance_is_recorded_once_the_session_started(programme, coordinator, mediator, people):
    registration = register(programme, mediator, people[0])
    session = session_on(programme, coordinator, TODAY)  # at 14:00, it is noon
    with pytest.raises(ActionRefused, match="pas encore commencé"):
        services.attendance_record(
            acting_user=coordinator, session=session, entries={registration.pk: "present"}
        )
    with time_machine.travel(at(TODAY, 14), tick=False):
        services.attendance_record(
            acting_user=coordinator, session=session, entries={registration.pk: "present"}
        )
    assert WorkshopAttendance.objects.get().status == "present"


def test_attendance_is_for_people_registered_on_the_session_day(programme, coordinator, mediator, people):
    session = session_on(programme, coordinator, TODAY - timedelta(days=7))
    before = register(programme, mediator, people[0], on=TODAY - timedelta(days=10))
    after = register(programme, mediator, people[1], on=TODAY - timedelta(days=2))
    with pytest.raises(ValidationError, match="inscrites au programme le jour de la séance"):
        services.attendance_record(acting_user=coordinator, session=session, entries={after.pk: "present"})
    services.attendance_record(acting_user=coordinator, session=session, entries={before.pk: "excused"})
    # recorded again: one row, the new status
    services.attendance_record(acting_user=coordinator, session=session, entries={before.pk: "present"})
    assert list(WorkshopAttendance.objects.values_list("status", flat=True)) == ["present"]
    with pytest.raises(ValidationError, match="inconnue"):
        services.attendance_record(acting_user=coordinator, session=session, entries={before.pk: "late"})


def test_a_withdrawal_keeps_the_past_counts_without_the_person(programme, coordinator, mediator, people):
    held = session_on(programme, coordinator, TODAY - timedelta(days=7))
    to_come = session_on(programme, coordinator, TODAY + timedelta(days=7))
    registration = register(programme, mediator, people[0], on=TODAY - timedelta(days=10))
    services.attendance_record(acting_user=coordinator, session=held, entries={registration.pk: "present"})
    services.registration_withdraw(acting_user=mediator, registration=registration)
    registration.refresh_from_db()
    assert registration.person is None and registration.withdrawn_on == TODAY
    assert WorkshopAttendance.objects.filter(session=held, registration=registration).exists()
    # the session to come no longer lists it; the person may register again
    assert not WorkshopRegistration.objects.filter(person__isnull=False).in_force(to_come.day).exists()
    assert register(programme, mediator, people[0], on=TODAY).person == people[0]
    with pytest.raises(ActionRefused, match="déjà retirée"):
        services.registration_withdraw(acting_user=mediator, registration=registration)
    # and nobody records an attendance for it any more
    with pytest.raises(ValidationError):
        services.attendance_record(acting_user=coordinator, session=held, entries={registration.pk: "absent"})


def test_a_consent_withdrawal_of_the_file_withdraws_every_registration(programme, mediator, people):
    registration = register(programme, mediator, people[0])
    consent_withdraw(acting_user=mediator, person=people[0])
    registration.refresh_from_db()
    assert registration.person is None and registration.withdrawn_on == TODAY


def test_a_programme_keeps_its_sessions_within_its_dates(programme, coordinator):
    session_on(programme, coordinator, date(2026, 6, 1))
    with pytest.raises(ValidationError, match="sortirait du programme"):
        services.programme_update(acting_user=coordinator, programme=programme, ends_on=date(2026, 5, 31))
    with pytest.raises(ValidationError, match="finir avant"):
        services.programme_update(acting_user=coordinator, programme=programme, ends_on=date(2025, 5, 31))


def test_a_closed_programme_takes_no_registration(programme, coordinator, mediator, people):
    services.programme_update(acting_user=coordinator, programme=programme, active=False)
    with pytest.raises(ActionRefused, match="plus ouvert"):
        register(programme, mediator, people[0])


def test_every_write_is_journalled(programme, coordinator, mediator, people):
    session = session_on(programme, coordinator, TODAY - timedelta(days=1))
    registration = register(programme, mediator, people[0])
    services.attendance_record(acting_user=coordinator, session=session, entries={registration.pk: "present"})
    services.registration_withdraw(acting_user=mediator, registration=registration)
    entries = JournalEntry.objects.filter(object_type__startswith="workshops.").order_by("pk")
    kinds = list(entries.values_list("object_type", "action"))
    assert kinds == [
        ("workshops.workshopprogramme", "create"),
        ("workshops.workshopsession", "create"),
        ("workshops.workshopregistration", "create"),
        ("workshops.workshopsession", "update"),
        ("workshops.workshopregistration", "update"),
    ]


def test_nobody_without_the_permission_writes(world, programme):
    nobody = UserFactory(email="personne@lien.example")
    with pytest.raises(PermissionDenied):
        services.programme_update(acting_user=nobody, programme=programme, title="Autre")
