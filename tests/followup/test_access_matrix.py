"""Every role × every page and endpoint of the community follow-up (followup, orientations,
appointments, prevention, activity): allowed, or 404 (never a leak). Written out by hand."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.followup.services import contact_record
from lien.orientations.services import orientation_create
from lien.prevention.services import rapid_test_record
from tests.community import book, followed_person

pytestmark = pytest.mark.django_db

PAGES = [
    "call_list",
    "person_followup",
    "contact_add",
    "orientation_list",
    "orientation_detail",
    "orientation_create",
    "agenda",
    "appointment_detail",
    "appointment_create",
    "prevention_home",
    "test_create",
    "test_detail",
    "programme_report",
]

# role -> status of each page in PAGES order, for a person of the role's organisation ("asso").
EXPECTED = {
    "community_mediator": [200] * 13,
    "institutional_mediator": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "assistant": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "deputy": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 200],
    "director": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "coordinator": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "patient_partner": [404] * 13,
    # Records tests and sees the result of the one they performed; no other follow-up data.
    "volunteer": [404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200, 200, 404],
    "admin": [404] * 13,
    "regional_coordinator": [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    # A mediator of another organisation: their own lists, nothing of this one.
    "outsider": [200, 404, 404, 200, 404, 404, 200, 404, 404, 200, 200, 404, 200],
    "nobody": [404] * 13,
}

ENDPOINTS = ["followup", "orientation", "appointment", "test", "report"]

EXPECTED_API = {
    "community_mediator": [200, 200, 200, 200, 200],
    "institutional_mediator": [404, 404, 404, 404, 200],
    "assistant": [200, 200, 200, 404, 200],
    "deputy": [200, 200, 200, 404, 200],
    "director": [404, 404, 404, 404, 200],
    "coordinator": [404, 404, 404, 404, 200],
    "patient_partner": [404, 404, 404, 404, 404],
    "volunteer": [404, 404, 404, 200, 404],
    "admin": [404, 404, 404, 404, 404],
    "regional_coordinator": [404, 404, 404, 404, 200],
    "outsider": [404, 404, 404, 404, 404],
    "nobody": [404, 404, 404, 404, 404],
}


@pytest.fixture
def objects(world):
    mediator = world.users["community_mediator"]
    person = followed_person(world)
    today = timezone.localdate()
    contact_record(acting_user=mediator, person=person, on=today, channel="phone")
    orientation = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=today,
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )
    appointment = book(world, person, timezone.now() + timedelta(days=2))
    test = rapid_test_record(
        acting_user=world.users["volunteer"],
        person=person,
        kind="hiv",
        result="non_reactive",
        performed_on=today,
    )
    return {"person": person, "orientation": orientation, "appointment": appointment, "test": test}


def _url(name: str, objects) -> str:
    person, orientation = objects["person"], objects["orientation"]
    return {
        "call_list": reverse("followup:call_list"),
        "person_followup": reverse("followup:person", args=[person.pk]),
        "contact_add": reverse("followup:contact_add", args=[person.pk]),
        "orientation_list": reverse("orientations:list"),
        "orientation_detail": reverse("orientations:detail", args=[orientation.pk]),
        "orientation_create": reverse("orientations:create", args=[person.pk]),
        "agenda": reverse("appointments:agenda"),
        "appointment_detail": reverse("appointments:detail", args=[objects["appointment"].pk]),
        "appointment_create": reverse("appointments:create", args=[person.pk]),
        "prevention_home": reverse("prevention:home"),
        "test_create": reverse("prevention:test_create"),
        "test_detail": reverse("prevention:test_detail", args=[objects["test"].pk]),
        "programme_report": reverse("activity:report"),
    }[name]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_answers_each_page_as_the_role_allows(who, world, objects, client_for):
    client = client_for(world.users[who])
    statuses = [client.get(_url(name, objects)).status_code for name in PAGES]
    assert dict(zip(PAGES, statuses, strict=True)) == dict(zip(PAGES, EXPECTED[who], strict=True))


@pytest.mark.parametrize("who", sorted(EXPECTED_API))
def test_it_answers_each_endpoint_as_the_role_allows(who, world, objects, client_for):
    client = client_for(world.users[who])
    paths = [
        f"/api/v1/followup/people/{objects['person'].pk}",
        f"/api/v1/orientations/{objects['orientation'].pk}",
        f"/api/v1/appointments/{objects['appointment'].pk}",
        f"/api/v1/prevention/tests/{objects['test'].pk}",
        "/api/v1/activity/report?organisation=asso&start=2026-01-01&end=2026-06-30",
    ]
    statuses = [client.get(path).status_code for path in paths]
    assert dict(zip(ENDPOINTS, statuses, strict=True)) == dict(zip(ENDPOINTS, EXPECTED_API[who], strict=True))


def test_anonymous_visitors_are_sent_to_the_login_page_or_get_401(db, client, objects):
    for name in PAGES:
        response = client.get(_url(name, objects))
        assert response.status_code == 302, name
    assert client.get(f"/api/v1/followup/people/{objects['person'].pk}").status_code == 401


@pytest.mark.parametrize(
    "who", ["community_mediator", "assistant", "volunteer", "director", "outsider", "nobody"]
)
def test_the_menu_shows_only_what_the_role_opens(who, world, client_for):
    page = client_for(world.users[who]).get(reverse("home")).content.decode()
    menu = page[page.index('<nav aria-label="Navigation principale">') : page.index("</nav>")]
    shown = {
        label for label in ["Suivi", "Agenda", "Prévention", "Activité du programme"] if f">{label}<" in menu
    }
    expected = {
        "community_mediator": {"Suivi", "Agenda", "Prévention", "Activité du programme"},
        "assistant": {"Suivi", "Agenda", "Prévention", "Activité du programme"},
        "volunteer": {"Prévention"},
        "director": {"Activité du programme"},
        "outsider": {"Suivi", "Agenda", "Prévention", "Activité du programme"},
        "nobody": set(),
    }[who]
    assert shown == expected
