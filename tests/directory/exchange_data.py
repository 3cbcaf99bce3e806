"""A directory using every field the standards carry, and a strategy of valid data·inclusion
documents, for the exchange tests."""

import json
from datetime import date
from pathlib import Path

from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lien.directory import enums
from lien.directory.enums import Visibility
from lien.directory.services import (
    contact_save,
    difficulty_report,
    meeting_save,
    partnership_note_save,
    service_create,
    structure_create,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards"
SECRET = "NOTE-PRIVEE-7f3a"


def datainclusion_validators() -> dict[str, Draft202012Validator]:
    """The JSON Schemas copied under shared/standards (data·inclusion v1)."""
    folder = SHARED / "data-inclusion" / "v1"
    return {
        kind: Draft202012Validator(json.loads((folder / f"{name}.json").read_text()))
        for kind, name in (("structures", "structure"), ("services", "service"))
    }


def hsds_validator() -> Draft202012Validator:
    folder = SHARED / "hsds-3.1" / "schema"
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in folder.glob("*.json")
    )
    schema = json.loads((folder / "service.json").read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def rich_directory(*, organisation, user):
    """Two structures with services using every field, one structure without service, contacts,
    and a partnership file whose notes carry ``SECRET``."""
    pass_ = structure_create(
        acting_user=user,
        organisation=organisation,
        name="PASS du Centre hospitalier de Carcassonne",
        description="Permanence d'accès aux soins de santé de l'hôpital.",
        siret="13003013300016",
        typology="PASS",
        networks=["cpam", "ccas-cias"],
        address="Route de Saint-Hilaire",
        address_complement="Bâtiment B",
        postal_code="11000",
        commune_name="Carcassonne",
        code_insee="11069",
        latitude=43.1957,
        longitude=2.3357,
        phone="04 65 71 10 10",
        email="pass@ch.example.org",
        website="https://ch.example.org",
        opening_hours="Mo-Fr 09:00-12:30,13:30-16:30; PH off",
        accessibility_url="https://acceslibre.example.org/pass",
        languages=["fr", "ar"],
        access_directions="Bus 2, arrêt Hôpital.",
        visibility=Visibility.NETWORK,
    )
    full = service_create(
        acting_user=user,
        structure=pass_,
        thematics=["sante--acces-aux-soins", "sante--sante-sexuelle"],
        name="Consultation sans couverture",
        description="Consultation et médicaments pour les personnes sans droits ouverts.",
        type="accompagnement",
        fees="gratuit",
        fees_details="Aucune avance de frais.",
        accepts_ame=True,
        accepts_c2s=False,
        publics=["femmes", "jeunes"],
        publics_details="Dès 16 ans.",
        access_conditions="Sans condition.",
        reception_modes=["a-distance", "en-presentiel"],
        mobilisation_modes=["se-presenter", "telephoner"],
        mobilisable_by=["professionnels", "usagers"],
        mobilisation_details="Appeler le matin.",
        booking_url="https://rdv.example.org/pass",
        coverage=["11", "11304", "france"],
        address="Consultations externes",
        postal_code="11000",
        commune_name="Carcassonne",
        code_insee="11069",
        latitude=43.196,
        longitude=2.336,
        phone="04 65 71 10 11",
        email="consultation@ch.example.org",
        opening_hours="Tu 14:00-17:00",
    )
    full.weekly_hours, full.weeks = 3.5, 4
    full.save(update_fields=["weekly_hours", "weeks"])
    service_create(
        acting_user=user,
        structure=pass_,
        thematics=[],
        name="Dépistage",
        description="Dépistage rapide du VIH et des hépatites.",
    )
    contact_save(acting_user=user, structure=pass_, name="Sophie Castel", role="Assistante sociale")
    contact_save(
        acting_user=user, structure=pass_, name="Dr Hélène Marty", service=full, phone="04 65 71 10 12"
    )
    plain = structure_create(
        acting_user=user,
        organisation=organisation,
        name="Permanence du mardi",
        opening_hours="sur rendez-vous",
    )
    service_create(
        acting_user=user,
        structure=plain,
        thematics=["sante--addictions"],
        name="Écoute",
        description="Écoute.",
    )
    structure_create(acting_user=user, organisation=organisation, name="Structure sans service")
    partnership_note_save(
        acting_user=user,
        organisation=organisation,
        structure=pass_,
        how_to_reach=f"Demander Sophie {SECRET}",
        waiting_times=f"Trois semaines {SECRET}",
        what_works=SECRET,
        notes=SECRET,
    )
    difficulty_report(
        acting_user=user,
        organisation=organisation,
        structure=pass_,
        kind="waiting_list",
        occurred_on=date(2025, 3, 1),
        description=SECRET,
    )
    meeting_save(
        acting_user=user,
        organisation=organisation,
        structures=[pass_],
        held_on=date(2025, 3, 2),
        participants=SECRET,
        topics=SECRET,
    )
    return pass_


# Valid data·inclusion documents -------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
_NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=3, max_size=60).filter(
    lambda s: s.strip() == s and len(s.strip()) >= 3
)
# Descriptions as people write them: no surrounding blanks (HSDS trims them).
_DESCRIPTION = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=5, max_size=200).filter(
    lambda text: text == text.strip()
)
_DIGITS = st.text("0123456789", min_size=1, max_size=1)
_URL = st.from_regex(r"\Ahttps://[a-z]{1,10}\.example\.org(/[a-z0-9]{1,8}){0,2}\Z")
_EMAIL = st.from_regex(r"\A[a-z]{1,8}(\.[a-z]{1,5})?@[a-z]{2,8}\.(org|fr)\Z")
_HOURS = st.sampled_from(["Mo-Fr 09:00-12:00", "Tu,Th 14:00-17:00; PH off", "24/7", "sur rendez-vous", "Sa"])
_INSEE = st.from_regex(r"\A(\d{5}|2[AB]\d{3})\Z")
_POSTAL = st.from_regex(r"\A\d{5}\Z")
_SIRET = st.from_regex(r"\A\d{14}\Z")
_DATE = st.dates(min_value=date(2000, 1, 1), max_value=date(2025, 12, 31)).map(date.isoformat)
_COVERAGE = st.lists(
    st.one_of(_INSEE, st.from_regex(r"\A\d{2}\Z"), st.just("france"), st.from_regex(r"\A\d{9}\Z")),
    min_size=1,
    max_size=3,
)


def _codes(choices) -> st.SearchStrategy:
    return st.lists(st.sampled_from([code for code, _label in choices]), min_size=1, max_size=3, unique=True)


def _place() -> dict:
    return {
        "commune": _TEXT,
        "code_postal": _POSTAL,
        "code_insee": _INSEE,
        "adresse": _TEXT,
        "complement_adresse": _TEXT,
        "telephone": _TEXT,
        "courriel": _EMAIL,
        "horaires_accueil": _HOURS,
    }


def _optional(draw, record: dict, fields: dict) -> dict:
    for name, strategy in fields.items():
        if draw(st.booleans()):
            record[name] = draw(strategy)
    if draw(st.booleans()):
        record["latitude"] = draw(st.floats(-90, 90, allow_nan=False))
        record["longitude"] = draw(st.floats(-180, 180, allow_nan=False))
    return record


@st.composite
def datainclusion_documents(draw, *, with_contacts: bool = True):
    """Documents as an exporter writes them: only non-empty values, code lists sorted."""
    structures, services = [], []
    for index in range(draw(st.integers(1, 3))):
        structure = {"source": "test", "id": f"test--{index}", "nom": draw(_NAME)}
        structure = _optional(
            draw,
            structure,
            {
                "description": _DESCRIPTION,
                "lien_source": _URL,
                "siret": _SIRET,
                "site_web": _URL,
                "accessibilite_lieu": _URL,
                "reseaux_porteurs": _codes(enums.NETWORKS).map(sorted),
                **_place(),
            },
        )
        structure["date_maj"] = draw(_DATE)
        structures.append(structure)
        for number in range(draw(st.integers(1, 3))):
            service = {
                "source": "test",
                "structure_id": structure["id"],
                "id": f"test--{index}--{number}",
                "nom": draw(_NAME),
                "description": draw(_DESCRIPTION),
            }
            service = _optional(
                draw,
                service,
                {
                    "lien_source": _URL,
                    "type": st.sampled_from([code for code, _label in enums.SERVICE_TYPES]),
                    "thematiques": _codes(enums.THEMATICS).map(sorted),
                    "frais": st.sampled_from([code for code, _label in enums.FEES]),
                    "frais_precisions": _TEXT,
                    "publics": st.one_of(
                        st.just(["tous-publics"]),
                        _codes([p for p in enums.PUBLICS if p[0] != "tous-publics"]).map(sorted),
                    ),
                    "publics_precisions": _TEXT,
                    "conditions_acces": _TEXT,
                    "modes_accueil": _codes(enums.RECEPTION_MODES).map(sorted),
                    "modes_mobilisation": _codes(enums.MOBILISATION_MODES).map(sorted),
                    "mobilisable_par": _codes(enums.MOBILISABLE_BY).map(sorted),
                    "mobilisation_precisions": _TEXT,
                    "lien_mobilisation": _URL,
                    "zone_eligibilite": _COVERAGE,
                    "volume_horaire_hebdomadaire": st.floats(0, 60, allow_nan=False),
                    "nombre_semaines": st.integers(1, 52),
                    **({"contact_nom_prenom": _NAME} if with_contacts else {}),
                    **_place(),
                },
            )
            service["date_maj"] = draw(_DATE)
            services.append(service)
    return {"structures": structures, "services": services}


def ordered(document: dict) -> dict:
    """The document in the exporter's order of keys (the exporter writes fields in a fixed order)."""
    from lien.directory.exchange.datainclusion import SERVICE_FIELDS, SERVICE_LISTS, STRUCTURE_FIELDS

    structure_keys = ["source", "id", *STRUCTURE_FIELDS, "reseaux_porteurs", "date_maj"]
    service_keys = [
        "source",
        "structure_id",
        "id",
        *SERVICE_FIELDS,
        *SERVICE_LISTS,
        "thematiques",
        "zone_eligibilite",
        "contact_nom_prenom",
        "date_maj",
    ]

    def sort(record, keys):
        return {key: record[key] for key in keys if key in record}

    return {
        "structures": sorted(
            (sort(s, structure_keys) for s in document["structures"]),
            key=lambda s: (_search(s["nom"]), s["id"]),
        ),
        "services": sorted(
            (sort(s, service_keys) for s in document["services"]),
            key=lambda s: (_structure_key(document, s), _search(s["nom"]), s["id"]),
        ),
    }


def _search(text: str) -> str:
    from lien.lib.text import search_key

    return search_key(text)


def _structure_key(document, service):
    structure = next(s for s in document["structures"] if s["id"] == service["structure_id"])
    return (_search(structure["nom"]), structure["id"])
