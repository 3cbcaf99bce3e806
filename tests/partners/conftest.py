from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lien.partners import services
from tests.factories import CommuneFactory

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
