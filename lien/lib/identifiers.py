"""Spot what may identify someone in a free text: phone numbers, e-mail addresses, NIR, names.

A heuristic for a warning, not a guarantee: it looks for the names it is given (the person's
own), for names after a title (« Mme Martin », « Dr Blaes ») and for number shapes. ``mask``
replaces what it finds, as a safety net when a testimony is shown for advocacy.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lien.lib.text import search_key

_SEP = r"[\s.\-]?"
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33"
    + _SEP
    + r"(?:\(0\)"
    + _SEP
    + r")?[1-9]|0[1-9])(?:"
    + _SEP
    + r"\d{2}){4}(?!\d)"
)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Sex (1, 2, or 3/7/8 for temporary numbers), year, month, département (2A/2B), commune, order, key.
NIR = re.compile(
    r"(?<![\w])[12378]"
    + _SEP
    + r"\d{2}"
    + _SEP
    + r"\d{2}"
    + _SEP
    + r"(?:\d{2}|2[AB])"
    + _SEP
    + r"\d{3}"
    + _SEP
    + r"\d{3}(?:"
    + _SEP
    + r"\d{2})?(?!\d)",
    re.IGNORECASE,
)
TITLE = r"(?i:M\.|Mme|Mlle|Mr|Madame|Monsieur|Mademoiselle|Dr\.?|Docteure?|Pr\.?|Professeure?|Maître)"
TITLED_NAME = re.compile(r"\b" + TITLE + r"\s+([A-ZÀ-ÖØ-Ý][\w'’\-]+(?:\s+[A-ZÀ-ÖØ-Ý][\w'’\-]+)?)")
WORD = re.compile(r"[\w'’\-]+")

MASK = "[…]"


@dataclass(frozen=True)
class Finding:
    kind: str  # "nir", "phone", "email" or "name"
    text: str

    @property
    def label(self) -> str:
        return {
            "nir": "numéro de sécurité sociale",
            "phone": "numéro de téléphone",
            "email": "adresse e-mail",
            "name": "nom",
        }[self.kind]


def _name_keys(names: Iterable[str | None]) -> set[str]:
    keys = set()
    for name in names:
        for part in search_key(name or "").split():
            if len(part) >= 3:  # "Jo", "Li": too many false alarms
                keys.add(part)
    return keys


def _spans(text: str, names: Iterable[str | None] = ()) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= other_start or start >= other_end for other_start, other_end, _ in spans)

    for kind, pattern in (("email", EMAIL), ("nir", NIR), ("phone", PHONE)):
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                spans.append((match.start(), match.end(), kind))
    for match in TITLED_NAME.finditer(text):
        if free(match.start(1), match.end(1)):
            spans.append((match.start(1), match.end(1), "name"))
    keys = _name_keys(names)
    if keys:
        for match in WORD.finditer(text):
            if search_key(match.group()) in keys and free(match.start(), match.end()):
                spans.append((match.start(), match.end(), "name"))
    return sorted(spans)


def find_identifiers(text: str, names: Iterable[str | None] = ()) -> list[Finding]:
    """What looks like an identifier in ``text``, in order of appearance (each once)."""
    findings = [Finding(kind, text[start:end]) for start, end, kind in _spans(text or "", names)]
    return list(dict.fromkeys(findings))


def mask(text: str, names: Iterable[str | None] = ()) -> str:
    """``text`` with every finding replaced by ``[…]``."""
    text = text or ""
    result, position = [], 0
    for start, end, _ in _spans(text, names):
        result.append(text[position:start])
        result.append(MASK)
        position = end
    result.append(text[position:])
    return "".join(result)
