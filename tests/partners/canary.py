"""The machinery of the canary crawl (tests/partners/test_canary.py), by construction.

**Canaries** (``write_canaries``): every free-text field (``CharField``/``TextField`` without
choices) of every row of every model of the project, found by introspection, receives a marker of
its own (``CANARI-00042-people-Person-last_name-7f3a``): a marker found in an answer names the
model, the field and the row it came from. ``NOT_CANARIED`` says, with a reason, which fields keep
their value and ``APPEND_ONLY`` which models refuse any update; a field shorter than ``SHORT``
holds a code (``too_short_fields``).

**Crawl** (``crawl``): logged in through the login page (``login``: the form, never
``force_login``), an actor reads the home page and the pages it is given, follows every link of
the site breadth-first (and tries every id in the query strings the links carry), asks every named
route of the URL resolver with the ids of the rows that exist, and every GET operation of
/api/v1/openapi.json with every id. Every answer (HTML, JSON, CSV, ICS, XLSX, PDF) is searched for
a marker the actor may not read and for the names of the people they may not know (``Barrier``).
What an anonymous visitor reads of the ``PUBLIC`` fields is public: every actor may read it.

WeasyPrint is replaced by ``FakeHTML``, which "prints" the HTML it is given: a PDF's text is
searched like a page's, and the crawl stays fast.
"""

import html
import io
import json
import logging
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import product
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.apps import apps
from django.db import models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.advocacy.enums import Source
from lien.letters.enums import LetterKind
from lien.lib.text import search_key
from lien.people.models import Person
from lien.referrals.workflow import REFERRALS
from tests.access.routes import named_routes
from tests.factories import PASSWORD

# -- the canaries ---------------------------------------------------------------------------------

# Free-text fields that keep their value, each with why. Every other one gets a canary.
NOT_CANARIED: dict[str, str] = {
    "accounts.User.password": "the password hash: Django checks every session against it (a canary "
    "would log the crawling actor out), and no page or answer renders it",
    "notifications.Notification.url": "a path inside the site (CHECK notification_url_relative refuses "
    "anything else) to a page that checks its reader; the notification's text holds a canary",
}

# Models whose rows refuse any update (the queryset's ``update`` raises): the legal traces,
# written by the services only. Every answer is still read for the people's names.
APPEND_ONLY: dict[str, str] = {
    "journal.JournalEntry": "the journal of accesses, append-only (JournalQuerySet.update raises); it "
    "stores no name (tests/people/test_erasure_coverage.py)",
    "workflow.ActionLog": "the log of named actions, append-only (ActionLogQuerySet.update raises): "
    "workflow, action and state codes",
}

# Fields an anonymous visitor reads by design, each with why: what they read of these, every actor
# may read; anything else they read is a leak.
PUBLIC: dict[str, str] = {
    "opendata.PublicPage.introduction": "the public page of an organisation's figures, once its "
    "publishers switch it on, is read without an account (lien/opendata/public.py)",
    "opendata.PublicFigure.title": "the title of a table of that public page",
    "accounts.Organisation.name": "the public page says whose figures they are",
    "accounts.Organisation.slug": "the public page's address names its organisation",
}

SUFFIX = "7f3a"
# A field of at least LONG characters gets ``CANARI-<number>-<app>-<Model>-<field>-7f3a`` (cut to
# fit), found by its ``CANARI-<number>`` head even where a page shortens it or changes its case; a
# field of SHORT to LONG - 1 characters ``CAN<number>``, found only as itself; a shorter one holds
# a code (a département, an INSEE or postal code, opening days) too short for a marker that never
# occurs by chance.
LONG = 16
SHORT = 8
LONG_MARKER = re.compile(r"canari-(\d{5})", re.IGNORECASE)


@dataclass(frozen=True)
class Canary:
    number: int
    model: str  # "people.Person"
    field: str
    pk: Any
    text: str

    def __str__(self) -> str:
        return f"{self.text} = {self.model}.{self.field} of row {self.pk}"


def is_free_text(one: models.Field) -> bool:
    return isinstance(one, models.CharField | models.TextField) and not one.choices and not one.primary_key


def project_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("lien.")]


def canaried_fields(model: type[models.Model]) -> list[models.Field]:
    if model._meta.label in APPEND_ONLY:
        return []
    return [
        one
        for one in model._meta.concrete_fields
        if is_free_text(one)
        and f"{model._meta.label}.{one.name}" not in NOT_CANARIED
        and (one.max_length is None or one.max_length >= SHORT)
    ]


def too_short_fields() -> list[str]:
    return [
        f"{model._meta.label}.{one.name}"
        for model in project_models()
        for one in model._meta.concrete_fields
        if is_free_text(one) and one.max_length is not None and one.max_length < SHORT
    ]


def _marker(number: int, model: type[models.Model], one: models.Field) -> str:
    room = one.max_length or 10_000
    if room < LONG:
        return f"CAN{number:05d}"
    text = f"CANARI-{number:05d}-{model._meta.app_label}-{model.__name__}-{one.name}"
    return f"{text[: room - len(SUFFIX) - 1]}-{SUFFIX}"


@dataclass
class Canaries:
    by_number: dict[int, Canary] = field(default_factory=dict)
    by_row: dict[tuple[str, str, Any], Canary] = field(default_factory=dict)
    short: dict[str, Canary] = field(default_factory=dict)  # "can00042" -> its canary
    refused: dict[str, str] = field(default_factory=dict)  # "model (row n)" -> the database's error
    rows: dict[str, int] = field(default_factory=dict)  # model label -> rows canaried

    def add(self, canary: Canary) -> None:
        self.by_number[canary.number] = canary
        self.by_row[(canary.model, canary.field, canary.pk)] = canary
        if not canary.text.startswith("CANARI-"):
            self.short[canary.text.lower()] = canary

    def of(self, model: str, field_name: str, pk: Any) -> Canary:
        return self.by_row[(model, field_name, pk)]

    def found_in(self, text: str) -> set[Canary]:
        found = {self.by_number[int(n)] for n in LONG_MARKER.findall(text) if int(n) in self.by_number}
        if self.short:
            lowered = text.lower()
            found |= {canary for key, canary in self.short.items() if key in lowered}
        return found

    def where(self, predicate: Callable[[Canary], bool]) -> set[Canary]:
        return {canary for canary in self.by_number.values() if predicate(canary)}

    @property
    def fields(self) -> set[str]:
        return {f"{canary.model}.{canary.field}" for canary in self.by_number.values()}


def write_canaries() -> Canaries:
    """A marker of its own into every free-text field of every row of every model of the project,
    one UPDATE per row through the model's default manager (as the application would)."""
    canaries = Canaries()
    number = 0
    for model in project_models():
        fields = canaried_fields(model)
        if not fields:
            continue
        label, manager = model._meta.label, model._default_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for pk in pks:
            values = {}
            for one in fields:
                number += 1
                canary = Canary(number, label, one.name, pk, _marker(number, model, one))
                values[one.attname] = canary.text
                canaries.add(canary)
            try:
                with transaction.atomic():
                    manager.filter(pk=pk).update(**values)
            except Exception as error:  # noqa: BLE001 — listed by the test, row by row
                canaries.refused[f"{label} (row {pk})"] = repr(error)
        canaries.rows[label] = len(pks)
    return canaries


def refuses_updates(label: str) -> bool:
    """Whether an update of the model's rows raises (the model of an append-only journal)."""
    try:
        with transaction.atomic():
            apps.get_model(label)._default_manager.filter(pk__in=[]).update(pk=models.F("pk"))
    except Exception:  # noqa: BLE001 — whatever the refusal
        return True
    return False


# -- who may read a row: the organisations it belongs to ----------------------------------------------


def organisation_paths(model: type[models.Model], hops: int = 3, seen: frozenset = frozenset()) -> list[str]:
    """The lookups from ``model`` to an organisation (``organisation``, ``person__organisation``,
    ``saisine__organisation``…); a user belongs to the organisations of their memberships. A link
    to a user (an author) says nothing of the row's organisation."""
    if model is Organisation:
        return ["pk"]
    if model is User:
        return ["memberships__organisation"]
    paths = []
    for one in model._meta.concrete_fields:
        target = one.related_model if one.is_relation else None
        if target is None or target is User:
            continue
        if target is Organisation:
            paths.append(one.name)
        elif hops > 1 and target is not model and target not in seen:
            paths += [f"{one.name}__{path}" for path in organisation_paths(target, hops - 1, seen | {model})]
    return paths


def rows_of(organisation: Organisation) -> set[tuple[str, Any]]:
    """(model label, pk) of the rows that belong to ``organisation`` alone, and of the communes they
    point to (the referential: a team sees the communes of its own people)."""
    owners: dict[tuple[str, Any], set[int]] = {}
    for model in project_models():
        for path in organisation_paths(model):
            for pk, organisation_id in model._base_manager.values_list("pk", path):
                owners.setdefault((model._meta.label, pk), set()).add(organisation_id)
    own = {row for row, found in owners.items() if found - {None} == {organisation.pk}}
    communes: set[str] = set()
    for model in project_models():
        pks = [pk for label, pk in own if label == model._meta.label]
        for one in model._meta.concrete_fields:
            if pks and one.is_relation and one.related_model._meta.label == "communes.Commune":
                communes |= set(model._base_manager.filter(pk__in=pks).values_list(one.attname, flat=True))
    return own | {("communes.Commune", code) for code in communes - {None}}


# -- an answer, read ----------------------------------------------------------------------------------


def login(email: str) -> Client:
    """A client logged in through the login page, as a browser does."""
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session
    return client


class FakeHTML:
    """WeasyPrint's ``HTML`` for the crawl: the "PDF" is the HTML it was given."""

    def __init__(self, string: str = "", **kwargs: Any) -> None:
        self.string = string

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return b"%PDF-1.4\n" + self.string.encode()


def readable(response: HttpResponse) -> str:
    """The text of an answer, whatever its form: an XLSX's zipped XML, a PDF's (the stand-in's HTML,
    or what pypdf reads of a stored one), JSON with its non-ASCII characters and HTML with its
    entities decoded, an iCalendar's folded lines unfolded; and where it redirects."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        response.close()
    else:
        body = response.content
    parts = [body]
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
    elif body.startswith(b"%PDF") and b"<html" not in body[:4000].lower():
        parts.append(_pdf_text(body).encode())
    text = "\n".join(part.decode("utf-8", "replace") for part in parts)
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text += "\n" + json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    text += "\n" + response.get("Location", "")
    return html.unescape(text.replace("\r\n ", "").replace("\r\n\t", ""))


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    try:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    except Exception:  # noqa: BLE001 — not a PDF after all: its bytes are searched all the same
        return ""


def name_keys(words: Iterable[str]) -> set[str]:
    """The words as ``search_key`` writes them, long enough not to be found by chance."""
    return {search_key(word) for word in words if word and len(word) >= 4}


# -- the crawl --------------------------------------------------------------------------------------

# Never asked: the logout (it would end the crawl), static files, Django's administration site (its
# own permission system, tested in tests/access) and the language switch (a POST).
SKIPPED = ("/compte/deconnexion/", "/static/", "/media/", "/admin/", "/langue/")
MAX_LINKS = 400  # pages reached by following links
MAX_VARIANTS = 6  # query strings followed per path (a calendar's « next week » never ends)
MAX_IDS = 60  # ids tried per parameter
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# Query parameters whose French (or short) name is not a model's.
ALIASES = {"personne": "person", "rendez_vous": "appointment", "dernier": "contact", "member": "user"}
ALIASES |= {"v": "service", "s": "structure"}

Target = tuple[str, frozenset[int]]  # a URL, and the ids it names


@dataclass
class Barrier:
    """What one actor may read: these canaries, none of these names (``name_keys``)."""

    allowed: set[Canary]
    names: set[str]


@dataclass
class Report:
    actor: str
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # 500s
    seen: set[Canary] = field(default_factory=set)  # every canary met, allowed or not
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("links", "ids", "routes", "api"), 0)
    )
    statuses: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        counts = self.counts
        return (
            f"{self.actor}: {counts['links']} pages by links and {counts['ids']} with other ids in "
            f"their query strings, {counts['routes']} route URLs, {counts['api']} API requests; "
            f"statuses {dict(sorted(self.statuses.items()))}"
        )


class Crawler:
    """One actor's crawl: GET only, each URL once."""

    def __init__(
        self, actor: str, client: Client, canaries: Canaries, barrier: Barrier, only: set[int] | None
    ) -> None:
        self.client, self.canaries, self.barrier, self.only = client, canaries, barrier, only
        # Whole words only: a name inside a random token (a CSRF token, a nonce) is no name.
        words = "|".join(re.escape(name) for name in sorted(barrier.names))
        self.names = re.compile(rf"\b(?:{words})\b") if words else None
        self.asked: set[str] = set()
        self.report = Report(actor)
        self.ids = ids_by_model()

    def get(self, url: str, kind: str) -> tuple[int, str, str] | None:
        """(status, text, where it redirects) of the answer, or None if asked already."""
        if url in self.asked:
            return None
        self.asked.add(url)
        self.report.counts[kind] += 1
        response = self.client.get(url)
        status = response.status_code
        self.report.statuses[status] = self.report.statuses.get(status, 0) + 1
        if status >= 500:
            self.report.errors.append(f"{status} {url}")
        text = readable(response)
        # A marker in the URL comes back in the page's links: the actor asked for it.
        found = self.canaries.found_in(text) - self.canaries.found_in(url)
        self.report.seen |= found
        leaked = sorted(found - self.barrier.allowed, key=str)
        self.report.leaks += [f"{status} {url}: {canary}" for canary in leaked]
        if self.names is not None:
            named = sorted(set(self.names.findall(search_key(text))))
            self.report.leaks += [f"{status} {url}: the name « {name} »" for name in named]
        return status, text, response.get("Location", "")

    def follow_links(self, start: Iterable[str]) -> None:
        """Breadth-first over every same-site link (and redirection) of the answers, from
        ``start``; then each link's query string with every id in place of the one it carries
        (``?person=8``)."""
        queue = deque(start)
        variants: dict[str, int] = {}
        seen_links: list[str] = []
        while queue and self.report.counts["links"] < MAX_LINKS:
            url = queue.popleft()
            path = urlsplit(url).path
            if url in self.asked or variants.get(path, 0) >= MAX_VARIANTS:
                continue
            variants[path] = variants.get(path, 0) + 1
            answer = self.get(url, "links")
            if answer is not None:
                status, text, location = answer
                found = links(url, text) + links(url, f'href="{location}"')
                queue.extend(found)
                seen_links += found
        varied: set[tuple[str, str]] = set()  # (path, parameter): its ids are tried once
        for url in dict.fromkeys(seen_links):
            for other in self._other_ids(url, varied):
                self.get(other, "ids")

    def _other_ids(self, url: str, varied: set[tuple[str, str]]) -> Iterator[str]:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        for index, (name, value) in enumerate(query):
            if not value.isdigit() or (parts.path, name) in varied:
                continue
            varied.add((parts.path, name))
            for pk in id_pool(ALIASES.get(name, name), (), None, self.ids):
                if self.only is None or pk in self.only:
                    changed = [*query[:index], (name, str(pk)), *query[index + 1 :]]
                    yield f"{parts.path}?{urlencode(changed)}"

    def _wanted(self, targets: Iterable[Target]) -> list[str]:
        return [url for url, ids in targets if self.only is None or ids & self.only]

    def routes(self, by_route: dict[str, list[Target]]) -> None:
        """Each route with each of its URLs; a route whose first URL answers 405 takes POST only
        (``require_POST`` answers before any access check): its other ids are not asked."""
        for targets in by_route.values():
            for index, url in enumerate(self._wanted(targets)):
                answer = self.get(url, "routes")
                if index == 0 and answer is not None and answer[0] == 405:
                    break

    def api(self, targets: Iterable[Target]) -> None:
        for url in self._wanted(targets):
            self.get(url, "api")


def links(base: str, text: str) -> list[str]:
    found = []
    for raw in LINK.findall(text):
        if not raw or raw.startswith(("mailto:", "tel:", "sms:", "javascript:", "data:", "#")):
            continue
        parts = urlsplit(urljoin(base, raw))
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if not url.startswith(SKIPPED):
            found.append(url)
    return found


# -- what to ask: every named route and every GET operation of the API, with every id -----------------


def ids_by_model() -> dict[type[models.Model], list[Any]]:
    """The ids of the rows of every model of the project with an integer id (journals excepted)."""
    return {
        model: list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for model in project_models()
        if model._meta.label not in APPEND_ONLY and model._meta.pk.get_internal_type().endswith("AutoField")
    }


def id_pool(
    param: str, words: Iterable[str], app_label: str | None, ids: dict[type[models.Model], list[Any]]
) -> list[Any]:
    """The ids to try for a parameter: those of the models its name (``person_pk``, ``training_id``)
    or, for a ``pk``, a word of the route's name (``accompaniment_detail``) names, within the route's
    app where it has one; else those of the app's main models (no link to another model of the app:
    a rights procedure, not its documents) and the people's, whom most pages are about; else every
    id of the project. At most MAX_IDS."""
    base = param.removesuffix("_pk").removesuffix("_id")
    in_app = [model for model in ids if app_label is None or model._meta.app_label == app_label] or list(ids)
    names = [base] if base != "pk" else [word for word in words if len(word) >= 4]
    chosen = _named(in_app, names) or (_named(list(ids), names) if base != "pk" else [])
    if not chosen and app_label is not None:
        chosen = [model for model in in_app if not _points_within_its_app(model)] + [Person]
    return sorted({pk for model in (chosen or in_app) for pk in ids.get(model, [])})[:MAX_IDS]


def _named(candidates: list[type[models.Model]], names: list[str]) -> list[type[models.Model]]:
    """The models called by one of ``names``: exactly, else at the end (a rapid test for ``test``),
    else anywhere in their name (an improvement proposal for ``improvement``)."""
    for matches in (str.__eq__, str.endswith, str.__contains__):
        found = [
            model for model in candidates if any(matches(model._meta.model_name, name) for name in names)
        ]
        if found:
            return found
    return []


def _points_within_its_app(model: type[models.Model]) -> bool:
    return any(
        one.is_relation
        and one.related_model is not model
        and one.related_model._meta.app_label == model._meta.app_label
        for one in model._meta.concrete_fields
    )


def route_urls() -> dict[str, list[Target]]:
    """Route name -> its URLs: every named route of the URL resolver (as tests/access/routes.py
    reads them), each integer parameter filled with each plausible id, each other one with the
    values it takes."""
    ids = ids_by_model()
    app_labels = {config.label for config in apps.get_app_configs()}
    text_values = {
        "slug": list(Organisation.objects.values_list("slug", flat=True)),
        "kind": [*LetterKind.values, "conclusions"],
        "source": list(Source.values),
        "name": [action.name for action in REFERRALS.actions],
        "provider": ["brevo", "smsfactor"],
    }
    by_route: dict[str, list[Target]] = {}
    for route in named_routes()[0].values():
        namespace, _, name = route.name.rpartition(":")
        app_label = namespace if namespace in app_labels else None
        int_params = [p for p in route.params if f"<int:{p}>" in route.pattern]
        words = name.split("_") if len(int_params) == 1 else ()
        pools = [
            id_pool(param, words, app_label, ids) if param in int_params else text_values.get(param, ["x"])
            for param in route.params
        ]
        for values in product(*pools):
            try:
                url = reverse(route.name, kwargs=dict(zip(route.params, values, strict=True)))
            except NoReverseMatch:
                continue
            named = frozenset(v for p, v in zip(route.params, values, strict=True) if p in int_params)
            by_route.setdefault(route.name, []).append((url, named))
    return by_route


def api_urls(schema: dict[str, Any]) -> list[Target]:
    """Every GET operation of the OpenAPI schema: each path parameter with each plausible id, each
    required query parameter with a valid value (each organisation for ``organisation``), and each
    optional integer one that names an object (``person_id``, ``member_id``) with each id."""
    ids = ids_by_model()
    slugs = list(Organisation.objects.values_list("slug", flat=True))
    targets: list[Target] = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        path_params = [p["name"] for p in parameters if p["in"] == "path"]
        queries: list[dict[str, Any]] = [{}]
        for parameter in (p for p in parameters if p["in"] == "query"):
            name = parameter["name"]
            base = ALIASES.get(name.removesuffix("_id"), name.removesuffix("_id"))
            if parameter.get("required"):
                values = slugs if name == "organisation" else [_required_value(name, parameter)]
                queries = [query | {name: value} for query in queries for value in values]
            elif _is_integer(parameter) and _named(list(ids), [base]):
                queries += [{name: pk} for pk in id_pool(base, (), None, ids)]
        for values in product(*(id_pool(name, (), None, ids) for name in path_params)):
            url = path
            for name, value in zip(path_params, values, strict=True):
                url = url.replace("{" + name + "}", str(value))
            for query in queries:
                named = frozenset(values) | {v for v in query.values() if type(v) is int}
                targets.append((url + (f"?{urlencode(query)}" if query else ""), named))
    return targets


def _is_integer(parameter: dict[str, Any]) -> bool:
    schema = parameter.get("schema", {})
    return "integer" in {schema.get("type"), *(choice.get("type") for choice in schema.get("anyOf", []))}


def _required_value(name: str, parameter: dict[str, Any]) -> Any:
    today = timezone.localdate()
    values = {"year": today.year, "start": date(today.year, 1, 1).isoformat(), "end": today.isoformat()}
    values["by"] = "gender"  # a dimension of the open data tables
    schema = parameter.get("schema", {})
    return values.get(name, schema["enum"][0] if "enum" in schema else "1")


@contextmanager
def quiet_requests() -> Iterator[None]:
    """Django logs every 404 and 405 as a warning: thousands here. A 500 stays an error."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def crawl(
    actor: str,
    client: Client,
    canaries: Canaries,
    barrier: Barrier,
    schema: dict[str, Any],
    *,
    start: Iterable[str] = (),
    only: set[int] | None = None,
) -> Report:
    """The actor's crawl: the links from the home page and ``start``, every named route, every GET
    operation of ``schema``; with ``only``, the routes and operations that name one of these ids."""
    crawler = Crawler(actor, client, canaries, barrier, only)
    with quiet_requests():
        crawler.follow_links(["/", *start])
        crawler.routes(route_urls())
        crawler.api(api_urls(schema))
    return crawler.report


def anonymous_crawl(canaries: Canaries, schema: dict[str, Any], names: set[str]) -> Report:
    """An anonymous visitor's crawl: they may read the ``PUBLIC`` fields (``seen`` says which
    rows), nothing else, none of these names."""
    allowed = canaries.where(lambda canary: f"{canary.model}.{canary.field}" in PUBLIC)
    client = Client(raise_request_exception=False)
    return crawl("anonymous visitor", client, canaries, Barrier(allowed, names), schema)
