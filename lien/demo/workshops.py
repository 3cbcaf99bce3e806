"""The demo workshop programme of the Occitanie network: « Vivre avec son diabète », five sessions
facilitated by the network's nurse and Michel Bonnet (patient partner), three held with their
attendance, two to come; five people of the network registered with their consent."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.demo.partners import COORDINATOR, NETWORK
from lien.partners.models import PatientPartner
from lien.people.models import Person
from lien.workshops.information import CURRENT_WORKSHOP_INFORMATION_VERSION
from lien.workshops.models import WorkshopProgramme
from lien.workshops.services import attendance_record, programme_create, registration_create, session_create

NURSE = "helene.marty@patients-partenaires.example"
PARTNER = "michel.bonnet@patients-partenaires.example"
PLACE = "Maison des patients, 12 rue des Lois, Toulouse"
# days from today, theme
SESSIONS = [
    (-42, "understanding"),
    (-28, "treatment"),
    (-14, "nutrition"),
    (7, "physical_activity"),
    (21, "emotions"),
]
# who came to each session held, by the index of the person registered: P present, A absent, E
# excused
ATTENDANCE = ["PPAPP", "PPEPA", "PAPPP"]
STATUSES = {"P": "present", "A": "absent", "E": "excused"}


def demo_workshops_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    network = organisations[NETWORK]
    partner = PatientPartner.objects.filter(organisation=network, user__email=PARTNER).first()
    if partner is None or WorkshopProgramme.objects.filter(organisation=network).exists():
        return
    coordinator, nurse = users[COORDINATOR], users[NURSE]
    programme = programme_create(
        acting_user=coordinator,
        organisation=network,
        title="Vivre avec son diabète",
        description=(
            "Cinq ateliers en petit groupe pour les personnes qui vivent avec un diabète de type 2 : "
            "comprendre la maladie, le traitement, l'alimentation, bouger, le moral."
        ),
        pathology="diabetes",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=60),
    )
    sessions = [
        session_create(
            acting_user=coordinator,
            programme=programme,
            starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=offset), time(14))),
            duration_minutes=150,
            place=PLACE,
            theme=theme,
            capacity=10,
            professionals=[nurse],
            partners=[partner],
        )
        for offset, theme in SESSIONS
    ]
    people = list(Person.objects.filter(organisation=network).identified().order_by("pk")[:5])
    registrations = [
        registration_create(
            acting_user=nurse,
            programme=programme,
            person=person,
            consent_given=True,
            consented_on=today - timedelta(days=50),
            information_version=CURRENT_WORKSHOP_INFORMATION_VERSION,
            registered_on=today - timedelta(days=50),
        )
        for person in people
    ]
    for session, marks in zip(sessions, ATTENDANCE, strict=False):
        attendance_record(
            acting_user=coordinator,
            session=session,
            entries={r.pk: STATUSES[mark] for r, mark in zip(registrations, marks, strict=False)},
        )
