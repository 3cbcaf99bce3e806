"""The shapes that identify someone whatever the words around them: e-mail addresses, French
phone numbers, the NIR (its key checked), dates of birth (a date said to be one), postal
addresses, named places below the commune, and names after a title (« Mme Roux », « docteur
lefebvre »). Each finder yields ``(start, end, label)`` spans of the text it is given."""

import re
from collections.abc import Iterator

from lien.lib import nir
from lien.lib.pseudonymise import gazetteer
from lien.lib.text import search_key

Span = tuple[int, int, str]

# A word that may be part of a name: letters, inner hyphens and apostrophes (« N'Diaye »).
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*"
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’\-](?=[^\W\d_]))*)"

EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?![\w\-])")

_SEP = r"[ \u00a0.\-]?"
TELEPHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33" + _SEP + r"(?:\(0\)" + _SEP + r")?[1-9]|0[1-9])"
    r"(?:" + _SEP + r"\d{2}){4}(?![\d])"
)

# 15 characters (13 and a 2-digit key), with any grouping by spaces, dots or dashes.
NIR_CANDIDATE = re.compile(r"(?<![\w])[12378](?:[ \u00a0.\-]?(?:\d|[AaBb](?=\d)|(?<=2)[AaBb])){14}(?![\w])")

_MONTHS = (
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    r"décembre|decembre|janv\.?|févr\.?|fevr\.?|avr\.?|juil\.?|sept\.?|oct\.?|nov\.?|déc\.?|dec\.?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:1er|\d{1,2})\s+" + _MONTHS + r"\s+\d{4})"
)
DATE_NAISSANCE = re.compile(
    r"(?:"
    # « né le », « née Khelifi le », « né(e) le », « nés en »
    r"(?i:\bn[ée]{1,2}(?:\(e\)|s)?)(?!\w)(?:\s+[A-ZÀ-Ý][\w\-]+)?(?i:\s*(?:le|du)?\s*:?\s*)"
    # « date de naissance … : le », « naiss. », « DDN », « DN »: a few words may come between
    r"|(?i:\bdate\s+de\s+naissance|\bdate\s+naiss\.?|\bnaissance|\bnaiss\.)[^\d.;!?]{0,60}?"
    # « DDN : », « DDN administrative », « DDN (estimée) : »
    r"|\b(?:DDN|DN|D\.N\.)(?:\s*\(?[^\W\d]+\)?){0,2}\s*:?\s*"
    r")"
    r"(?P<date>" + _DATE + r")(?!\d)",
)

_STREET_TYPES = (
    r"rue|avenue|av\.|bd|boulevard|chemin|impasse|allée|allee|place|route|quai|cours|square|"
    r"passage|faubourg|rond-point|voie|sentier|lotissement|montée|traverse|esplanade|promenade|"
    r"parvis|chaussée|ruelle|sente|villa|hameau|cité|résidence|domaine|mail|périphérique|rte"
)
_PARTICLE = r"(?:de|du|des|de\s+la|de\s+l['’]|d['’]|la|le|les|l['’]|à|aux|au|en|sur|sous|et)"
# Inside a street's name (« à Limoux » after it is the town, not the street).
_STREET_PARTICLE = r"(?i:de|du|des|de\s+la|de\s+l['’]|d['’]|la|le|les|l['’])"
_STREET_NAME = (
    r"(?:" + _STREET_PARTICLE + r"\s*)?(?:\d{1,4}\s+)?(?:" + _NAME_WORD + r")"
    r"(?:[ \-](?:" + _STREET_PARTICLE + r"\s*)?"
    r"(?:" + _CAP_WORD + r"|\d{1,4}\b(?=\s+[A-Za-zéû])|" + _MONTHS + r"|\d{4}\b))*"
)
_TOWN_WORD = r"(?!(?i:cedex)\b)" + _CAP_WORD
_TOWN = (
    r"\d{5}\s+" + _TOWN_WORD + r"(?:[ \-](?:" + _PARTICLE + r"[ \-]?)?" + _TOWN_WORD + r")*"
    r"(?:\s+(?i:cedex)(?:\s+\d{1,2}\b)?)?"
)
# What may stand between a street and its town: « bât. B », « appt 14 ».
_COMPLEMENT = (
    r"(?:,?\s+(?:(?i:bât\.?|bâtiment|appt\.?|appartement|apt\.?|escalier|esc\.?|porte|logement)\s*\w{1,4}\b"
    # « 45 avenue de la République, résidence Les Acacias, appt 12, 13014 Marseille »
    r"|(?i:résidence|cité|immeuble|tour|lotissement|domaine|hameau|lieu-dit)\s+"
    r"(?:"
    + _STREET_PARTICLE
    + r"\s*)?"
    + _CAP_WORD
    + r"(?:[ \-](?:"
    + _STREET_PARTICLE
    + r"[ \-]?)?"
    + _CAP_WORD
    + r")*"
    r"(?=,?\s+(?:\d|(?i:bât|appt|apt|appartement|escalier|esc)))))*"
)
ADRESSE = re.compile(
    r"(?<![\w])(?:"
    # [Appartement 12, ]12 bis rue des Lilas[, bât. B][, 11300 Limoux]
    r"(?:(?i:appartement|appt\.?|bâtiment|bât\.?)\s*\w{1,4},?\s+)?"
    r"\d{1,4}(?:\s?(?i:bis|ter|quater|[a-d])\b)?,?\s+(?i:"
    + _STREET_TYPES
    + r")\s+"
    + _STREET_NAME
    + _COMPLEMENT
    + r"(?:,?\s+"
    + _TOWN
    + r")?"
    # chemin de la Garrigue, 11190 Couiza
    + r"|(?i:"
    + _STREET_TYPES
    + r")\s+"
    + _STREET_NAME
    + _COMPLEMENT
    + r",?\s+"
    + _TOWN
    # BP 42, 59600 Maubeuge Cedex
    + r"|(?:BP|CS|TSA)\s*\d{1,6},?\s+"
    + _TOWN
    + r")"
)

_PLACE_HEADS = (
    r"centre\s+de\s+santé|centre\s+social|centre\s+commercial|centre\s+hospitalier|maison\s+de\s+santé|"
    r"pension\s+de\s+famille|foyer\s+de\s+jeunes\s+travailleurs|aire\s+d['’]accueil|"
    # Where people are sheltered, cared for, or live apart.
    r"foyer\s+de\s+travailleurs(?:\s+migrants)?|foyer\s+de\s+l['’]enfance|foyer\s+d['’](?:hébergement|accueil)|"
    r"hôtel\s+social|résidence\s+sociale|résidence\s+autonomie|maison\s+relais|accueil\s+de\s+jour|"
    r"centre\s+d['’]hébergement(?:\s+d['’]urgence)?|centre\s+de\s+rétention(?:\s+administrative)?|"
    r"centre\s+médico-social|groupe\s+hospitalier|cité\s+universitaire|aire\s+de\s+grand\s+passage|"
    r"gymnase|ferme|bergerie|moulin|stade|maternité|CHU|CHR|"
    r"hameau|quartier|cité|cite|résidence|residence|foyer|lieu-dit|lieudit|squat|camp|campement|camping|"
    r"immeuble|place|lotissement|bidonville|pont|tour|"
    r"hôpital|hopital|clinique|EHPAD|ehpad|CHRS|chrs|CADA|cada|HUDA|huda|"
    r"internat|caserne|parc|jardin|square|marché|gare|mas|domaine|"
    r"rue|avenue|boulevard|chemin|impasse|allée|route"
)
# Inside a place's name, a second place word: « squat de la rue Servient », « de l'ancienne caserne ».
_INNER_PLACE = (
    r"(?:(?:ancienne?|vieux|vieille)\s+)?"
    r"(?:rue|avenue|boulevard|chemin|caserne|usine|gare|cité|route|zone|école|clinique|hôpital|pont|place|"
    r"parc|ferme|impasse|allée|quai|église)\s+"
)
_PLACE_NAME = (
    r"(?:(?:" + _STREET_PARTICLE + r")\s*)?(?:" + _INNER_PLACE + r"(?:(?:" + _STREET_PARTICLE + r")\s*)?)?"
    r"(?:" + _CAP_WORD + r")(?:[ \-](?:(?:" + _STREET_PARTICLE + r")[ \-]?)?(?:" + _CAP_WORD + r"))*"
)
# A named place: a head noun, then a proper name; a building by its letter or number.
LIEU = re.compile(
    r"(?<![\w])(?:(?i:"
    + _PLACE_HEADS
    + r")\s+"
    + _PLACE_NAME
    + r"|(?i:bâtiment|bât\.|immeuble|tour|escalier|bloc)\s*(?:[A-Z]|\d{1,3})\b(?!\s*(?:h|%|€|ans|mois))"
    + r")"
)

# Abbreviations in their case only (« me » is a pronoun), words in any case (« docteur lefebvre »).
_TITLE_WORDS = (
    r"(?:M\.|MM\.|Mme|Mmes|Mlle|Mlles|Dr\.?|Dre|Pr\.?|Me(?=\s+[A-Z]))"
    r"|(?i:madame|monsieur|mademoiselle|messieurs|mesdames|docteure?|professeure?|maître|maitre|mme|mlle|mr|dr)"
    r"|m\.(?=\s+[^\W\d_])"
)
TITLE = re.compile(r"(?<![\w])(?:" + _TITLE_WORDS + r")(?![\w])")
_TITLE_AT_START = re.compile(r"(?:(?:" + _TITLE_WORDS + r"|(?i:m\.|mme|mlle|mr|dr|pr))(?![\w])\s*)+")
_NAME_PARTICLE = r"(?:de|du|des|de\s+la|d['’]|le|la|van|von|der|den|ben|bin|ibn|el|al|da|dos|di|del)"
TITLED_NAME = re.compile(
    r"(?<![\w])(?:" + _TITLE_WORDS + r")(?![\w])\s+"
    r"(?P<name>(?:"
    + _NAME_PARTICLE
    + r"\s+)?"
    + _NAME_WORD
    + r"(?:[ \-](?:"
    + _NAME_PARTICLE
    + r"[ \-]?)?"
    + _CAP_WORD
    + r")*)"
)


def emails(text: str) -> Iterator[Span]:
    for match in EMAIL.finditer(text):
        yield match.start(), match.end(), "EMAIL"


def phones(text: str) -> Iterator[Span]:
    for match in TELEPHONE.finditer(text):
        yield match.start(), match.end(), "TELEPHONE"


def nirs(text: str) -> Iterator[Span]:
    """Only numbers whose key is right: a dossier number of the same length is not a NIR."""
    for match in NIR_CANDIDATE.finditer(text):
        if nir.is_valid(match.group()):
            yield match.start(), match.end(), "NIR"


def dates_of_birth(text: str) -> Iterator[Span]:
    for match in DATE_NAISSANCE.finditer(text):
        yield match.start("date"), match.end("date"), "DATE_NAISSANCE"


def addresses(text: str) -> Iterator[Span]:
    for match in ADRESSE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in " ,.-":
            end -= 1
        yield match.start(), end, "ADRESSE"


_STOP_AFTER_HEAD = {"de", "du", "des", "la", "le", "les", "l", "d", "à", "au", "aux", "en", "et"}


# Heads whose « de X » may name the commune itself: « le centre de santé de Pierre-Bénite ».
_TOWN_AFTER = re.compile(r"\s+(?:de|du|d['’])\s*(?P<town>" + _CAP_WORD + r"(?:[ \-]" + _CAP_WORD + r")*)$")
_SETTLEMENTS = re.compile(
    r"(?i:hameau|quartier|cité|cite|lieu-dit|lieudit|mas|domaine|ferme|bergerie|moulin|lotissement|camp|campement|"
    r"squat|bidonville|rue|avenue|boulevard|chemin|impasse|allée|route|place|pont|parc|jardin|square)\b"
)
# The operators of shelters: « le foyer Adoma » names no place, « le foyer Adoma Les Glycines » does.
_OPERATORS = frozenset(
    "adoma coallia adef sonacotra aftam emmaus croix-rouge samusocial habitat humanisme aurore "
    "cada huda chrs ehpad".split()
)


def places(text: str) -> Iterator[Span]:
    """Named places below the commune: « hameau des Crozes », « bâtiment C »; not the commune
    after an institution (« centre de santé de Pierre-Bénite »), nor an operator alone."""
    for match in LIEU.finditer(text):
        found = match.group()
        town = _TOWN_AFTER.search(found)
        if town and not _SETTLEMENTS.match(found) and _is_commune(town.group("town")):
            continue
        words = found.split()
        if len(words) == 2 and search_key(words[1]) in _OPERATORS:
            continue
        yield match.start(), match.end(), "LIEU"


def _is_commune(name: str) -> bool:
    key = search_key(name)
    return key in gazetteer.communes() or key in gazetteer.territories()


def titled_names(text: str, stop_words: frozenset[str]) -> Iterator[Span]:
    """The name after a title, in any case (« docteur lefebvre », « madame rose »), unless the
    word after the title is a function word (« le docteur est parti »)."""
    for title in TITLE.finditer(text):
        match = TITLED_NAME.match(text, title.start())  # « M. et Mme Mercier »: each title looked at
        if match is None:
            continue
        name = match.group("name")
        if any(TITLE.fullmatch(word) for word in name.split()):
            continue
        words = re.split(r"[ \-'’]", name)
        first = words[0].casefold()
        if len(name) < 2 or (
            first in ("m", "t", "s", "j", "l", "qu") and name[len(first) : len(first) + 1] in "'’"
        ):
            continue  # « Dr B. », « le docteur m'a dit »
        if search_key(words[-1]) in NOT_NAMES_AFTER_TITLE:
            continue  # « le monsieur de la CPAM »
        if first in stop_words or first in COMMON_AFTER_TITLE:
            # « madame Le Gall », « Mme de La Fontaine » are names, « monsieur le maire » is not.
            if not (len(words) > 1 and words[-1][:1].isupper()):
                continue
        yield match.start("name"), match.end("name"), "NOM"


def strip_title(start: int, end: int, text: str) -> tuple[int, int]:
    """A name span without the title before it (« Mme Rose Marchand » → « Rose Marchand »)."""
    found = _TITLE_AT_START.match(text, start, end)
    if found:
        start = found.end()
    return start, end


# Institutions that follow « monsieur de la… »: not a name.
NOT_NAMES_AFTER_TITLE = frozenset(
    "cpam caf ccas msa carsat pass pmi mairie prefecture securite sociale mdph ars chu hopital".split()
)

# Words that follow a title and are not a name: « le docteur traitant », « monsieur le maire ».
COMMON_AFTER_TITLE = frozenset(
    {
        "traitant",
        "traitante",
        "généraliste",
        "generaliste",
        "spécialiste",
        "specialiste",
        "référent",
        "référente",
        "referent",
        "maire",
        "directeur",
        "directrice",
        "médiateur",
        "médiatrice",
        "conciliateur",
        "adjoint",
        "adjointe",
        "psychiatre",
        "dentiste",
        "gynécologue",
        "pédiatre",
        "ophtalmologue",
        "cardiologue",
        "dermatologue",
        "infirmier",
        "infirmière",
        "pharmacien",
        "pharmacienne",
        "président",
        "présidente",
        "responsable",
        "x",
        "y",
    }
)
