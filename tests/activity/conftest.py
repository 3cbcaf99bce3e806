"""A small known programme over two years, recorded through the services: the first half of 2026
(the report's period) and the first half of 2025 (the same period a year earlier)."""

from datetime import date

import pytest
import time_machine

from lien.appointments.services import (
    accompaniment_record,
    appointment_record_attended,
    appointment_record_missed,
)
from lien.assessments.services import assessment_create
from lien.directory.services import meeting_save as partner_meeting_save
from lien.followup.services import contact_record
from lien.orientations.services import orientation_create, orientation_record_refused, orientation_record_went
from lien.outreach.services import contact_record as outreach_contact
from lien.outreach.services import session_create
from lien.participation.services import meeting_save
from lien.prevention.services import (
    advice_record,
    collective_action_record,
    rapid_test_orient,
    rapid_test_record,
    rapid_test_record_seen,
)
from lien.rights.services import procedure_file, procedure_grant, procedure_renew, procedure_start
from tests.community import aware, book
from tests.directory.factories import StructureFactory
from tests.factories import CommuneFactory, PersonFactory

TODAY = date(2026, 6, 30)
START, END = date(2026, 1, 1), date(2026, 6, 30)
QUERY = {"organisation": "asso", "start": START.isoformat(), "end": END.isoformat()}
PRECARIOUS = [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1]  # EPICES 53.84
NOT_PRECARIOUS = [0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]  # EPICES 0


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 18), tick=False):
        yield


def _granted(mediator, person, kind, started_on, decided_on):
    procedure = procedure_start(acting_user=mediator, person=person, kind=kind, started_on=started_on)
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=started_on)
    return procedure_grant(acting_user=mediator, procedure=procedure, decision_on=decided_on)


@pytest.fixture
def year(world):
    """In 2026: three people accompanied (``new`` for the first time; ``known`` and ``other`` met in
    2025 too), one person of another organisation; in 2025: ``known``, ``other`` and ``former``."""
    mediator, volunteer = world.users["community_mediator"], world.users["volunteer"]
    org = world.organisation
    quillan = CommuneFactory()
    axat = CommuneFactory(insee_code="11021", name="Axat", postal_codes="11140", population=479)
    esperaza = CommuneFactory(insee_code="11130", name="Espéraza", postal_codes="11260", population=1950)
    limoux = CommuneFactory(insee_code="11206", name="Limoux", postal_codes="11300", population=10500)
    foix = CommuneFactory(
        insee_code="09122",
        name="Foix",
        postal_codes="09000",
        departement="09",
        departement_name="Ariège",
        population=9600,
    )
    known = PersonFactory(
        organisation=org,
        first_name="Known",
        birth_year=1950,
        commune=quillan,
        coverage="puma",
        gender="female",
        referral_source="outreach",
    )
    new = PersonFactory(
        organisation=org,
        first_name="New",
        birth_year=2005,
        commune=quillan,
        coverage="none",
        gender="male",
        referral_source="partner_structure",
    )
    other = PersonFactory(organisation=org, first_name="Other", birth_year=None, commune=axat, coverage="ame")
    former = PersonFactory(organisation=org, first_name="Former", birth_year=1990, commune=limoux)
    stranger = PersonFactory(organisation=world.other_organisation, first_name="Stranger", commune=foix)

    # The year before.
    contact_record(acting_user=mediator, person=known, on=date(2025, 3, 3), channel="phone")
    contact_record(acting_user=mediator, person=former, on=date(2025, 4, 10), channel="office")
    accompaniment_record(
        acting_user=mediator,
        person=known,
        on=date(2025, 5, 10),
        destination="Centre hospitalier de Limoux",
        accompanied_by=volunteer,
        vehicle="team_vehicle",
        distance_km=40,
        duration_minutes=120,
    )
    ame = _granted(mediator, other, "ame", date(2025, 3, 1), date(2025, 4, 1))
    partner_meeting_save(
        acting_user=mediator,
        organisation=org,
        structures=[StructureFactory(organisation=org)],
        held_on=date(2025, 5, 5),
        participants="Équipe, CCAS",
        topics="Présentation",
    )

    # The period.
    contact_record(acting_user=mediator, person=known, on=date(2026, 2, 3), channel="phone")
    contact_record(acting_user=mediator, person=new, on=date(2026, 3, 1), channel="office")
    contact_record(
        acting_user=world.users["outsider"], person=stranger, on=date(2026, 3, 1), channel="office"
    )
    # Outreach: a permanence with one identified and two anonymous contacts, a street session.
    permanence = session_create(
        acting_user=mediator,
        organisation=org,
        kind="permanence",
        held_on=date(2026, 4, 2),
        place="Mairie",
        commune=axat,
    )
    outreach_contact(acting_user=mediator, session=permanence, person=other, topics=["rights"])
    outreach_contact(
        acting_user=mediator, session=permanence, age_band="18-24", gender="female", commune=axat
    )
    outreach_contact(acting_user=mediator, session=permanence, age_band="65-74", commune=axat)
    street = session_create(
        acting_user=mediator, organisation=org, kind="street", held_on=date(2026, 5, 15), place="Marché"
    )
    outreach_contact(acting_user=mediator, session=street, gender="female", commune=esperaza)
    # Needs assessments: EPICES of each person's last complete assessment.
    assessment_create(
        acting_user=mediator, person=new, assessed_on=date(2026, 1, 15), epices_answers=NOT_PRECARIOUS
    )
    assessment_create(
        acting_user=mediator,
        person=new,
        assessed_on=date(2026, 3, 1),
        barriers=["mobility", "no_gp"],
        epices_answers=PRECARIOUS,
    )
    assessment_create(
        acting_user=mediator,
        person=known,
        assessed_on=date(2026, 2, 3),
        barriers=["mobility"],
        epices_answers=NOT_PRECARIOUS,
    )
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
    # Rights: ``new`` obtains a coverage, the C2S and a médecin traitant; ``other`` renews the AME.
    _granted(mediator, new, "puma", date(2026, 2, 1), date(2026, 3, 20))
    _granted(mediator, new, "c2s", date(2026, 3, 1), date(2026, 4, 15))
    _granted(mediator, new, "gp_declaration", date(2026, 4, 1), date(2026, 4, 20))
    renewal = procedure_renew(acting_user=mediator, procedure=ame, started_on=date(2026, 2, 15))
    procedure_file(acting_user=mediator, procedure=renewal, filed_on=date(2026, 2, 20))
    procedure_grant(acting_user=mediator, procedure=renewal, decision_on=date(2026, 3, 15))
    procedure_start(acting_user=mediator, person=known, kind="ame", started_on=date(2026, 5, 1))
    # Participation and partners.
    meeting_save(
        acting_user=mediator,
        organisation=org,
        kind="exchange_space",
        held_on=date(2026, 5, 20),
        place="Salle",
        attendance=9,
    )
    partner_meeting_save(
        acting_user=mediator,
        organisation=org,
        structures=[StructureFactory(organisation=org), StructureFactory(organisation=org)],
        held_on=date(2026, 5, 5),
        participants="Équipe, PASS, CCAS",
        topics="Orientations",
    )
    return world
