"""Every role × every page of community mediation (outreach, assessments, rights, participation,
consent): allowed, or answered 404. Written out by hand: the specification of who sees what."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.assessments.services import assessment_create
from lien.outreach.services import session_create
from lien.participation.services import testimony_save as save_testimony
from lien.rights.services import procedure_start

pytestmark = pytest.mark.django_db

PAGES = [
    ("outreach:list", None),
    ("outreach:create", None),
    ("outreach:quick", None),
    ("outreach:detail", "session"),
    ("assessments:list", None),
    ("assessments:person", "person"),
    ("assessments:create", "person"),
    ("assessments:detail", "assessment"),
    ("rights:list", None),
    ("rights:create", "person"),
    ("rights:detail", "procedure"),
    ("participation:index", None),
    ("participation:meeting_create", None),
    ("participation:relays", None),
    ("participation:testimonies", None),
    ("participation:testimony_detail", "testimony"),
    ("participation:advocacy", None),
    ("consent_record", "person"),
    ("consent_withdraw", "person"),
    ("information_text", None),
]
Y, N = 200, 404
# role -> status of each page in PAGES order, for objects of the role's own organisation ("asso")
EXPECTED = {
    #                       outreach----  assessments-  rights---  participation------  consent
    "community_mediator":  [Y, Y, Y, Y,   Y, Y, Y, Y,   Y, Y, Y,   Y, Y, Y, Y, Y, Y,   Y, Y, Y],
    "institutional_mediator": [N, N, N, N, N, N, N, N, N, N, N,  N, N, N, N, N, N,   Y, Y, Y],
    "assistant":           [N, N, N, N,   N, N, N, N,   Y, Y, Y,   N, N, N, N, N, N,   Y, Y, Y],
    "deputy":              [N, N, N, N,   N, N, N, N,   Y, Y, Y,   N, N, N, N, N, N,   Y, Y, Y],
    "director":            [N, N, N, N,   N, N, N, N,   N, N, N,   Y, N, N, N, N, Y,   N, N, N],
    "coordinator":         [N, N, N, N,   N, N, N, N,   N, N, N,   Y, N, N, N, N, Y,   N, N, N],
    "patient_partner":     [N, N, N, N,   N, N, N, N,   N, N, N,   N, N, N, N, N, N,   N, N, N],
    "volunteer":           [Y, Y, Y, Y,   N, N, N, N,   N, N, N,   Y, Y, Y, N, N, N,   Y, Y, Y],
    "admin":               [N, N, N, N,   N, N, N, N,   N, N, N,   N, N, N, N, N, N,   N, N, N],
    "regional_coordinator": [N, N, N, N,  N, N, N, N,   N, N, N,   Y, N, N, N, N, Y,   N, N, N],
    # A mediator elsewhere: their own lists and forms, nothing of "asso".
    "outsider":            [Y, Y, Y, N,   Y, N, N, N,   Y, N, N,   Y, Y, Y, Y, N, Y,   N, N, Y],
    "nobody":              [N, N, N, N,   N, N, N, N,   N, N, N,   N, N, N, N, N, N,   N, N, N],
}  # fmt: skip


@pytest.fixture
def objects(world, person):
    mediator = world.users["community_mediator"]
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=timezone.localdate(),
        place="Mairie",
    )
    assessment = assessment_create(acting_user=mediator, person=person, assessed_on=date(2025, 1, 2))
    procedure = procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 1, 2))
    testimony, _findings = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 1, 2),
        text="Loin.",
    )
    return {
        "person": person,
        "session": session,
        "assessment": assessment,
        "procedure": procedure,
        "testimony": testimony,
    }


def _url(name: str, arg: str | None, objects) -> str:
    return reverse(name, args=[objects[arg].pk]) if arg else reverse(name)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_answers_each_community_page_as_the_role_allows(who, world, objects, client_for):
    client = client_for(world.users[who])
    statuses = {name: client.get(_url(name, arg, objects)).status_code for name, arg in PAGES}
    assert statuses == dict(zip([name for name, _ in PAGES], EXPECTED[who], strict=True))


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_shows_the_menu_entries_the_role_may_open(who, world, objects, client_for):
    page = client_for(world.users[who]).get(reverse("home")).content.decode()
    expected = dict(zip([name for name, _ in PAGES], EXPECTED[who], strict=True))
    assert (reverse("outreach:list") in page) is (expected["outreach:list"] == Y)
    assert (reverse("rights:list") in page) is (expected["rights:list"] == Y)
    assert (reverse("participation:index") in page) is (expected["participation:index"] == Y)


def test_it_sends_anonymous_visitors_to_the_login_page(objects, client):
    for name, arg in PAGES:
        response = client.get(_url(name, arg, objects))
        assert response.status_code == 302, name
