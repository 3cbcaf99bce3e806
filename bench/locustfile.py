"""The scenarios of `make bench`, one user class each; bench/run.py runs them one after the other.

By hand, against a server loaded with `lien bench-data`:
    BENCH_ACCOUNTS=var/bench-sqlite/bench/accounts.json \\
        locust -f bench/locustfile.py --headless -H http://127.0.0.1:8000 -u 2 -t 30s ApiHomeList

The API scenarios authenticate with the tokens of the accounts file; the page scenarios log in
as a few mediators (session cookies) and need the saisine pages under /saisines/. The community
scenarios (person search, call-back list, team agenda, programme report, directory search) use the
association network of `lien bench-data --people N` (the accounts file's "community").
Environment: BENCH_ACCOUNTS (required), BENCH_TIMINGS (a JSON file where every response time is
written, for exact percentiles), BENCH_MAX_REQUESTS (stop after that many), BENCH_WARMUP_SECONDS
(requests in the first seconds are not recorded).
"""

import json
import os
import random
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["BENCH_ACCOUNTS"]).read_text())
FUNDS = ACCOUNTS["funds"]
YEAR = int(ACCOUNTS["today"][:4]) - 1  # the last full year
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS") or 0)
WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP_SECONDS") or 0)
SEARCH_WORDS = ["médecin", "indemnités", "transport", "Vitale", "invalidité", "dentiste", "hospitalisation"]
SEARCH_STATUSES = ["", "closed", "in_instruction", "received"]
COMMUNITY = ACCOUNTS.get("community") or {"associations": [], "national": {}}
ASSOCIATIONS = COMMUNITY["associations"]
TODAY = date.fromisoformat(ACCOUNTS["today"])
RADII_KM = [10, 20, 30, 50]  # the page offers 5 to 100 km
# A need, or a whole category, as the directory page offers them.
THEMATICS = [
    "",
    "",
    "sante",
    "sante--acces-aux-soins",
    "sante--sante-mentale",
    "difficultes-administratives-ou-juridiques",
]

_started = time.monotonic()
_timings: dict[str, list[float]] = defaultdict(list)
_failures: dict[str, int] = defaultdict(int)
_environment: dict = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, context, **kwargs):
    if name == "login" or time.monotonic() - _started < WARMUP_SECONDS:
        return
    _timings[name].append(response_time)
    if exception:
        _failures[name] += 1
    if MAX_REQUESTS and sum(len(times) for times in _timings.values()) == MAX_REQUESTS:
        gevent.spawn(_environment["runner"].quit)


@events.init.add_listener
def _on_init(environment, **kwargs):
    _environment["runner"] = environment.runner


@events.quitting.add_listener
def _write_timings(environment, **kwargs):
    if path := os.environ.get("BENCH_TIMINGS"):
        Path(path).write_text(json.dumps({"timings": _timings, "failures": _failures}))


class ApiUser(HttpUser):
    abstract = True
    wait_time = between(0.05, 0.2)

    def api_get(self, path: str, token: str, name: str, params: dict | None = None) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with self.client.get(
            path, params=params, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class ApiHomeList(ApiUser):
    @task
    def home_list(self):
        self.api_get("/api/v1/saisines", random.choice(FUNDS)["token"], "home list (API)")


class ApiLateQueue(ApiUser):
    @task
    def late_queue(self):
        fund = random.choice(FUNDS)
        self.api_get("/api/v1/saisines", fund["token"], "late queue (API)", {"queue": "late"})


class ApiSearch(ApiUser):
    @task
    def search(self):
        fund = random.choice(FUNDS)
        params = {"q": _search_in(fund), "status": random.choice(SEARCH_STATUSES)}
        params = {name: value for name, value in params.items() if value}  # the API refuses status=""
        self.api_get("/api/v1/saisines", fund["token"], "search (API)", params)


class ApiSaisine(ApiUser):
    @task
    def saisine(self):
        fund = random.choice(FUNDS)
        saisine_id = random.choice(fund["saisine_ids"])
        self.api_get(f"/api/v1/saisines/{saisine_id}", fund["token"], "saisine (API)")


class ApiFundReport(ApiUser):
    @task
    def report(self):
        fund = random.choice(FUNDS)
        params = {"organisation": fund["slug"], "year": YEAR}
        self.api_get("/api/v1/reports/annual", fund["token"], "annual report, fund (API)", params)


class ApiNationalReport(ApiUser):
    @task
    def report(self):
        national = ACCOUNTS["national"]
        params = {"organisation": national["slug"], "year": YEAR}
        self.api_get("/api/v1/reports/annual", national["token"], "annual report, national (API)", params)


def _search_in(fund: dict) -> str:
    pick = random.random()
    if pick < 0.4 and fund["names"]:
        return random.choice(fund["names"])
    if pick < 0.8:
        return random.choice(SEARCH_WORDS)
    return random.choice(fund["references"])


class PageUser(HttpUser):
    """Logged in (session cookie) as a few mediators, one of them at random for each page."""

    abstract = True
    wait_time = between(0.05, 0.2)
    accounts = FUNDS  # those of the associations for the community pages

    def on_start(self):
        self.sessions = []
        for fund in random.sample(self.accounts, k=min(5, len(self.accounts))):
            self.client.cookies.clear()
            self.client.get("/compte/connexion/", name="login")
            data = {
                "username": fund["email"],
                "password": ACCOUNTS["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            }
            self.client.post("/compte/connexion/", data=data, name="login", allow_redirects=False)
            if session := self.client.cookies.get("sessionid"):
                self.sessions.append((fund, session))
        self.client.cookies.clear()
        if not self.sessions:
            raise RuntimeError("No mediator could log in.")

    def page(self, path: str, name: str, params: dict | None = None, fund_session=None) -> None:
        fund, session = fund_session or random.choice(self.sessions)
        cookies = {"sessionid": session}
        with self.client.get(
            path, params=params, cookies=cookies, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
        self.client.cookies.clear()


class PageHomeList(PageUser):
    @task
    def home_list(self):
        self.page("/saisines/", "home list (page)")


class PageSearch(PageUser):
    @task
    def search(self):
        fund, session = random.choice(self.sessions)
        params = {"q": _search_in(fund), "status": random.choice(SEARCH_STATUSES)}
        self.page("/saisines/", "search (page)", params, (fund, session))


class PageSaisine(PageUser):
    @task
    def saisine(self):
        fund, session = random.choice(self.sessions)
        saisine_id = random.choice(fund["saisine_ids"])
        self.page(f"/saisines/{saisine_id}/", "saisine (page)", fund_session=(fund, session))


# --- the association network (community mediation) ------------------------------------------


def _person_query(association: dict) -> str:
    """A name of the association's people, whole or its first letters as one types them."""
    name = random.choice(association["names"])
    return name if random.random() < 0.7 else name[:4]


def _week() -> str:
    """The Monday of this week (half the time), of one of the last 52 weeks or the next 4."""
    monday = TODAY - timedelta(days=TODAY.weekday())
    if random.random() < 0.5:
        return monday.isoformat()
    return (monday + timedelta(weeks=random.randint(-52, 4))).isoformat()


def _around(association: dict) -> dict:
    """Services around a commune where the association has structures, within a radius."""
    params = {"commune": random.choice(association["communes"]), "radius_km": random.choice(RADII_KM)}
    if thematic := random.choice(THEMATICS):
        params["thematic"] = thematic
    return params


def _last_year() -> dict:
    return {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31"}


class ApiPersonSearch(ApiUser):
    @task
    def search(self):
        association = random.choice(ASSOCIATIONS)
        params = {"q": _person_query(association)}
        self.api_get("/api/v1/people", association["token"], "person search (API)", params)


class ApiCallbacks(ApiUser):
    """The mediator's own call-back list: the urgent reasons, the ruptures, the calls due."""

    @task
    def callbacks(self):
        association = random.choice(ASSOCIATIONS)
        self.api_get("/api/v1/followup/callbacks", association["token"], "call-back list, mine (API)")


class ApiCallbacksTeam(ApiUser):
    """The whole team's call-back list: every rupture of follow-up of the association."""

    @task
    def callbacks(self):
        association = random.choice(ASSOCIATIONS)
        name = "call-back list, team (API)"
        self.api_get("/api/v1/followup/callbacks", association["token"], name, {"team": "true"})


class ApiAgenda(ApiUser):
    @task
    def agenda(self):
        association = random.choice(ASSOCIATIONS)
        params = {"week": _week()}
        self.api_get("/api/v1/appointments/agenda", association["token"], "team agenda (API)", params)


class ApiProgrammeReport(ApiUser):
    @task
    def report(self):
        association = random.choice(ASSOCIATIONS)
        params = {"organisation": association["slug"], **_last_year()}
        name = "programme report, association (API)"
        self.api_get("/api/v1/activity/report", association["token"], name, params)


class ApiNationalProgrammeReport(ApiUser):
    @task
    def report(self):
        national = COMMUNITY["national"]
        params = {"organisation": national["slug"], **_last_year()}
        name = "programme report, national (API)"
        self.api_get("/api/v1/activity/report", national["token"], name, params)


class ApiDirectorySearch(ApiUser):
    @task
    def search(self):
        association = random.choice(ASSOCIATIONS)
        name = "directory search, distance (API)"
        self.api_get("/api/v1/directory/services", association["token"], name, _around(association))


class CommunityPageUser(PageUser):
    abstract = True
    accounts = ASSOCIATIONS


class PagePersonSearch(CommunityPageUser):
    @task
    def search(self):
        association, session = random.choice(self.sessions)
        params = {"q": _person_query(association)}
        self.page("/personnes/", "person search (page)", params, (association, session))


class PageCallbacks(CommunityPageUser):
    @task
    def callbacks(self):
        self.page("/suivi/", "call-back list, mine (page)")


class PageAgenda(CommunityPageUser):
    @task
    def agenda(self):
        self.page("/rendez-vous/agenda/", "team agenda (page)", {"semaine": _week()})


class PageDirectorySearch(CommunityPageUser):
    @task
    def search(self):
        association, session = random.choice(self.sessions)
        around = _around(association)
        params = {
            "commune": around["commune"],
            "radius": around["radius_km"],
            "thematic": around.get("thematic", ""),
        }
        self.page("/annuaire/", "directory search, distance (page)", params, (association, session))
