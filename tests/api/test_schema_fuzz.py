"""Schema fuzzing of the API (schemathesis): every check on, over every operation of
/api/v1/openapi.json. A request the schema calls valid is accepted (or refused for want of a
right or of an object), a request it calls invalid is refused, and every answer — status, media
type, headers, body — is one the schema documents. Never a 500."""

import os
import re
from collections import Counter
from datetime import date, timedelta

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lien.accounts.enums import Role
from lien.accounts.services import api_token_create, user_add
from lien.api.routers.opendata import DIMENSIONS_PATTERN
from lien.assessments.services import assessment_create
from lien.outreach.services import session_create
from lien.participation import services as participation
from lien.people.services import ConsentInput, person_create
from lien.saisines.services import saisine_receive
from lien.wsgi import application
from tests.factories import CommuneFactory, OrganisationFactory

# A schema-valid request may be refused for want of credentials (401), of a right (403), of the
# object it names (404), or because the case is not in a state where the action is open (409).
# Anything else (400, 422…) would be a constraint the schema does not tell.
ACCEPTED = ["2xx", "401", "403", "404", "409"]

SETTINGS = {
    "checks": {"enabled": True, "positive_data_acceptance": {"expected-statuses": ACCEPTED}},
    "generation": {"mode": "all", "allow-x00": not os.environ.get("FUZZ_NO_X00")},
}
CONFIG = SchemathesisConfig.from_dict(SETTINGS)
# Without credentials every request stops at the 401: the coverage phase's thousands of boundary
# values would only test that again.
ANONYMOUS_CONFIG = SchemathesisConfig.from_dict({**SETTINGS, "phases": {"coverage": {"enabled": False}}})

# Examples per operation and phase, drawn the same at every run; FUZZ_EXAMPLES=200 for a deeper,
# random run by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 25))
RANDOM = "FUZZ_EXAMPLES" in os.environ
CONSENT_ON = date(2024, 1, 2)
CASES: Counter[str] = Counter()


def _schema(config: SchemathesisConfig):
    # As Django's test client does: requests must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, settings):
    # The fuzz sends thousands of invalid tokens on purpose (its authentication checks): the
    # throttle of bad tokens per address would answer 429 to the rest of the run. The throttle
    # itself is tested in tests/accounts/test_tokens.py.
    settings.LIEN_BAD_TOKEN_LIMIT = 10**9
    settings.LIEN_API_ACCOUNT_LIMIT = 10**9
    yield from _schema(CONFIG)


@pytest.fixture
def anonymous_api_schema(db, settings):
    settings.LIEN_BAD_TOKEN_LIMIT = 10**9
    settings.LIEN_API_ACCOUNT_LIMIT = 10**9
    yield from _schema(ANONYMOUS_CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")
anonymous_schema = schemathesis.pytest.from_fixture("anonymous_api_schema")
if os.environ.get("FUZZ_ONLY"):
    schema = schema.include(path_regex=os.environ["FUZZ_ONLY"])
    anonymous_schema = anonymous_schema.include(path_regex=os.environ["FUZZ_ONLY"])


@pytest.fixture
def token(db):
    """A community mediator of ``asso`` who is also the institutional mediator of a fund, and one
    object of each kind: small identifiers (1, 2…) then name existing objects."""
    organisation = OrganisationFactory(slug="asso")
    commune = CommuneFactory()
    user, _ = user_add(email="fuzz@lien.example", organisation=organisation, role=Role.COMMUNITY_MEDIATOR)
    fund = OrganisationFactory(slug="cpam-fuzz", fund=True)
    user_add(email="fuzz@lien.example", organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    person = person_create(
        acting_user=user,
        organisation=organisation,
        consent=ConsentInput(given_on=CONSENT_ON, form="oral", advocacy_testimonies=True),
        first_name="Josette",
        commune=commune,
    )
    held_on = date(2025, 3, 4)
    session_create(
        acting_user=user,
        organisation=organisation,
        kind="street",
        held_on=held_on,
        place="Marché",
        team=[user],
    )
    meeting = participation.meeting_save(
        acting_user=user,
        organisation=organisation,
        kind="users_group",
        held_on=held_on,
        place="Local",
        attendance=8,
    )
    participation.relay_save(
        acting_user=user, organisation=organisation, commune=commune, name="Josiane", agreed_on=held_on
    )
    participation.testimony_save(
        acting_user=user,
        organisation=organisation,
        person=person,
        meeting=meeting,
        collected_on=held_on,
        text="Trois mois pour un rendez-vous.",
    )
    assessment_create(acting_user=user, person=person, assessed_on=held_on, barriers=["no_gp"])
    saisine_receive(
        acting_user=user,
        organisation=fund,
        received_on=date(2024, 1, 2),
        channel="email",
        author_type="insured",
        origin="direct",
        perimeter="first_intention",
        process="other",
    )
    _, clear = api_token_create(user=user, name="fuzz")
    return clear


# -- rules the schema states in words (JSON Schema cannot compare with today or another field) --

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(values, name: str) -> date | None:
    value = values.get(name) if isinstance(values, dict) else None
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:  # "2023-02-30": the schema's format refuses it already
            return None
    return None


def _within(values, name: str, earliest: date | None = None, latest: date | None = None) -> None:
    """A valid date of ``values[name]`` moved into [earliest, latest]."""
    day = _date(values, name)
    if day is not None:
        if latest is not None and day > latest:
            values[name] = latest.isoformat()
        elif earliest is not None and day < earliest:
            values[name] = earliest.isoformat()


def _not_future(*names: str, part: str = "body", ahead: int = 0):
    def rule(case):
        for name in names:
            _within(getattr(case, part), name, latest=timezone.localdate() + timedelta(days=ahead))

    return rule


def _relay(case):
    _not_future("agreed_on")(case)
    _within(case.body, "ended_on", earliest=_date(case.body, "agreed_on"))


def _person(case):
    if isinstance(case.body, dict):
        _within(case.body.get("consent"), "given_on", latest=timezone.localdate())


def _withdrawal(case):
    _within(case.body, "withdrawn_on", earliest=CONSENT_ON, latest=timezone.localdate())


def _contact(case):
    _not_future("on")(case)
    _within(case.body, "next_contact_on", earliest=_date(case.body, "on") or timezone.localdate())


def _period(case):
    start = _date(case.query, "start")
    if start is not None:
        _within(case.query, "end", earliest=start, latest=start + timedelta(days=366 * 5))


def _open_data(case):
    """A schema-valid table request to the fuzz's association or fund: each dimension once, none
    that the population lacks, a threshold not below the instance's (the description says so)."""
    _period(case)
    query = case.query if isinstance(case.query, dict) else {}
    by = query.get("by")
    if isinstance(by, str) and re.fullmatch(DIMENSIONS_PATTERN, by):
        lacking = {"barrier"} if query.get("organisation") == "cpam-fuzz" else {"channel", "process"}
        query["by"] = (
            ",".join(name for name in dict.fromkeys(by.split(",")) if name not in lacking) or "gender"
        )
    threshold = str(query.get("threshold"))  # a number, or its text in a query string
    if re.fullmatch(r"[0-9]+", threshold) and 1 <= int(threshold) < django_settings.LIEN_OPEN_DATA_THRESHOLD:
        query["threshold"] = django_settings.LIEN_OPEN_DATA_THRESHOLD


def _document(case):
    """A file of an allowed kind: the schema says it in words (a PDF, an image, an office document
    whose content matches its suffix); the generated bytes made a PDF."""
    content = case.body.get("file") if isinstance(case.body, dict) else None
    if isinstance(content, bytes | str) and content:  # an empty one stays empty: it must fail
        case.body["file"] = b"%PDF-1.4\n" + (content.encode() if isinstance(content, str) else content)


RULES = {
    "POST /api/v1/saisines/{saisine_id}/actions/add_document": _document,
    "POST /api/v1/people": _person,
    "POST /api/v1/people/{person_id}/consents": _not_future("given_on"),
    "POST /api/v1/people/{person_id}/consent-withdrawal": _withdrawal,
    "POST /api/v1/outreach/sessions": _not_future("held_on", ahead=1),
    "PUT /api/v1/outreach/sessions/{session_id}": _not_future("held_on", ahead=1),
    "POST /api/v1/participation/meetings": _not_future("held_on"),
    "PUT /api/v1/participation/meetings/{meeting_id}": _not_future("held_on"),
    "POST /api/v1/participation/relays": _relay,
    "PUT /api/v1/participation/relays/{relay_id}": _relay,
    "POST /api/v1/participation/testimonies": _not_future("collected_on"),
    "PUT /api/v1/participation/testimonies/{testimony_id}": _not_future("collected_on"),
    "POST /api/v1/assessments": _not_future("assessed_on"),
    "PUT /api/v1/assessments/{assessment_id}": _not_future("assessed_on"),
    "GET /api/v1/activity/report": _period,
    "GET /api/v1/network": _period,
    "GET /api/v1/open-data": _open_data,
    "POST /api/v1/rights/procedures": _not_future("started_on"),
    "POST /api/v1/appointments/accompaniments": _not_future("on"),
    "POST /api/v1/prevention/advice": _not_future("given_on"),
    "POST /api/v1/prevention/tests": _not_future("performed_on"),
    "POST /api/v1/prevention/collective-actions": _not_future("held_on"),
    "POST /api/v1/followup/people/{person_id}/contacts": _contact,
    "POST /api/v1/followup/people/{person_id}/goals": _not_future("agreed_on"),
    "POST /api/v1/orientations": _not_future("oriented_on"),
}


@pytest.fixture(scope="module", autouse=True)
def report_cases(request):
    yield
    if CASES:
        plugins = request.config.pluginmanager
        counts = ", ".join(f"{kind} {count}" for kind, count in CASES.items())
        with plugins.get_plugin("capturemanager").global_and_fixture_disabled():  # shown when it passes too
            plugins.get_plugin("terminalreporter").write_line(
                f"schemathesis: {sum(CASES.values())} cases ({counts})"
            )


# A document's content is checked against its kind (a PDF, an image, an office document), which
# JSON Schema cannot state: the rule above makes most generated files PDFs, and for this operation
# a refused file is not counted as a valid request rejected (every other check still runs).
EXCLUDED_CHECKS = {"POST /api/v1/saisines/{saisine_id}/actions/add_document": [positive_data_acceptance]}


def _call(case, kind: str, headers: dict | None = None):
    """One case against the world of the fixtures, rolled back afterwards: every example meets the
    same data, so that a failure replays."""
    CASES[kind] += 1
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    rule = RULES.get(operation)
    if rule is not None:
        rule(case)
    with transaction.atomic():
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS.get(operation))
        transaction.set_rollback(True)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=not RANDOM, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_it_answers_as_its_schema_says(case, token):
    _call(case, "authenticated", {"Authorization": f"Bearer {token}"})


@anonymous_schema.parametrize()
@settings(max_examples=5, derandomize=not RANDOM, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_anonymous_calls_as_its_schema_says(case):
    _call(case, "anonymous")
