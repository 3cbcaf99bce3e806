"""The volunteers' time of a session: entered with a French decimal comma, refused out of range
with a French message (form, service, database), shown on the session's page."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lien.outreach.models import OutreachSession
from lien.outreach.services import VOLUNTEER_HOURS_RANGE, session_create, session_update

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def session(world, mediator):
    return session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="food_distribution",
        held_on=TODAY,
        place="Distribution de colis",
        volunteer_hours=Decimal("6"),
    )


def _form(world, session, hours: str) -> dict:
    return {
        "organisation": world.organisation.pk,
        "kind": session.kind,
        "held_on": session.held_on.isoformat(),
        "place": session.place,
        "volunteer_hours": hours,
    }


def test_the_form_takes_hours_with_a_french_decimal_comma(world, mediator, client_for):
    client = client_for(mediator)
    page = client.get(reverse("outreach:create")).content.decode()
    assert "Temps bénévole (heures)" in page
    assert "Toutes les personnes bénévoles de la sortie ensemble, par exemple 7,5." in page
    response = client.post(
        reverse("outreach:create"),
        {
            "organisation": world.organisation.pk,
            "kind": "street",
            "held_on": TODAY.isoformat(),
            "place": "Marché",
            "volunteer_hours": "7,5",
        },
    )
    assert response.status_code == 302
    session = OutreachSession.objects.get()
    assert session.volunteer_hours == Decimal("7.5")
    detail = client.get(reverse("outreach:detail", args=[session.pk])).content.decode()
    assert "<dt>Temps bénévole</dt><dd>7,5 h</dd>" in detail


def test_the_edit_form_shows_the_hours_with_a_comma_and_empties_them(world, session, mediator, client_for):
    client = client_for(mediator)
    url = reverse("outreach:edit", args=[session.pk])
    session.volunteer_hours = Decimal("7.5")
    session.save(update_fields=["volunteer_hours"])
    assert 'value="7,5"' in client.get(url).content.decode()
    assert client.post(url, _form(world, session, "")).status_code == 302
    session.refresh_from_db()
    assert session.volunteer_hours is None  # « non renseigné », not 0
    detail = client.get(reverse("outreach:detail", args=[session.pk])).content.decode()
    assert "<dt>Temps bénévole</dt><dd>Non renseigné</dd>" in detail


@pytest.mark.parametrize(
    "hours,message",
    [
        ("-1", "Le temps bénévole ne peut pas être négatif."),
        ("abc", "Indiquez un nombre d&#x27;heures, par exemple 7,5."),
        ("2000,5", "Le temps bénévole d&#x27;une sortie ne peut pas dépasser 2\u00a0000 heures."),
        ("7,25", "Indiquez les heures avec une décimale au plus, par exemple 7,5."),
    ],
)
def test_the_form_refuses_hours_out_of_range_and_changes_nothing(
    hours, message, world, session, mediator, client_for
):
    url = reverse("outreach:edit", args=[session.pk])
    response = client_for(mediator).post(url, _form(world, session, hours) | {"place": "Ailleurs"})
    assert response.status_code == 200
    assert message in response.content.decode()
    session.refresh_from_db()
    assert (session.volunteer_hours, session.place) == (Decimal("6.0"), "Distribution de colis")


@pytest.mark.parametrize("hours", [Decimal("-0.1"), Decimal("2000.1"), float("nan"), -1])
def test_the_service_refuses_hours_out_of_range(hours, session, mediator):
    with pytest.raises(ValidationError) as error:
        session_update(
            acting_user=mediator,
            session=session,
            kind=session.kind,
            held_on=session.held_on,
            place=session.place,
            volunteer_hours=hours,
        )
    assert error.value.message_dict == {"volunteer_hours": [VOLUNTEER_HOURS_RANGE]}
    session.refresh_from_db()
    assert session.volunteer_hours == Decimal("6.0")


def test_the_service_keeps_hours_to_the_tenth(session, mediator):
    for given, kept in [(7.25, Decimal("7.3")), (2000, Decimal("2000.0")), (0, Decimal("0.0")), (None, None)]:
        session_update(
            acting_user=mediator,
            session=session,
            kind=session.kind,
            held_on=session.held_on,
            place=session.place,
            volunteer_hours=given,
        )
        session.refresh_from_db()
        assert session.volunteer_hours == kept, given


@pytest.mark.parametrize("hours", [Decimal("-1"), Decimal("2000.1")])
def test_the_database_refuses_hours_out_of_range(hours, session):
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachSession.objects.filter(pk=session.pk).update(volunteer_hours=hours)
