"""The address block of a letter, printed as La Poste reads it (NF Z10-011), and its greeting.

Framework-free on purpose: ``address_block`` takes plain strings and is tested line by line.

At most six lines of at most 38 characters, empty lines dropped:

1. civility, first name and NAME            Madame Martine DUFOUR
2. recipient complement (chez…, appartement) Chez M. Martin
3. building (entrée, bâtiment, résidence)    Résidence les Tilleuls
4. number and street                          12 rue de la Paix
5. lieu-dit or post-office box                Lieu-dit Les Granges
6. POSTAL CODE and TOWN, in capitals          59600 MAUBEUGE
   abroad, the country on the last line      BELGIQUE

An address without a street (nor a lieu-dit or box), a postal code or a town is *incomplete*: the
block keeps its name line only and says what is missing, so that a letter never carries a
made-up address. A line that does not fit is written the La Poste way (capitals, no accents nor
punctuation), its usual words abbreviated, then cut between words.
"""

import re
import unicodedata
from dataclasses import dataclass

LINE_LENGTH = 38
MAX_LINES = 6
# The town of the last line: 38 minus the postal code and its space.
TOWN_LENGTH = 32

FRANCE_NAMES = {"", "FRANCE", "FR", "FRANCE METROPOLITAINE"}

CIVILITY_SHORT = {"Madame": "Mme", "Monsieur": "M."}

# La Poste's abbreviations of the words of an address (used only for a line that does not fit).
ABBREVIATIONS = {
    "ALLEE": "ALL",
    "APPARTEMENT": "APP",
    "AVENUE": "AV",
    "BATIMENT": "BAT",
    "BOITE POSTALE": "BP",
    "BOULEVARD": "BD",
    "CHEMIN": "CHE",
    "DOCTEUR": "DR",
    "ESCALIER": "ESC",
    "ETAGE": "ETG",
    "FAUBOURG": "FG",
    "GENERAL": "GAL",
    "HAMEAU": "HAM",
    "IMMEUBLE": "IMM",
    "IMPASSE": "IMP",
    "LIEU DIT": "LD",
    "LOTISSEMENT": "LOT",
    "MARECHAL": "MAL",
    "PLACE": "PL",
    "PRESIDENT": "PDT",
    "PROFESSEUR": "PR",
    "QUARTIER": "QUA",
    "RESIDENCE": "RES",
    "ROUTE": "RTE",
    "SAINT": "ST",
    "SAINTE": "STE",
    "SQUARE": "SQ",
}
# Words a cut line does not end with.
DANGLING = {"A", "AU", "AUX", "D", "DE", "DES", "DU", "EN", "ET", "L", "LA", "LE", "LES", "SUR", "SOUS"}

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^A-Z0-9 ]+")
_LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})


@dataclass(frozen=True)
class PostalAddress:
    """What the block is made of, as the file holds it (every field may be empty)."""

    civility: str = ""  # « Madame », « Monsieur » or empty
    first_name: str = ""
    last_name: str = ""
    recipient: str = ""  # line 2
    building: str = ""  # line 3
    street: str = ""  # line 4
    locality: str = ""  # line 5: lieu-dit, BP
    postal_code: str = ""
    town: str = ""  # the commune's name in France, the town abroad
    country: str = ""  # empty or France: not printed


@dataclass(frozen=True)
class AddressBlock:
    lines: tuple[str, ...]
    missing: tuple[str, ...] = ()  # what the address lacks, in French, for the letter page
    shortened: bool = False  # a line was abbreviated or cut to fit

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def printed(self) -> tuple[str, ...]:
        """The lines the letter prints: the name alone while the address is incomplete."""
        return self.lines if self.complete else self.lines[:1]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def postal_form(text: str) -> str:
    """Capitals without accents or punctuation: « L'Isle-Adam » → « L ISLE ADAM »."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return _clean(_NOT_WORD.sub(" ", bare))


def _abbreviate(text: str) -> str:
    words = f" {text} "
    for word, short in ABBREVIATIONS.items():
        words = words.replace(f" {word} ", f" {short} ")
    return words.strip()


def _cut(text: str, length: int, *, at_hyphens: bool = False) -> str:
    """At most ``length`` characters, cut between words when a word boundary allows it (a
    compound name also between its parts), never on a dangling « DE », « ET »…"""
    if len(text) <= length:
        return text
    head = text[: length + 1]
    if at_hyphens:
        cut = max(head.rfind(" "), head.rfind("-"))
        kept = head[:cut].strip(" -") if cut > 0 else ""
        return kept or text[:length].strip()
    words = head.split(" ")[:-1]
    while len(words) > 1 and words[-1].upper() in DANGLING:
        words.pop()
    kept = " ".join(words).strip()
    return kept if kept else text[:length].strip()


def fit(text: str, length: int = LINE_LENGTH) -> tuple[str, bool]:
    """The line as typed when it fits; otherwise its postal form, abbreviated, then cut."""
    text = _clean(text)
    if len(text) <= length:
        return text, False
    return _cut(_abbreviate(postal_form(text)), length), True


def _name_line(civility: str, first_name: str, last_name: str) -> tuple[str, bool]:
    """« Madame Martine DUFOUR »; shortened step by step: Mme, the initial, no first name."""
    civility, first, last = _clean(civility), _clean(first_name), _clean(last_name).upper()
    short_civility = CIVILITY_SHORT.get(civility, civility)
    initial = f"{first[0].upper()}." if first else ""
    for candidate in (
        [civility, first, last],
        [short_civility, first, last],
        [short_civility, initial, last] if last else [short_civility, first],
        [short_civility, last] if last else [short_civility, first],
    ):
        line = " ".join(part for part in candidate if part)
        if len(line) <= LINE_LENGTH:
            return line, candidate != [civility, first, last]
    line = " ".join(part for part in [short_civility, last or first] if part)
    return _cut(line, LINE_LENGTH, at_hyphens=True), True


def is_france(country: str) -> bool:
    return postal_form(country) in FRANCE_NAMES


def address_block(address: PostalAddress) -> AddressBlock:
    abroad = not is_france(address.country)
    name, shortened = _name_line(address.civility, address.first_name, address.last_name)
    lines: list[str] = [name] if name else []
    middle = []
    for text in (address.recipient, address.building, address.street, address.locality):
        line, cut = fit(text)
        shortened |= cut
        middle.append(line)
    postal_code = postal_form(address.postal_code)
    town = postal_form(address.town)
    if not abroad and len(town) > TOWN_LENGTH:
        town, shortened = _cut(_abbreviate(town), TOWN_LENGTH), True
    last, cut = fit(f"{postal_code} {town}".strip())
    shortened |= cut
    country, cut = fit(postal_form(address.country)) if abroad else ("", False)
    shortened |= cut

    missing = []
    if not (_clean(address.street) or _clean(address.locality)):
        missing.append("le numéro et la voie (ou le lieu-dit)")
    if not postal_code:
        missing.append("le code postal")
    if not town:
        missing.append("la ville" if abroad else "la commune")

    # Abroad, the country takes a line: two complements share one when seven would be needed.
    recipient, building, street, locality = middle
    if abroad and all(middle) and name:
        merged, cut = fit(f"{recipient} {building}")
        recipient, building, shortened = merged, "", shortened | cut
    lines += [line for line in (recipient, building, street, locality, last, country) if line]
    return AddressBlock(lines=tuple(lines[:MAX_LINES]), missing=tuple(missing), shortened=shortened)


def salutation(civility: str, last_name: str) -> str:
    """« Madame Dupont », « Monsieur », or « Madame, Monsieur » when the civility is unknown."""
    civility, last = _clean(civility), _clean(last_name)
    if civility not in CIVILITY_SHORT:
        return "Madame, Monsieur"
    if last.isupper():
        last = last.title()
    return f"{civility} {last}".strip()
