"""The French social security number (NIR, « numéro de sécurité sociale »): 13 characters and a
2-digit key, key = 97 − (number mod 97), Corsica's 2A/2B counted as 19/18."""

import re

_NIR = re.compile(r"^([12378])(\d{2})(\d{2})(\d{2}|2[AB])(\d{3})(\d{3})(\d{2})$")


def normalise(text: str) -> str:
    """Without spaces, dots or dashes, upper case (the form people write it in)."""
    return re.sub(r"[\s.\-]", "", text or "").upper()


def key(body: str) -> int:
    """The key of the first 13 characters."""
    digits = body[:5] + {"2A": "19", "2B": "18"}.get(body[5:7], body[5:7]) + body[7:13]
    return 97 - int(digits) % 97


def is_valid(text: str) -> bool:
    nir = normalise(text)
    match = _NIR.match(nir)
    if not match:
        return False
    return int(match.group(7)) == key(nir[:13])
