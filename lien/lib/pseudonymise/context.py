"""Names told by the words around them, whether or not a list knows them: after a word of
kinship or of a role (« sa fille Mahtab », « la médiatrice Anrifa »), a verb of naming
(« il s'appelle Kamal », « on l'appelle Prairie »), a field of a form (« Nom : HAKOBYAN »), a
family (« la famille Stan », « chez les Boissonnade »), or before « c'est mon nom ».

Each finder yields ``(start, end, "NOM")`` spans; the words a name is made of are checked here
(a capital, or a first name of the lists in lower case; no function word, no word of an
institution, no month, no place).
"""

import re
from collections.abc import Callable, Iterator

from lien.lib.pseudonymise import gazetteer
from lien.lib.pseudonymise.rules import TITLE, Span
from lien.lib.text import search_key

_LETTER = r"[^\W\d_]"
_NAME_WORD = _LETTER + r"(?:" + _LETTER + r"|['’\-](?=" + _LETTER + r"))*"
_PARTICLE = (
    r"(?:de|du|des|de\s+la|d['’]|le|la|van|von|der|den|ben|bin|ibn|el|al|da|dos|di|del|ould|aït|ait|abou|abu)"
)
# Up to four words: « Mahtab », « Gul Bibi Noori », « Anne de la Fontaine », « RĂDULESCU Lăcrămioara ».
_NAME = r"(?P<name>" + _NAME_WORD + r"(?:[ \-](?:" + _PARTICLE + r"[ \-])?" + _NAME_WORD + r"){0,3})"

# Words that stand before a person's name as a title does: kinship, roles of the people met.
_KIN = (
    r"fils|fille|filles|mère|père|frère|frères|sœur|soeur|sœurs|mari|époux|épouse|femme|conjoint|conjointe|"
    r"compagnon|compagne|cousin|cousine|oncle|tante|neveu|nièce|grand-mère|grand-père|petit-fils|"
    r"petite-fille|belle-sœur|belle-soeur|beau-frère|belle-mère|beau-père|belle-fille|beau-fils|bébé|"
    r"enfant|aîné|aînée|cadet|cadette|benjamin|benjamine|voisin|voisine|ami|amie|copain|copine|"
    r"tonton|tata|tatie|tantine|mamie|mamy|papi|papy|mémé|pépé|marraine|parrain|fiancé|fiancée|"
    r"tuteur|tutrice|petit-ami|petite-amie|colocataire|logeur|logeuse|hébergeant|hébergeante|"
    r"employeur|patron|patronne"
)
_ROLE = (
    r"médiateur|médiatrice|infirmier|infirmière|éducateur|éducatrice|bénévole|bénévoles|interprète|"
    r"traducteur|traductrice|assistante\s+sociale|assistant\s+social|aide-soignante|aide-soignant|"
    r"auxiliaire\s+de\s+vie|aide\s+à\s+domicile|stagiaire|interne|collègue|coordinatrice|coordinateur|"
    r"référent|référente|secrétaire|président|présidente|trésorier|trésorière|animateur|animatrice|"
    r"conseiller|conseillère|psychologue|sage-femme|kinésithérapeute|pharmacien|pharmacienne|"
    r"patient|patiente|résident|résidente|usager|usagère|bénéficiaire|requérant|requérante|"
    r"assuré|assurée|intéressé|intéressée|défunt|défunte|mandataire|curateur|curatrice|avocat|avocate"
)
# « il s'appelle », « on l'appelle », « surnommé », « de son vrai nom », « (dit « Papis ») ».
_NAMING = (
    r"(?:s['’]|m['’]|t['’]|l['’]|les\s+|se\s+)appel(?:le|les|lent|ait|aient|é|ée|és|ées)|se\s+nomme|"
    r"surnomm(?:é|ée|és|ées)|prénomm(?:é|ée)|nomm(?:é|ée)|dénomm(?:é|ée)|alias|"
    r"(?:de\s+son|de\s+mon|son|mon)\s+vrai\s+nom(?:\s+(?:est|c['’]est))?|"
    r"(?:mon|son|ton|leur)\s+(?:nom|prénom)\s+(?:c['’]est|est)|"
    r"(?<=[(,])\s*dite?|(?<=[(,]\s)dite?"
)
_KIN_OR_ROLE = re.compile(r"(?<![\w-])(?i:" + _KIN + r"|" + _ROLE + r")(?:\s*,)?\s+«?\s*" + _NAME)
_NAMED = re.compile(r"(?<![\w-])(?i:" + _NAMING + r")\s*:?\s*«?\s*" + _NAME)

_CAPITAL = r"(?=[A-ZÀ-ÖØ-Þ])"
_CAP_NAME_WORD = _CAPITAL + _NAME_WORD

# The fields of a form, of a saisine: one name after each.
_FIELD = re.compile(
    r"(?<![\w'’-])(?i:nom(?:\s+de\s+(?:naissance|famille|jeune\s+fille)|\s+d['’]usage|\s+marital|\s+et\s+prénoms?)?"
    r"|prénoms?|représentante?\s+légale?|personne\s+à\s+prévenir|identité|ayant\s+droit|"
    r"patiente?|assurée?|requérante?|bénéficiaire|demandeur|demandeuse|signataire|rédigé\s+par|"
    r"rédaction|animation|prise\s+de\s+notes)\s*:\s*" + _CAPITAL + _NAME
)
# The lists of people of a meeting: « Présents : fatou, hugo, dr kessler ; excusé : julien ».
_LIST = re.compile(
    r"(?<![\w'’-])(?i:présents?|présentes|excusée?s?|absente?s?|membres?|participants?|participantes?|"
    r"référente?s?|invitée?s?)\s*:\s*(?P<items>[^.;:\n]+?)(?=\s*(?:$|[.;\n]|[,–—-]?\s*[^\W\d_]+\s*:))"
)
_ITEM_START = re.compile(r"^\s*(?:(?i:et|puis)\s+)?")

# « la famille Stan », « chez les Boissonnade », « Les Petrescu vivent… »: a family's name is not
# put in the plural in French, where a common noun after « les » ends in -s or -x.
_FAMILY = re.compile(
    r"(?<![\w'’-])(?i:famille|famille\s+de|les|chez\s+les)\s+(?P<name>" + _CAP_NAME_WORD + r")(?![\w'’-])"
)
# « Blanc, c'est le nom de son ex-mari », « Renard est le nom de jeune fille de… »
_THIS_IS_THE_NAME = re.compile(
    r"(?P<name>" + _CAP_NAME_WORD + r")(?=\s*,?\s+(?:c['’]est|est|n['’]est)\s+"
    r"(?:pas\s+)?(?:bien\s+)?(?:mon|son|ton|le|leur|un|notre)\s+(?:vrai\s+)?(?:nom|prénom|surnom)\b)"
)
# « son nom de naissance, Sauvage, » « le nom du médecin, Blaes, »
_NAME_AFTER_NOUN = re.compile(
    r"(?i:\bnom|\bprénom|\bsurnom)(?:\s+(?:de\s+naissance|de\s+famille|de\s+jeune\s+fille|d['’]usage|marital|"
    r"du\s+\w+|de\s+la\s+\w+|de\s+l['’]\w+|de\s+son\s+\w+|de\s+sa\s+\w+))?\s*(?:,|:)\s*«?\s*"
    r"(?P<name>" + _CAP_NAME_WORD + r")"
)

MONTHS_AND_DAYS = frozenset(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)


def name_word_ok(
    word: str,
    not_a_name: frozenset[str],
    stop_words: frozenset[str],
    listed: bool = False,
    first: bool = False,
) -> bool:
    """May ``word`` be (part of) a person's name here? ``listed``: in an item of a list of people
    (``first``: its first word), which begins with a name of the lists (« Mairie » does not), in
    lower case even if it is also a word (« julien »)."""
    key = search_key(word)
    if (
        len(key) < 2
        or key in not_a_name
        or TITLE.fullmatch(word)
        or word.casefold() in stop_words
        or key in MONTHS_AND_DAYS
    ):
        return False
    if gazetteer.is_place_name(key) or word.startswith(("Saint-", "Sainte-", "St-")):
        return False
    listed_name = key in gazetteer.first_names() or key in gazetteer.last_names()
    if listed and first:
        return key in gazetteer.first_names() or (listed_name and key not in gazetteer.first_names_words())
    if word.casefold().endswith(("é", "ée", "és", "ées")) and not listed_name:
        return False  # « Patient : Hospitalisé »: a past participle (« René », « Traoré » are listed)
    if word[0].isupper():
        return True
    # In lower case, only a first name of the lists that is not also a word.
    return listed_name and (listed or key not in gazetteer.first_names_words())


_PARTICLE_WORDS = frozenset(
    "de du des la d le van von der den ben bin ibn el al da dos di del ould aït ait abou abu".split()
)


def _trim(text: str, start: int, end: int, accept: Callable[[str, bool], bool]) -> Span | None:
    """The longest run of name words from ``start``, one space or hyphen apart; a particle only
    between two names (« Anne de la Fontaine »); after a capital, capitals only (« Bilel a »)."""
    kept_end = None
    previous_end = start
    index = 0
    for word in re.finditer(_NAME_WORD, text[start:end]):
        value = word.group()
        if text[previous_end : start + word.start()] not in ("", " ", "-") or (
            index == 0 and word.start() > 0
        ):
            break
        previous_end = start + word.end()
        index += 1
        if value.casefold().rstrip("'’") in _PARTICLE_WORDS and index > 1:
            continue  # decided by the word after it
        if not accept(value, index == 1) or (index == 1 and value.casefold() in _PARTICLE_WORDS):
            break
        if index > 1 and not value[0].isupper() and text[start].isupper():
            break
        kept_end = start + word.end()
    if kept_end is None:
        return None
    return start, kept_end, "NOM"


def cue_names(text: str, not_a_name: frozenset[str], stop_words: frozenset[str]) -> Iterator[Span]:
    def accept(word: str, first: bool) -> bool:
        return name_word_ok(word, not_a_name, stop_words)

    def accept_listed(word: str, first: bool) -> bool:
        return name_word_ok(word, not_a_name, stop_words, listed=True, first=first)

    for pattern in (_KIN_OR_ROLE, _NAMED, _FIELD, _FAMILY, _THIS_IS_THE_NAME, _NAME_AFTER_NOUN):
        for match in pattern.finditer(text):
            start, end = match.start("name"), match.end("name")
            head = text[start:end].split("-")[0]
            if pattern is _FAMILY and (head[-1] in "sxSX" or head.isupper()):
                continue  # « les Landes », « les Essarts-le-Roi »: a plural, a place; « les IJ »
            span = _trim(text, start, end, accept)
            if span is not None:
                yield span
    for match in _LIST.finditer(text):
        position = match.start("items")
        for item in match.group("items").split(","):
            stripped = _ITEM_START.sub("", item, count=1)
            begin = position + len(item) - len(stripped)
            position += len(item) + 1
            if TITLE.match(text, begin):
                continue  # « dr kessler »: the titled names' rule
            span = _trim(text, begin, begin + len(item.rstrip()), accept_listed)
            if span is not None:
                yield span
