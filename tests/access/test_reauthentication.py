"""Every bulk export, import and anonymisation asks for a recent confirmation of the password
(lien/accounts/reauth.py), read from the URL resolver: a new route whose name or path says export,
import, CSV, XLSX, exchange or anonymisation fails here unless it asks for it too.

Each such route is requested as every actor the access matrix lets in (tests/access/expectations.py),
logged in but without the confirmation: each is sent to the confirmation page (its access helper
may have journalled the read of the file, never more). The matrix itself runs with every actor
confirmed (tests/access/conftest.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.check import route_path, send
from tests.access.expectations import ROUTES
from tests.access.routes import named_routes

pytestmark = pytest.mark.django_db

FOUND_ROUTES, _UNNAMED = named_routes()
BULK = re.compile(r"export|import|csv|xlsx|anonymi|exchange|echanges|consentement/retrait", re.IGNORECASE)
BULK_ROUTES = sorted(
    name for name, route in FOUND_ROUTES.items() if BULK.search(name) or BULK.search(route.pattern)
)
# Read like a bulk route, and are not: one saisine's exchanges with a service (a letter, an answer).
NOT_BULK = {"saisines:request_exchange", "saisines:answer_exchange"}


def test_it_finds_the_bulk_routes_it_knows():
    assert set(BULK_ROUTES) - NOT_BULK >= {
        "consent_withdraw",
        "activity:report_xlsx",
        "opendata:csv",
        "opendata:xlsx",
        "saisines:export_csv",
        "saisines:export_xlsx",
        "saisines:import",
        "saisines:import_confirm",
        "directory:exchange",
    }


@pytest.mark.parametrize("name", [name for name in BULK_ROUTES if name not in NOT_BULK])
def test_a_bulk_route_asks_for_a_recent_confirmation(world, name):
    route, expect = FOUND_ROUTES[name], ROUTES[name]
    path = route_path(world, route, expect)
    data = {"data": dict(expect.data)} if expect.method == "POST" else {}
    assert expect.allowed, f"{name}: nobody may use it?"
    problems = []
    for actor in sorted(expect.allowed):
        confirmed = world.clients[actor]
        world.clients[actor] = Client()
        world.clients[actor].force_login(world.users[actor])
        try:
            outcome = send(world, actor, expect.method, path, **data)
        finally:
            world.clients[actor] = confirmed
        if not (outcome.status == 302 and outcome.location.startswith(reverse("reauthenticate"))):
            problems.append(f"{actor}: expected a redirect to the confirmation, got {outcome}")
    assert not problems, f"{name} ({path}):\n  " + "\n  ".join(problems)
