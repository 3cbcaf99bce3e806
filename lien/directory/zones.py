"""Places named in words: an eligibility zone written as free text (an HSDS ``service_area``
such as « Département de l'Aude » or « Haute vallée de l'Aude »), and the data·inclusion zone
codes of those that name a commune, a département or a région Lien knows (``lien.communes``).

Names are compared without accents, case, hyphens or apostrophes. A région stands for its
départements (data·inclusion has no région code: « lister les codes des départements »); a name
several communes share (« Saint-Martin ») names none of them. Anything else stays text only.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from lien.communes.models import Commune
from lien.lib.text import search_key

# What may come before the name itself, as ``search_key`` writes it (longest first).
PREFIXES = (
    "departement de la ",
    "departement de l ",
    "departement des ",
    "departement de ",
    "departement du ",
    "departement d ",
    "departement ",
    "region ",
    "commune de ",
    "commune d ",
    "commune ",
    "ville de ",
    "ville d ",
)


def name_keys(text: str) -> list[str]:
    """The keys a text may name a place by: as written, then without « Département de »…"""
    key = search_key(text)
    keys = [key] if key else []
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix) :])
            break
    return keys


@dataclass
class Places:
    """The places some texts may name: two queries, then ``codes`` for each text."""

    departements: dict[str, str] = field(default_factory=dict)  # name key -> code
    regions: dict[str, list[str]] = field(default_factory=dict)  # name key -> its départements
    communes: dict[str, list[str]] = field(default_factory=dict)  # name key -> INSEE codes

    @classmethod
    def named_in(cls, texts: Iterable[str]) -> "Places":
        keys = {key for text in texts for key in name_keys(text)}
        places = cls()
        if not keys:
            return places
        regions: dict[str, set[str]] = {}
        for departement, departement_name, region_name in (
            Commune.objects.order_by()
            .values_list("departement", "departement_name", "region_name")
            .distinct()
        ):
            places.departements[search_key(departement_name)] = departement
            regions.setdefault(search_key(region_name), set()).add(departement)
        places.regions = {key: sorted(codes) for key, codes in regions.items()}
        for code, key in Commune.objects.filter(search_name__in=keys).values_list(
            "insee_code", "search_name"
        ):
            places.communes.setdefault(key, []).append(code)
        return places

    def codes(self, text: str) -> list[str]:
        """The zone codes ``text`` names (a département, a région's départements, a commune),
        or none."""
        for key in name_keys(text):
            if key in self.departements:
                return [self.departements[key]]
            if key in self.regions:
                return self.regions[key]
            if len(self.communes.get(key, [])) == 1:
                return self.communes[key]
        return []
