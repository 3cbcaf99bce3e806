"""Phone numbers as the text-message providers want them: E.164 (``+33612345678``).

The files hold numbers as people write them in France: « 06 12 34 56 78 », « 06.12.34.56.78 »,
« +33 6 12 34 56 78 », « 0033 6 12 34 56 78 », « +33 (0)6 12 34 56 78 », « 0690 12 34 56 ».
A national number (0 and nine digits) belongs to metropolitan France (+33) unless its first
digits are those of an overseas department, which has its own country code (ARCEP numbering
plan: Guadeloupe, Saint-Martin and Saint-Barthélemy +590, Guyane +594, Martinique +596, La Réunion
and Mayotte +262). A small explicit rule rather than a library: Lien reminds people in France.
"""

import re

# First three digits of a national number (after the 0) → country code of the zone.
OVERSEAS = {
    "590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy: fixed
    "690": "590",  # mobiles
    "691": "590",
    "594": "594",  # Guyane: fixed
    "694": "594",  # mobiles
    "596": "596",  # Martinique: fixed
    "696": "596",  # mobiles
    "697": "596",
    "262": "262",  # La Réunion: fixed
    "263": "262",
    "692": "262",  # mobiles
    "693": "262",
    "269": "262",  # Mayotte: fixed
    "639": "262",  # mobiles
}
OVERSEAS_MOBILE = {"690", "691", "694", "696", "697", "692", "693", "639"}

_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")
UNRECOGNISED = "numéro de téléphone non reconnu (attendu : 06 12 34 56 78 ou +33 6 12 34 56 78)"


def to_e164(raw: str) -> str:
    """The number in E.164, or ValueError (with a French reason) when it cannot be read."""
    compact = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if compact.startswith("+"):
        digits = compact[1:]
    elif compact.startswith("00"):
        digits = compact[2:]
    elif compact.startswith("0") and len(compact) == 10 and compact.isdigit():
        national = compact[1:]
        return f"+{OVERSEAS.get(national[:3], '33')}{national}"
    elif compact.startswith("33") and len(compact) == 11:
        digits = compact  # 33612345678: international, the « + » left out
    else:
        raise ValueError(UNRECOGNISED)
    if not digits.isdigit():
        raise ValueError(UNRECOGNISED)
    if digits.startswith("330") and len(digits) == 12:  # +33 0 6…: the national 0 kept by mistake
        digits = "33" + digits[3:]
    if (digits.startswith("33") and len(digits) != 11) or not 8 <= len(digits) <= 15:
        raise ValueError(UNRECOGNISED)
    return f"+{digits}"


def is_mobile(e164: str) -> bool:
    """Whether a French number (metropolitan or overseas) can receive a text message; a number
    of another country is taken as it is."""
    if e164.startswith("+33"):
        return e164[3:4] in {"6", "7"}
    for code in ("+590", "+594", "+596", "+262"):
        if e164.startswith(code):
            return e164[len(code) : len(code) + 3] in OVERSEAS_MOBILE
    return True
