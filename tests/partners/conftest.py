from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.assessments.services import assessment_create
from lien.partners import services
from tests.factories import CommuneFactory, UserFactory
from tests.mediation import consented_person

TODAY = date(2026, 3, 2)


def pdf(name: str = "attestation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(world):
    return world.users["coordinator"]


@pytest.fixture
def departements(db):
    CommuneFactory(insee_code="11069", departement="11")
    CommuneFactory(insee_code="31555", name="Toulouse", departement="31", departement_name="Haute-Garonne")


@pytest.fixture
def partner(world, coordinator, departements):
    return services.partner_create(
        acting_user=coordinator,
        organisation=world.organisation,
        first_name="Nadia",
        last_name="Benali",
        experience="Diabète de type 1 depuis l'enfance.",
        pathologies=["diabetes"],
        languages=["fr", "ar"],
        departements=["11", "31"],
    )


def add_training(user, partner, *, validated: bool = False):
    training = services.training_add(
        acting_user=user,
        partner=partner,
        kind="university",
        body="DU patient partenaire",
        completed_on=date(2025, 6, 30),
        certificate=pdf(),
    )
    if validated:
        services.training_validate(acting_user=user, training=training)
    return training


def add_convention(user, partner, *, starts_on: date, ends_on: date | None = None):
    return services.convention_add(
        acting_user=user,
        partner=partner,
        party="Réseau diabète Occitanie",
        starts_on=starts_on,
        ends_on=ends_on,
        framework="compensated",
        file=pdf("convention.pdf"),
    )


# -- the accompaniment of a patient (tests/partners/test_accompaniments.py, test_partner_log.py) --


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def patient(world, mediator):
    person = consented_person(
        world,
        first_name="Odile",
        last_name="Quintal",
        birth_year=1937,
        phone="06 11 22 33 44",
        email="odile@example.org",
        coverage="ame",
        referral_detail="Jardinier-secret",
        languages=["ar"],
    )
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=timezone.localdate(),
        barriers=["mobility"],
        notes="zqxnotes",
        priority_words="zqxwords",
    )
    return person


def proposable(user, partner, today):
    add_training(user, partner, validated=True)
    add_convention(user, partner, starts_on=today - timedelta(days=30))
    return partner


@pytest.fixture
def companion(world, coordinator, partner, today):
    """The fixture's partner (Nadia), proposable, with the world's patient partner's account."""
    services.partner_update(acting_user=coordinator, partner=partner, user=world.users["patient_partner"])
    return proposable(coordinator, partner, today)


@pytest.fixture
def other_partner(world, coordinator, today):
    """Another proposable partner, with an account of their own."""
    user = UserFactory(email="autre-partenaire@lien.example")
    membership_add(user=user, organisation=world.organisation, role=Role.PATIENT_PARTNER)
    other = services.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Paul", user=user
    )
    return proposable(coordinator, other, today)
