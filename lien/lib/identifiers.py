"""What may identify someone in a free text, said to the person who writes it (a warning) and
replaced before it is shown for advocacy (``mask``).

One detector for every path: the pseudonymiser (``lien.lib.pseudonymise``: shapes, the names
given, the French model). ``names`` are the names the caller knows (the person's own, those of
the organisation: ``lien.people.names.known_names``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from lien.lib.pseudonymise import KnownNames, pseudonymise, pseudonymise_many

# The words the pages and the API use for each label of the pseudonymiser.
KINDS = {
    "NOM": "name",
    "LIEU": "place",
    "ADRESSE": "address",
    "TELEPHONE": "phone",
    "EMAIL": "email",
    "DATE_NAISSANCE": "birth_date",
    "NIR": "nir",
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a value of KINDS
    text: str

    @property
    def label(self) -> str:
        return {
            "nir": "numéro de sécurité sociale",
            "phone": "numéro de téléphone",
            "email": "adresse e-mail",
            "name": "nom",
            "place": "lieu",
            "address": "adresse postale",
            "birth_date": "date de naissance",
        }[self.kind]


def find_identifiers(
    text: str, names: Iterable[str | None] = (), known: Iterable[str | None] = ()
) -> list[Finding]:
    """What looks like an identifier in ``text``, in order of appearance (each once): ``names``
    (the person's own) in any case, ``known`` (the organisation's) where written with a capital."""
    result = pseudonymise(text or "", KnownNames(known, own=names))
    findings = [Finding(KINDS[entity.label], entity.text) for entity in result.entities]
    return list(dict.fromkeys(findings))


def mask(text: str, names: Iterable[str | None] = ()) -> str:
    """``text`` with every finding replaced by the typed mark of its label (``PLACEHOLDERS``:
    « [NOM] », « [TÉLÉPHONE] » and the five others)."""
    return pseudonymise(text or "", KnownNames(own=names)).text


def mask_many(texts: list[str], names: Iterable[str | None] = ()) -> list[str]:
    """``mask`` over many texts at once (the model reads them in one batch)."""
    return [result.text for result in pseudonymise_many(texts, KnownNames(own=names))]
