"""The coordinator's view: trainings to validate, conventions ending, proposals waiting for the
patient, figures of a period — the page and the API read the same ``coordination.overview``, for
the coordination only, and name no patient."""

from datetime import timedelta

import pytest
from django.urls import reverse

from lien.partners import services
from lien.partners.coordination import overview
from tests.factories import DRAWN_SIGNATURE
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world, coordinator, mediator, patient, companion, partner, today):
    """Nadia proposable (a convention ending in 10 days), a second training waiting, a second
    partner whose convention ended 5 days ago; one proposal consented, waiting for the choice."""
    add_convention(
        coordinator, companion, starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=10)
    )
    add_training(coordinator, companion)  # waiting for validation
    lapsed = services.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Yves"
    )
    add_training(coordinator, lapsed, validated=True)
    add_convention(
        coordinator, lapsed, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=5)
    )
    accompaniment = services.accompaniment_propose(
        acting_user=mediator, person=patient, suggested=[companion]
    )
    services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=today,
        signed_name="Odile Quintal",
        signature=DRAWN_SIGNATURE,
    )
    return accompaniment


def test_the_overview_says_what_waits_and_counts_the_period(coordinator, programme, companion, today):
    seen = overview(coordinator, start=today - timedelta(days=30), end=today, today=today)
    assert [t.partner for t in seen.trainings_to_validate] == [companion]
    assert [c.partner for c in seen.conventions_ending] == [companion]
    assert [c.partner.first_name for c in seen.conventions_ended] == ["Yves"]
    assert [(p.id, p.days) for p in seen.pending] == [(programme.pk, 0)]
    figures = seen.figures
    assert (figures.partners_active, figures.partners_proposable) == (2, 1)
    assert (figures.proposals, figures.consents, figures.contacts) == (1, 1, 0)
    # A period before it all: nothing in the period, the same waiting list.
    earlier = overview(
        coordinator, start=today - timedelta(days=90), end=today - timedelta(days=60), today=today
    )
    assert (earlier.figures.proposals, earlier.figures.consents) == (0, 0)
    assert len(earlier.pending) == 1


def test_the_page_and_the_api_show_the_same_and_name_no_patient(client_for, coordinator, programme, today):
    client = client_for(coordinator)
    page = client.get(reverse("partners:coordination"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 formation à valider" in text and "Nadia Benali" in text
    assert "1 convention prend fin dans les 30 jours" in text
    assert "1 convention a pris fin sans relais" in text
    assert f"n° {programme.pk}" in text and "1 proposition attend le ou la patient·e" in text
    assert "Odile" not in text and "Quintal" not in text
    api = client.get("/api/v1/partners/coordination", {"start": today.isoformat(), "end": today.isoformat()})
    assert api.status_code == 200
    data = api.json()
    assert data["figures"]["consents"] == 1 and data["pending"][0]["id"] == programme.pk
    assert "Odile" not in api.content.decode()


def test_a_bad_period_is_refused_in_french(client_for, coordinator, today):
    client = client_for(coordinator)
    page = client.get(reverse("partners:coordination"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert page.status_code == 422 and "La fin de la période précède son début." in page.content.decode()
    api = client.get("/api/v1/partners/coordination", {"start": "2020-01-01", "end": "2026-01-01"})
    assert api.status_code == 422 and "cinq ans" in api.json()["detail"]


@pytest.mark.parametrize("role", ["community_mediator", "patient_partner", "director", "outsider"])
def test_only_the_coordination_sees_it(world, client_for, role, today):
    client = client_for(world.users[role])
    assert client.get(reverse("partners:coordination")).status_code == 404
    api = client.get("/api/v1/partners/coordination", {"start": today.isoformat(), "end": today.isoformat()})
    assert api.status_code == 404


def test_the_coordinators_home_counts_what_waits(world, client_for, coordinator, programme):
    home = client_for(coordinator).get(reverse("home")).content.decode()
    assert "Patient·es partenaires : ce qui attend la coordination" in home
    assert "1 formation à valider" in home and "1 proposition attend le ou la patient·e" in home
    assert reverse("partners:coordination") in home
    mediator_home = client_for(world.users["community_mediator"]).get(reverse("home")).content.decode()
    assert "ce qui attend la coordination" not in mediator_home
