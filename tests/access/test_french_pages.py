"""French done right on every page: each HTML page of the access matrix, rendered in French for
an actor who may open it, shows no English month name and no "1 …s" (a plural after one).

The world is the access matrix's (tests/access/world.py): a person followed with everything
recorded about them, a saisine worked to its letters, the directory, the reports."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.access.check import route_path, send
from tests.access.expectations import ROUTES
from tests.access.routes import named_routes

pytestmark = pytest.mark.django_db

FOUND_ROUTES, _UNNAMED = named_routes()

# Who reads each page: the first of them allowed in.
READERS = ("community_mediator", "institutional_mediator", "fund_director", "coordinator", "director")

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,4}\b"
    r"|\b\d{1,2}\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
# Django's French abbreviations that French typography writes « janv. », « févr. », « juill. ».
LOOSE_ABBREVIATIONS = re.compile(r"\b\d{1,2}\s+(jan|fév|juil)\.")
# French nouns that end in "s" in the singular too.
INVARIABLE = {
    "fois",
    "mois",
    "cours",
    "recours",
    "temps",
    "avis",
    "accès",
    "succès",
    "refus",
    "processus",
    "tiers",
    "repas",
    "secours",
    "concours",
    "discours",
    "parcours",
    "plus",
    "sans",
    "sous",
    "dans",
    "après",
    "depuis",
    "vers",
    "chez",
    "os",
    "bus",
}
ONE_PLURAL = re.compile(r"(?<![\d,.])\b1\s+([a-zàâçéèêëîïôûùüÿœ]+s)\b")


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html))


def _pages() -> list[str]:
    return sorted(
        name
        for name in FOUND_ROUTES.keys() & ROUTES.keys()
        if ROUTES[name].method == "GET" and any(actor in ROUTES[name].allowed for actor in READERS)
    )


@pytest.mark.parametrize("name", _pages())
def test_every_page_reads_in_french(world, name):
    expect = ROUTES[name]
    actor = next(actor for actor in READERS if actor in expect.allowed)
    path = route_path(world, FOUND_ROUTES[name], expect)
    client = world.clients[actor]
    response = client.get(path, headers={"accept-language": "fr"})
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip(f"{name}: not an HTML page ({response.status_code} {response.get('Content-Type')})")
    text = _text(response.content.decode())
    months = ENGLISH_MONTHS.findall(text) + LOOSE_ABBREVIATIONS.findall(text)
    plurals = [word for word in ONE_PLURAL.findall(text) if word not in INVARIABLE]
    assert not months, f"{name} ({path}) as {actor}: English or loose month names {months}"
    assert not plurals, f"{name} ({path}) as {actor}: « 1 {plurals[0]} » and others {plurals}"


def test_it_crawls_the_main_pages():
    pages = _pages()
    for name in ("home", "person_detail", "saisines:detail", "saisines:list", "report_annual"):
        assert name in pages, name
    assert reverse("home")  # the resolver is the access matrix's
    assert send  # the matrix's client helper stays the way pages are asked
