"""The programme's report counts the accompaniment of its patients by patient partners — the
proposals, consents, patients accompanied, the partners' meetings and their themes — and names no
one: the page shows the two tables beside the year before, the JSON has the same counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from lien.activity.report import programme_report
from lien.partners import services
from tests.activity.conftest import END, QUERY, START
from tests.factories import DRAWN_SIGNATURE, PersonFactory
from tests.partners.conftest import add_convention, add_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def accompanied(world):
    """Two patients of the association: one accompanied since March (two meetings in the period,
    one in 2025 — before), one proposed in May who has not answered."""
    coordinator, mediator = world.users["coordinator"], world.users["community_mediator"]
    partner = services.partner_create(
        acting_user=coordinator,
        organisation=world.organisation,
        first_name="Nadia",
        user=world.users["patient_partner"],
    )
    add_training(coordinator, partner, validated=True)
    add_convention(coordinator, partner, starts_on=date(2025, 1, 1))
    first, second = (
        PersonFactory(organisation=world.organisation),
        PersonFactory(organisation=world.organisation),
    )
    accompaniment = services.accompaniment_propose(
        acting_user=mediator, person=first, suggested=[partner], proposed_on=date(2026, 3, 2)
    )
    services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=date(2026, 3, 3),
        signed_name="Une patiente",
        signature=DRAWN_SIGNATURE,
    )
    services.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=partner, contacted_on=date(2026, 3, 5)
    )
    for day, themes in ((date(2026, 3, 20), ["morale"]), (date(2026, 5, 4), ["morale", "care_path"])):
        services.partner_meeting_record(
            acting_user=world.users["patient_partner"],
            accompaniment=accompaniment,
            met_on=day,
            duration_minutes=60,
            mode="in_person",
            themes=themes,
        )
    services.partner_difficulty_signal(
        acting_user=world.users["patient_partner"],
        accompaniment=accompaniment,
        kind="needs_help",
        signalled_on=date(2026, 5, 4),
    )
    services.accompaniment_propose(acting_user=mediator, person=second, proposed_on=date(2026, 5, 10))
    return accompaniment


def test_the_report_counts_the_accompaniment_by_patient_partners(world, accompanied):
    figures = programme_report(world.organisation, START, END)["patient_partners"]
    assert figures == {
        "proposals": 2,
        "consents": 1,
        "withdrawn": 0,
        "accompanied": 1,
        "meetings": 2,
        "meeting_minutes": 120,
        "meetings_by_theme": {
            "care_path": 1,
            "consultation": 0,
            "daily_life": 0,
            "administrative": 0,
            "morale": 2,
            "other": 0,
        },
        "difficulties": 1,
    }
    # A period after the withdrawal: no one accompanied any more.
    services.accompaniment_withdraw(
        acting_user=world.users["community_mediator"], accompaniment=accompanied, on=END
    )
    later = programme_report(world.organisation, END + timedelta(days=1), END + timedelta(days=30))
    assert later["patient_partners"]["accompanied"] == 0


def test_the_page_shows_the_tables_and_no_name(world, client_for, accompanied):
    response = client_for(world.users["community_mediator"]).get(reverse("activity:report"), QUERY)
    html = response.content.decode()
    assert "<caption>Accompagnement par des patient·es partenaires</caption>" in html
    assert "<caption>Thèmes des rencontres avec les patient·es partenaires</caption>" in html
    assert "Une patiente" not in html
