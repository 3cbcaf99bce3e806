"""The access matrix: every named route and every API operation, read from the URL resolver and
from the API's routers, × every actor of tests/access/world.py, against the table of
tests/access/expectations.py.

One test per route or operation asks it as each actor in turn (each request in a savepoint rolled
back); the world is built once for the module. A route or operation without a line in the table,
or a line without its route, fails the suite.
"""

import re
from collections import Counter
from html import unescape

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.access.check import REFUSALS, Outcome, actor_label, api_request, route_path, send
from tests.access.expectations import (
    LOGIN,
    OPEN_DATA_ANYWHERE,
    OPERATIONS,
    PROGRAMME_READERS,
    ROUTES,
    SAISINE_EDITORS,
    SAISINE_READERS,
    STATISTICS_ANYWHERE,
    Expect,
)
from tests.access.routes import api_operations, named_routes
from tests.access.world import ACTORS, ALL_ACTORS, ANONYMOUS

pytestmark = pytest.mark.django_db

FOUND_ROUTES, UNNAMED = named_routes()
FOUND_OPERATIONS = api_operations()
CHECKED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_pairs(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if CHECKED and reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\naccess matrix: {sum(CHECKED.values())} (route or operation) × actor pairs checked "
                f"({CHECKED['route']} on {len(FOUND_ROUTES)} routes, {CHECKED['operation']} on "
                f"{len(FOUND_OPERATIONS)} API operations, {len(ALL_ACTORS)} actors)"
            )


def expected(expect: Expect, actor: str, *, api: bool) -> int | str:
    if actor in expect.statuses:
        return expect.statuses[actor]
    if actor == ANONYMOUS and not expect.public:
        return 401 if api else LOGIN
    if actor in expect.allowed or actor == ANONYMOUS:
        return expect.ok
    return expect.refused


def _refused(expect: Expect, actor: str) -> bool:
    return actor not in expect.allowed and not (actor == ANONYMOUS and expect.public)


def _check(expect: Expect, actor: str, outcome: Outcome, *, api: bool) -> list[str]:
    want = expected(expect, actor, api=api)
    problems = []
    if not outcome.matches(want):
        problems.append(f"{actor_label(actor)}: expected {want}, got {outcome}")
    if _refused(expect, actor) and outcome.wrote:
        problems.append(f"{actor_label(actor)}: refused ({outcome.status}) but wrote to the database")
    if not expect.cacheable and "no-store" not in outcome.cache_control:
        problems.append(f"{actor_label(actor)}: kept in caches (Cache-Control « {outcome.cache_control} »)")
    if api and outcome.status in REFUSALS and '"detail"' not in outcome.detail:
        problems.append(f"{actor_label(actor)}: an API refusal must say why in JSON ({outcome})")
    return problems


@pytest.mark.parametrize("name", sorted(FOUND_ROUTES.keys() & ROUTES.keys()))
def test_it_answers_each_page_as_the_table_declares(world, name):
    route, expect = FOUND_ROUTES[name], ROUTES[name]
    path = route_path(world, route, expect)
    data = {"data": dict(expect.data)} if expect.method == "POST" else {}
    problems = []
    for actor in ALL_ACTORS:
        outcome = send(world, actor, expect.method, path, **data)
        problems += _check(expect, actor, outcome, api=False)
    CHECKED["route"] += len(ALL_ACTORS)
    if expect.method == "POST":  # an action is never done by following a link
        someone = next(iter(sorted(expect.allowed)), "community_mediator")
        outcome = send(world, someone, "GET", path)
        if outcome.status != 405:
            problems.append(f"GET by {someone}: expected 405 (an action answers POST only), got {outcome}")
    assert not problems, f"{name} ({path}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("key", sorted(FOUND_OPERATIONS.keys() & OPERATIONS.keys()))
def test_it_answers_each_api_operation_as_the_table_declares(world, key):
    operation, expect = FOUND_OPERATIONS[key], OPERATIONS[key]
    path, kwargs = api_request(world, operation, expect)
    problems = []
    for actor in ALL_ACTORS:
        outcome = send(world, actor, operation.method, path, **kwargs)
        problems += _check(expect, actor, outcome, api=True)
    CHECKED["operation"] += len(ALL_ACTORS)
    assert not problems, f"{key} ({path}):\n  " + "\n  ".join(problems)


def test_it_declares_an_expectation_for_every_named_route():
    missing = sorted(FOUND_ROUTES.keys() - ROUTES.keys())
    gone = sorted(ROUTES.keys() - FOUND_ROUTES.keys())
    assert not missing, (
        "Routes without an access expectation: declare who gets in (and how the others are refused) "
        f"in tests/access/expectations.py ROUTES: {missing}"
    )
    assert not gone, f"Expectations of routes that no longer exist (tests/access/expectations.py): {gone}"
    assert not UNNAMED, f"Routes without a name cannot be declared in the access matrix: {UNNAMED}"


def test_it_declares_an_expectation_for_every_api_operation():
    missing = sorted(FOUND_OPERATIONS.keys() - OPERATIONS.keys())
    gone = sorted(OPERATIONS.keys() - FOUND_OPERATIONS.keys())
    assert not missing, (
        "API operations without an access expectation: declare who gets in in "
        f"tests/access/expectations.py OPERATIONS: {missing}"
    )
    assert not gone, f"Expectations of API operations that no longer exist: {gone}"


def test_it_names_the_objects_of_each_path():
    for name, expect in ROUTES.items():
        route = FOUND_ROUTES.get(name)
        if route is not None:
            assert len(expect.args) == len(route.params), (
                f"{name}: {route.params} needs {len(route.params)} args"
            )


# -- what the matrix alone does not say ----------------------------------------------------------

# (list operation, detail operation of the object, the world's object)
LISTS = [
    ("/api/v1/people", "GET /api/v1/people/{person_id}", "person"),
    ("/api/v1/saisines", "GET /api/v1/saisines/{saisine_id}", "saisine"),
    ("/api/v1/directory/structures", "GET /api/v1/directory/structures/{structure_id}", "structure"),
    ("/api/v1/directory/services", "GET /api/v1/directory/services/{service_id}", "service"),
    ("/api/v1/outreach/sessions", "GET /api/v1/outreach/sessions/{session_id}", "session"),
    ("/api/v1/assessments", "GET /api/v1/assessments/{assessment_id}", "assessment"),
    ("/api/v1/rights/procedures", "GET /api/v1/rights/procedures/{procedure_id}", "procedure"),
    ("/api/v1/participation/meetings", "GET /api/v1/participation/meetings/{meeting_id}", "meeting"),
    (
        "/api/v1/participation/testimonies",
        "GET /api/v1/participation/testimonies/{testimony_id}",
        "testimony",
    ),
    ("/api/v1/orientations", "GET /api/v1/orientations/{orientation_id}", "orientation"),
    ("/api/v1/appointments", "GET /api/v1/appointments/{appointment_id}", "appointment"),
    ("/api/v1/prevention/tests", "GET /api/v1/prevention/tests/{test_id}", "test"),
    ("/api/v1/notifications", "POST /api/v1/notifications/{notification_id}/read", "notification"),
    (
        "/api/v1/workshops/programmes",
        "GET /api/v1/workshops/programmes/{programme_id}",
        "workshop_programme",
    ),
]


@pytest.mark.parametrize(("path", "detail", "name"), LISTS, ids=[path for path, _, _ in LISTS])
def test_it_lists_an_object_exactly_for_those_who_may_open_it(world, path, detail, name):
    problems = []
    for actor in ACTORS:
        response = world.clients[actor].get(path)
        assert response.status_code == 200, (actor, response.status_code)
        body = response.json()
        items = body["items"] if isinstance(body, dict) else body
        ids = {item.get("id") or item["service"]["id"] for item in items}  # search hits hold a service
        if (world[name].pk in ids) is not (actor in OPERATIONS[detail].allowed):
            problems.append(f"{actor}: {'listed' if world[name].pk in ids else 'not listed'}")
    assert not problems, f"{path}: {problems}"


NAV = re.compile(r'<nav aria-label="Navigation principale">(.*?)</nav>', re.S)
MENU_ROUTES = [
    "person_list",
    "saisines:list",
    "directory:search",
    "outreach:list",
    "rights:list",
    "participation:index",
    "followup:call_list",
    "appointments:agenda",
    "prevention:home",
    "statistics",
    "improvement_list",
    "journal",
    "partners:list",
    "partners:my_accompaniments",
    "workshops:list",
    "workshops:my_sessions",
    "advocacy:dossiers",
]
# Who sees each entry of the main menu: those the table lets into its page, and for the pages
# of the user's own organisation's figures (the table asks for the fund's or the association's),
# whoever has figures to read.
MENU = {name: ROUTES[name].allowed for name in MENU_ROUTES} | {
    "report_annual": STATISTICS_ANYWHERE,
    "activity:report": PROGRAMME_READERS | {"outsider"},
    "admin:index": frozenset({"admin"}),
    # open_data.export anywhere: the page asks for the association's table
    "opendata:page": OPEN_DATA_ANYWHERE,
}


def test_it_shows_in_the_menu_exactly_the_pages_the_actor_may_open(world):
    problems = []
    for actor in ACTORS:
        page = unescape(world.clients[actor].get(reverse("home")).content.decode())
        links = set()
        for href in re.findall(r'href="([^"?#]+)', NAV.search(page).group(1)):
            try:
                links.add(resolve(href).view_name)
            except Resolver404:
                continue
        shown = links & MENU.keys()
        expected_entries = {name for name, readers in MENU.items() if actor in readers}
        if shown != expected_entries:
            problems.append(
                f"{actor}: extra {sorted(shown - expected_entries)}, "
                f"missing {sorted(expected_entries - shown)}"
            )
    assert not problems, "the main menu:\n  " + "\n  ".join(problems)


def test_it_opens_the_administration_site_to_administrators_only(world):
    for actor in ALL_ACTORS:
        response = world.clients[actor].get(reverse("admin:index"))
        expected_status = 200 if actor == "admin" else 302
        assert response.status_code == expected_status, actor


# The pages of the matrix name the association's person; the fund keeps files too (requesters).
FUND_PERSON = {
    "person_detail": SAISINE_READERS,
    "person_edit": SAISINE_EDITORS,
    "GET /api/v1/people/{person_id}": SAISINE_READERS,
}


def test_it_opens_the_fund_files_to_the_fund_team_only(world):
    requester = world["requester"].pk
    problems = []
    for target, readers in FUND_PERSON.items():
        path = (
            target.split()[1].format(person_id=requester)
            if " " in target
            else reverse(target, args=[requester])
        )
        for actor in ACTORS:
            status = send(world, actor, "GET", path).status
            if status != (200 if actor in readers else 404):
                problems.append(f"{target} as {actor}: {status}")
    assert not problems, problems
