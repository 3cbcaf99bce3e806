"""Finding the people a new file may duplicate, as the name is typed: words swapped ("Maury
Josette"), a letter off ("Josette Maurie"), accents, case and hyphens ("MAURY-josette"),
compound names ("Josette Maury-Dupont").

Two steps, so that the cost does not grow with the organisation: a prefilter in SQL (the first
letters of each word of the name, or the same e-mail, NIR or phone), bounded to ``CANDIDATES``
rows, then ``name_score`` in Python on those rows only.
"""

from collections.abc import Iterable
from itertools import permutations
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from lien.lib.nir import normalise as normalise_nir
from lien.lib.text import search_key
from lien.people.models import Person, nir_digests

# From this score (0 to 100), two names may be the same person's.
SIMILAR_FROM = 85.0
# Words that do not make a name on their own ("de" in "Marie de la Tour").
PARTICLES = frozenset({"d", "l", "de", "du", "des", "la", "le", "da", "di", "del", "van", "von"})
# Names of more words than this are compared in one order (their words sorted), not in all.
MAX_PERMUTED = 4
# Rows read from the database at most, and people proposed at most.
CANDIDATES = 300
LIMIT = 10
PREFIX = 3  # letters of each word the prefilter matches


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name without accents, case or hyphens."""
    return tuple(search_key(name).split())


def _orders(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) <= MAX_PERMUTED:
        return set(permutations(words))
    return {tuple(sorted(words))}


def _allowed_edits(length: int) -> int:
    """Letters that may differ between two names of ``length`` characters (the shorter)."""
    return 0 if length < 4 else 1 if length < 10 else 2


def _compound(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Every word of the shorter name (two at least, particles aside) is in the longer one."""
    shorter, longer = sorted((a, b), key=len)
    words = {word for word in shorter if word not in PARTICLES}
    return len(shorter) < len(longer) and len(words) >= 2 and words <= set(longer)


def name_score(a: str, b: str) -> float:
    """How much two names look like one person's, from 0 to 100 (``SIMILAR_FROM`` and above:
    maybe the same). Symmetric; blind to the order of the words, accents, case and hyphens."""
    words_a, words_b = name_words(a), name_words(b)
    if not words_a or not words_b:
        return 0.0
    if sorted(words_a) == sorted(words_b):
        return 100.0
    edits, ratio = len(a) + len(b), 0.0
    for fixed, moved in ((words_a, words_b), (words_b, words_a)):
        text = " ".join(sorted(fixed))  # one order on this side, every order on the other
        for order in _orders(moved):
            other = " ".join(order)
            edits = min(edits, Levenshtein.distance(text, other))
            ratio = max(ratio, fuzz.ratio(text, other))
    score = ratio
    shorter = min(len(" ".join(words_a)), len(" ".join(words_b)))
    if edits <= _allowed_edits(shorter):
        score = max(score, 100.0 - 5.0 * edits)
    if _compound(words_a, words_b):
        score = max(score, 90.0)
    return min(score, 100.0)


def rank_similar[K](name: str, candidates: Iterable[tuple[K, str]], *, limit: int = LIMIT) -> list[K]:
    """The keys of the candidates ``(key, name)`` whose name may be ``name``, best first (ties
    in the order given)."""
    scored = [(name_score(name, other), index, key) for index, (key, other) in enumerate(candidates)]
    kept = sorted((item for item in scored if item[0] >= SIMILAR_FROM), key=lambda item: (-item[0], item[1]))
    return [key for _score, _index, key in kept[:limit]]


def name_prefixes(name: str) -> list[str]:
    """What the prefilter looks for: the first letters of each word of the name (particles
    aside, unless the name is made of them only)."""
    words = name_words(name)
    significant = [word for word in words if word not in PARTICLES] or list(words)
    return sorted({word[:PREFIX] for word in significant})


def find_similar(
    people: QuerySet[Person],
    *,
    name: str,
    phone: str = "",
    email: str = "",
    nir: str = "",
    limit: int = LIMIT,
) -> list[Person]:
    """Among ``people``: those with the same e-mail, NIR or phone (first), then those whose name
    may be ``name`` (best first). Two queries, whatever the number of people."""
    identifiers = Q()
    if email.strip():
        identifiers |= Q(email__iexact=email.strip())
    if nir and normalise_nir(nir):
        identifiers |= Q(nir_digest__in=nir_digests(nir))
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 6:
        identifiers |= Q(phone_digits__endswith=digits[-9:])
    by_prefix = [
        Q(search_name__startswith=prefix) | Q(search_name__indexed_contains=" " + prefix)
        for prefix in name_prefixes(name)
    ]
    if not identifiers and not by_prefix:
        return []
    condition = identifiers
    for prefix_condition in by_prefix:
        condition |= prefix_condition
    # The identified first, then the names that share the most words' first letters.
    exact = Case(When(identifiers, then=Value(1)), default=Value(0)) if identifiers else Value(0)
    hits: Any = Value(0)
    for prefix_condition in by_prefix:
        hits = hits + Case(When(prefix_condition, then=Value(1)), default=Value(0))
    rows = list(
        people.filter(condition)
        .annotate(similar_exact=exact, similar_hits=hits)
        .order_by("-similar_exact", "-similar_hits", "pk")
        .values_list("pk", "search_name", "similar_exact")[:CANDIDATES]
    )
    chosen = [pk for pk, _name, is_exact in rows if is_exact]
    chosen += rank_similar(name, [(pk, key) for pk, key, is_exact in rows if not is_exact], limit=limit)
    chosen = chosen[:limit]
    found = people.in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]
