"""Codes of the directory. The reference lists of the field come from the data·inclusion
package itself (v1), so that nothing is lost in exchange; Lien adds only what no list carries
(health typologies, languages, orientation difficulties)."""

import json
from pathlib import Path

from data_inclusion.schema.v1 import (
    Categorie,
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.lib.text import search_key

STANDARDS_DIR = Path(__file__).resolve().parent / "exchange" / "standards"

# Lien publishes its data·inclusion records under this producer name.
LIEN_SOURCE = "lien"

# An entry not verified for this long is flagged "à vérifier".
VERIFY_AFTER_DAYS = 180


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Mon organisation seulement")
    NETWORK = "network", _("Publiée aux organisations du réseau (lecture seule)")


class DifficultyKind(models.TextChoices):
    REFUSED = "refused", _("Refus de prise en charge")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    UNREACHABLE = "unreachable", _("Injoignable")
    NOT_ELIGIBLE = "not_eligible", _("Conditions non remplies")
    OTHER = "other", _("Autre difficulté")


def _choices(enum) -> list[tuple[str, str]]:
    return [(item.value, item.label) for item in enum]


THEMATICS = _choices(Thematique)
THEMATIC_LABELS = dict(THEMATICS)
CATEGORIES = _choices(Categorie)
CATEGORY_LABELS = dict(CATEGORIES)
# The health thematics first: they are the mediators' daily work.
HEALTH_CATEGORY = "sante"
PUBLICS = _choices(Public)
FEES = _choices(Frais)
FREE = Frais.GRATUIT.value
SERVICE_TYPES = _choices(TypeService)
RECEPTION_MODES = _choices(ModeAccueil)
MOBILISATION_MODES = _choices(ModeMobilisation)
MOBILISABLE_BY = _choices(PersonneMobilisatrice)
NETWORKS = _choices(ReseauPorteur)


def _alphabetical(label: object) -> str:
    return search_key(str(label))  # « Équipement » among the E


def thematic_choices_grouped() -> list:
    """Thematics grouped by category for a <select> with <optgroup>: health first, then the other
    categories in alphabetical order; the thematics of each in alphabetical order too."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in THEMATICS:
        groups.setdefault(code.split("--")[0], []).append((code, label))
    others = sorted(
        (code for code in groups if code != HEALTH_CATEGORY),
        key=lambda code: _alphabetical(CATEGORY_LABELS.get(code, code)),
    )
    return [
        (CATEGORY_LABELS.get(code, code), sorted(groups[code], key=lambda item: _alphabetical(item[1])))
        for code in [HEALTH_CATEGORY, *others]
        if code in groups
    ]


def thematic_search_choices() -> list:
    """A whole category or one thematic, for searching by need."""
    grouped = []
    for label, items in thematic_choices_grouped():
        category = items[0][0].split("--")[0]
        grouped.append((label, [(category, _("%(category)s — tout") % {"category": label}), *items]))
    return [("", _("Tous les besoins")), *grouped]


def _v0_typologies() -> list[tuple[str, str]]:
    data = json.loads((STANDARDS_DIR / "data-inclusion" / "typologies-de-structures.json").read_text())
    return [(item["value"], item["label"]) for item in data]


# Health structures that the data·inclusion list does not name.
LIEN_TYPOLOGIES = [
    ("PASS", "Permanence d'accès aux soins de santé (PASS)"),
    ("CEGIDD", "Centre gratuit d'information, de dépistage et de diagnostic (CeGIDD)"),
    ("CDS", "Centre de santé"),
    ("MSP", "Maison de santé pluriprofessionnelle (MSP)"),
    ("PMI", "Protection maternelle et infantile (PMI)"),
    ("CH", "Centre hospitalier"),
    ("CPTS", "Communauté professionnelle territoriale de santé (CPTS)"),
    ("AIDE_ALIM", "Aide alimentaire"),
]
TYPOLOGIES = sorted(_v0_typologies() + LIEN_TYPOLOGIES, key=lambda item: item[1].casefold())
TYPOLOGY_LABELS = dict(TYPOLOGIES)

# ISO 639 codes (639-1 where it exists) of the languages most often needed in mediation.
LANGUAGES = [
    ("fr", _("français")),
    ("en", _("anglais")),
    ("ar", _("arabe")),
    ("ber", _("berbère (tamazight)")),
    ("es", _("espagnol")),
    ("pt", _("portugais")),
    ("it", _("italien")),
    ("de", _("allemand")),
    ("ro", _("roumain")),
    ("bg", _("bulgare")),
    ("pl", _("polonais")),
    ("ru", _("russe")),
    ("uk", _("ukrainien")),
    ("ka", _("géorgien")),
    ("hy", _("arménien")),
    ("sq", _("albanais")),
    ("tr", _("turc")),
    ("fa", _("persan (dari, farsi)")),
    ("ps", _("pachto")),
    ("ta", _("tamoul")),
    ("bn", _("bengali")),
    ("ur", _("ourdou")),
    ("zh", _("chinois")),
    ("vi", _("vietnamien")),
    ("so", _("somali")),
    ("ti", _("tigrigna")),
    ("am", _("amharique")),
    ("wo", _("wolof")),
    ("ff", _("peul")),
    ("bm", _("bambara")),
    ("ln", _("lingala")),
    ("fsl", _("langue des signes française (LSF)")),
]
LANGUAGE_LABELS = dict(LANGUAGES)

WEEKDAYS = [
    (1, _("lundi")),
    (2, _("mardi")),
    (3, _("mercredi")),
    (4, _("jeudi")),
    (5, _("vendredi")),
    (6, _("samedi")),
    (7, _("dimanche")),
]
