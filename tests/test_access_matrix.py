"""Every role × every page and endpoint that exists: allowed, or answered 404 (never a leak).

The expectations are written out by hand: they are the specification of the access model.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "me",
    "person_list",
    "person_create",
    "person_detail",
    "person_edit",
    "journal",
    "statistics",
]

# role -> status of each page in PAGES order, for a person of the role's own organisation
EXPECTED = {
    "community_mediator": [200, 200, 200, 200, 200, 200, 404, 200],
    "institutional_mediator": [200, 200, 200, 200, 200, 200, 404, 200],
    "assistant": [200, 200, 200, 200, 200, 200, 404, 200],
    "deputy": [200, 200, 200, 200, 200, 200, 404, 200],
    "director": [200, 200, 200, 404, 200, 404, 200, 200],
    "coordinator": [200, 200, 404, 404, 404, 404, 404, 200],
    "patient_partner": [200, 200, 404, 404, 404, 404, 404, 404],
    "volunteer": [200, 200, 200, 200, 200, 200, 404, 404],
    "admin": [200, 200, 404, 404, 404, 404, 200, 404],
    "regional_coordinator": [200, 200, 404, 404, 404, 404, 404, 200],
    "outsider": [200, 200, 200, 200, 404, 404, 404, 200],
    "nobody": [200, 200, 404, 404, 404, 404, 404, 404],
}

# role -> status of: GET /api/v1/people/{id}, POST /api/v1/people (in the role's organisation "asso")
EXPECTED_API = {
    "community_mediator": (200, 201),
    "institutional_mediator": (200, 201),
    "assistant": (200, 201),
    "deputy": (200, 201),
    "director": (200, 404),
    "coordinator": (404, 404),
    "patient_partner": (404, 404),
    "volunteer": (200, 201),
    "admin": (404, 404),
    "regional_coordinator": (404, 404),
    "outsider": (404, 404),
    "nobody": (404, 404),
}


def _url(name, person):
    if name in {"person_detail", "person_edit"}:
        return reverse(name, args=[person.pk])
    return reverse(name)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_it_answers_each_page_as_the_role_allows(who, world, person, client_for):
    client = client_for(world.users[who])
    statuses = [client.get(_url(name, person)).status_code for name in PAGES]
    assert dict(zip(PAGES, statuses, strict=True)) == dict(zip(PAGES, EXPECTED[who], strict=True))


@pytest.mark.parametrize("who", sorted(EXPECTED_API))
def test_it_answers_each_endpoint_as_the_role_allows(who, world, person, client_for):
    client = client_for(world.users[who])
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/communes?q=qui").status_code == 200
    detail = client.get(f"/api/v1/people/{person.pk}")
    consent = {"given_on": "2024-01-02", "form": "oral"}  # a community organisation keeps no file without
    created = client.post(
        "/api/v1/people",
        {"organisation": "asso", "first_name": "Nouveau", "consent": consent},
        content_type="application/json",
    )
    assert (detail.status_code, created.status_code) == EXPECTED_API[who]
    listed = client.get("/api/v1/people").json()
    visible = EXPECTED_API[who][0] == 200
    assert (person.pk in {item["id"] for item in listed["items"]}) is visible


def test_it_redirects_anonymous_visitors_to_the_login_page(db, person):
    from django.test import Client

    client = Client()
    for name in PAGES:
        response = client.get(_url(name, person))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


def test_it_answers_anonymous_api_calls_with_401_in_json(db, person):
    from django.test import Client

    for path in ["/api/v1/me", "/api/v1/people", f"/api/v1/people/{person.pk}"]:
        response = Client().get(path)
        assert response.status_code == 401
        assert "detail" in response.json()


def test_it_opens_the_administration_to_admins_only(world, client_for):
    assert client_for(world.users["admin"]).get(reverse("admin:index")).status_code == 200
    response = client_for(world.users["director"]).get(reverse("admin:index"))
    assert response.status_code == 302
