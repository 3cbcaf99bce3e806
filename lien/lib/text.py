"""Text helpers shared by searches: accent- and case-insensitive keys."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\-'’]+")


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` used for matching names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.casefold()).strip()
