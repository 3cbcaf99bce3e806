"""Deadlines of a saisine (DOMAIN.md §2.3): calendar days, stored when the saisine is written."""

from datetime import date

import pytest

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.saisines import deadlines
from lien.saisines.access import get_saisine_for_user
from lien.saisines.models import MediationSettings, Saisine
from lien.saisines.services import (
    saisine_acknowledge,
    saisine_close,
    saisine_declare_receivable,
    saisine_receive,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return OrganisationFactory(slug="cpam-delais", name="CPAM des Délais", fund=True)


@pytest.fixture
def mediator(fund):
    user = UserFactory(email="mediateur@cpam-delais.example")
    membership_add(user=user, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return user


def _receive(mediator, fund, received_on: date) -> Saisine:
    return saisine_receive(
        acting_user=mediator,
        organisation=fund,
        received_on=received_on,
        channel="email",
        author_type="insured",
        origin="direct",
        perimeter="first_intention",
        process="other",
    )


@pytest.mark.parametrize(
    ("received_on", "days", "due_on"),
    [
        (date(2023, 1, 28), 7, date(2023, 2, 4)),  # across a month end
        (date(2023, 4, 27), 7, date(2023, 5, 4)),  # a 30-day month
        (date(2024, 2, 26), 7, date(2024, 3, 4)),  # leap year: 29 February counts
        (date(2023, 2, 26), 7, date(2023, 3, 5)),  # common year
        (date(2024, 2, 29), 21, date(2024, 3, 21)),  # from the leap day itself
        (date(2024, 2, 29), 7, date(2024, 3, 7)),
        (date(2023, 12, 28), 7, date(2024, 1, 4)),  # across the year end
        (date(2023, 12, 20), 21, date(2024, 1, 10)),
        (date(2023, 12, 31), 14, date(2024, 1, 14)),
        (date(2023, 3, 11), 7, date(2023, 3, 18)),  # a Saturday: weekends count
    ],
)
def test_it_counts_calendar_days(received_on, days, due_on):
    assert deadlines.due_date(received_on, days) == due_on


def test_it_uses_seven_and_twenty_one_days_by_default(fund, mediator):
    saisine = _receive(mediator, fund, date(2024, 2, 26))
    saisine.refresh_from_db()
    assert saisine.answer_due_on == date(2024, 3, 4)
    assert saisine.objective_due_on == date(2024, 3, 18)


def test_it_stores_the_deadlines_of_the_organisation_settings(fund, mediator):
    MediationSettings.objects.create(organisation=fund, answer_days=7, objective_days=14)
    saisine = _receive(mediator, fund, date(2022, 12, 20))
    stored = Saisine.objects.values("answer_due_on", "objective_due_on").get(pk=saisine.pk)
    assert stored == {"answer_due_on": date(2022, 12, 27), "objective_due_on": date(2023, 1, 3)}


def test_it_uses_the_settings_of_the_saisine_organisation_only(fund, mediator):
    MediationSettings.objects.create(
        organisation=OrganisationFactory(slug="cpam-voisine", fund=True), answer_days=3, objective_days=10
    )
    saisine = _receive(mediator, fund, date(2023, 1, 28))
    assert (saisine.answer_due_on, saisine.objective_due_on) == (date(2023, 2, 4), date(2023, 2, 18))


def test_it_does_not_change_the_deadlines_on_read_when_the_settings_change(fund, mediator):
    settings = MediationSettings.objects.create(organisation=fund, answer_days=7, objective_days=14)
    saisine = _receive(mediator, fund, date(2024, 2, 26))
    settings.answer_days, settings.objective_days = 10, 30
    settings.save()

    read = get_saisine_for_user(mediator, saisine.pk)
    assert (read.answer_due_on, read.objective_due_on) == (date(2024, 3, 4), date(2024, 3, 11))
    assert list(Saisine.objects.values_list("answer_due_on", "objective_due_on")) == [
        (date(2024, 3, 4), date(2024, 3, 11))
    ]
    # A saisine received after the change gets the new deadlines.
    later = _receive(mediator, fund, date(2024, 2, 26))
    assert (later.answer_due_on, later.objective_due_on) == (date(2024, 3, 7), date(2024, 3, 27))


@pytest.mark.parametrize(
    ("acknowledged_on", "closed_on", "expected"),
    [
        (None, None, None),
        (date(2024, 3, 1), None, date(2024, 3, 1)),
        (None, date(2024, 3, 2), date(2024, 3, 2)),
        (date(2024, 3, 1), date(2024, 3, 20), date(2024, 3, 1)),
        (date(2024, 3, 10), date(2024, 3, 4), date(2024, 3, 4)),  # closure before any acknowledgement
        (date(2024, 3, 4), date(2024, 3, 4), date(2024, 3, 4)),
    ],
)
def test_it_takes_the_acknowledgement_or_the_closure_if_earlier_as_first_answer(
    acknowledged_on, closed_on, expected
):
    assert deadlines.first_answer(acknowledged_on, closed_on) == expected


def test_it_stores_the_first_answer_and_its_delay(fund, mediator):
    saisine = _receive(mediator, fund, date(2024, 2, 26))
    assert (saisine.first_answer_on, saisine.answer_delay_days) == (None, None)
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    saisine_acknowledge(
        acting_user=mediator, saisine=saisine, acknowledged_on=date(2024, 3, 4), suspended_appeals=[]
    )
    saisine_close(
        acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 20), outcome="decision_upheld"
    )

    stored = Saisine.objects.values(
        "first_answer_on", "answer_delay_days", "processing_delay_days", "answer_due_on"
    ).get(pk=saisine.pk)
    assert stored == {
        "first_answer_on": date(2024, 3, 4),
        "answer_delay_days": 7,
        "processing_delay_days": 23,
        "answer_due_on": date(2024, 3, 4),
    }


def test_it_counts_a_closure_without_acknowledgement_as_the_first_answer(fund, mediator):
    saisine = _receive(mediator, fund, date(2023, 12, 28))
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    saisine_close(acting_user=mediator, saisine=saisine, closed_on=date(2024, 1, 2), outcome="abandoned")
    saisine.refresh_from_db()
    assert (saisine.first_answer_on, saisine.answer_delay_days, saisine.processing_delay_days) == (
        date(2024, 1, 2),
        5,
        5,
    )
