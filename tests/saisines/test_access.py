"""Every role of a fund, and the mediator of another fund, on every saisine page and action:
allowed, refused (403: the saisine is visible but the role may not do that), or 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.saisines.enums import Status
from tests.factories import UserFactory
from tests.saisines.conftest import FUND_ROLES

pytestmark = pytest.mark.django_db

PAGES = ["list", "export_csv", "export_xlsx", "create", "import", "detail"]

# role -> status of each page in PAGES order, for a saisine of the fund
EXPECTED_PAGES = {
    "institutional_mediator": [200, 200, 200, 200, 200, 200],
    "assistant": [200, 200, 200, 200, 200, 200],
    "deputy": [200, 200, 200, 200, 200, 200],
    "director": [200, 200, 200, 404, 404, 200],
    "outsider": [200, 200, 200, 200, 200, 404],
}

# action -> (status the saisine must be in, fields to post without their prefix)
ACTIONS = {
    "add_note": (Status.RECEIVED, {"text": "Appel du requérant."}),
    "propose_equity": (Status.IN_INSTRUCTION, {"proposal": "Remise gracieuse."}),
    "decide_equity": (Status.PROPOSAL, {"accept": "yes", "motive": "Situation de précarité."}),
    "close": (Status.IN_INSTRUCTION, {"closed_on": "today", "outcome": "decision_upheld"}),
}

# role -> status of a POST of each action in ACTIONS order (302: done, then back to the page)
EXPECTED_ACTIONS = {
    "institutional_mediator": [302, 302, 403, 302],
    "assistant": [302, 403, 403, 302],
    "deputy": [302, 302, 403, 302],
    "director": [404, 404, 302, 404],
    "outsider": [404, 404, 404, 404],
}


@pytest.mark.parametrize("who", sorted(EXPECTED_PAGES))
def test_it_answers_each_page_as_the_role_allows(who, team, receive, client_for):
    saisine = receive()
    client = client_for(team.users[who])
    statuses = [
        client.get(reverse(f"saisines:{name}", args=[saisine.pk] if name == "detail" else [])).status_code
        for name in PAGES
    ]
    assert dict(zip(PAGES, statuses, strict=True)) == dict(zip(PAGES, EXPECTED_PAGES[who], strict=True))


@pytest.mark.parametrize("who", sorted(EXPECTED_ACTIONS))
def test_it_answers_each_action_as_the_role_allows(who, team, receive, advance, client_for):
    client = client_for(team.users[who])
    statuses = []
    for action, (status, fields) in ACTIONS.items():
        saisine = advance(receive(), status)
        today = timezone.localdate().isoformat()
        data = {f"{action}-{name}": today if value == "today" else value for name, value in fields.items()}
        statuses.append(client.post(reverse(f"saisines:{action}", args=[saisine.pk]), data).status_code)
    assert dict(zip(ACTIONS, statuses, strict=True)) == dict(zip(ACTIONS, EXPECTED_ACTIONS[who], strict=True))


def test_it_redirects_anonymous_visitors_to_the_login_page(team, receive, client):
    saisine = receive()
    for name in PAGES:
        response = client.get(reverse(f"saisines:{name}", args=[saisine.pk] if name == "detail" else []))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_it_answers_404_to_someone_without_any_role(team, receive, client_for):
    client = client_for(UserFactory(email="personne@lien.example"))
    saisine = receive()
    for name in PAGES:
        response = client.get(reverse(f"saisines:{name}", args=[saisine.pk] if name == "detail" else []))
        assert response.status_code == 404, name


@pytest.mark.parametrize("who", FUND_ROLES)
def test_it_shows_the_menu_entry_to_every_role_of_the_fund(who, team, client_for):
    response = client_for(team.users[who]).get(reverse("home"))
    assert response.context["nav"]["saisines"] is True
    assert reverse("saisines:list") in response.content.decode()


def test_it_hides_the_menu_entry_from_people_without_saisines(world, client_for):
    response = client_for(world.users["community_mediator"]).get(reverse("home"))
    assert response.context["nav"]["saisines"] is False
    assert reverse("saisines:list") not in response.content.decode()
