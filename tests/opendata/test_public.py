"""The public page of chosen figures: off until it is switched on, readable without an account,
aggregated and masked; kept by those who publish the organisation's open data."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from lien.opendata.public import period, public_figure_add, public_page_set
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def test_the_period_is_the_months_up_to_the_day_it_is_read():
    assert period(12, date(2026, 12, 7)) == (date(2025, 12, 8), date(2026, 12, 7))
    assert period(1, date(2026, 3, 31)) == (date(2026, 3, 1), date(2026, 3, 31))


def test_the_page_is_off_until_switched_on_and_then_read_without_an_account(world, mediator):
    url = reverse("opendata:public_page", args=[world.organisation.slug])
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    public_page_set(
        acting_user=mediator, organisation=world.organisation, enabled=True, introduction="Nos chiffres."
    )
    public_figure_add(
        acting_user=mediator,
        organisation=world.organisation,
        title="Personnes accompagnées selon le genre",
        dimensions=["gender"],
        months=12,
        threshold=5,
        today=date(2026, 12, 7),
    )
    consented_person(world, first_name="Zéphyrine", last_name="Quatremère")
    response = anonymous.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nos chiffres." in page and "Personnes accompagnées selon le genre" in page
    assert "Zéphyrine" not in page and "Quatremère" not in page
    public_page_set(acting_user=mediator, organisation=world.organisation, enabled=False, introduction="")
    assert anonymous.get(url).status_code == 404


def test_a_table_of_the_page_keeps_the_instances_threshold_and_its_publishers(world, mediator):
    with pytest.raises(ValidationError, match="inférieur à 5"):
        public_figure_add(
            acting_user=mediator,
            organisation=world.organisation,
            title="Genre",
            dimensions=["gender"],
            months=12,
            threshold=3,
            today=date(2026, 12, 7),
        )
    with pytest.raises(ValidationError, match="saisines"):
        public_figure_add(
            acting_user=mediator,
            organisation=world.organisation,
            title="Canal",
            dimensions=["channel"],
            months=12,
            threshold=5,
            today=date(2026, 12, 7),
        )
    for role in ("volunteer", "outsider"):
        with pytest.raises(PermissionDenied):
            public_page_set(
                acting_user=world.users[role], organisation=world.organisation, enabled=True, introduction=""
            )


def test_the_settings_page_switches_the_page_on_and_adds_a_table(world, mediator, client_for):
    client = client_for(mediator)
    settings_url = reverse("opendata:public_settings") + f"?organisation={world.organisation.slug}"
    assert client.get(settings_url).status_code == 200
    client.post(settings_url, {"page-enabled": "on", "page-introduction": "Bienvenue."})
    response = client.post(
        reverse("opendata:public_figure_add") + f"?organisation={world.organisation.slug}",
        {
            "figure-title": "Par genre",
            "figure-first": "gender",
            "figure-months": "12",
            "figure-threshold": "5",
        },
    )
    assert response.status_code == 302
    page = Client().get(reverse("opendata:public_page", args=[world.organisation.slug])).content.decode()
    assert "Bienvenue." in page and "Par genre" in page
