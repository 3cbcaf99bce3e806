"""data·inclusion import and export: round trip, validation, all-or-nothing, idempotence."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lien.directory.exchange import dumps
from lien.directory.exchange.datainclusion import export_datainclusion, import_datainclusion
from lien.directory.models import Contact, Service, Structure
from lien.journal.models import Action, JournalEntry
from tests.directory.exchange_data import (
    SHARED,
    datainclusion_documents,
    datainclusion_validators,
    ordered,
    rich_directory,
)
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.exists(), reason="shared/standards is not next to the project"),
]


def _validate(document: dict) -> None:
    validators = datainclusion_validators()
    for kind in ("structures", "services"):
        for record in document[kind]:
            errors = list(validators[kind].iter_errors(record))
            assert not errors, (record, [e.message for e in errors])


def _import(organisation, document) -> object:
    return import_datainclusion(organisation=organisation, data=json.dumps(document).encode())


def test_it_round_trips_through_an_empty_directory(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    first = export_datainclusion(organisation=world.organisation, include_contacts=True)
    _validate(first)
    assert (len(first["structures"]), len(first["services"])) == (3, 3)
    Structure.objects.all().delete()
    assert not Service.objects.exists() and not Contact.objects.exists()

    result = import_datainclusion(organisation=world.organisation, data=dumps(first).encode())
    assert result.ok, result.errors
    assert (result.structures.created, result.services.created) == (3, 3)
    second = export_datainclusion(organisation=world.organisation, include_contacts=True)
    assert dumps(second) == dumps(first)


def test_it_exports_named_contacts_only_on_request_and_journals_exports(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    without = export_datainclusion(organisation=world.organisation, acting_user=mediator)
    assert "contact_nom_prenom" not in json.dumps(without)
    with_contacts = export_datainclusion(organisation=world.organisation, include_contacts=True)
    assert [s["contact_nom_prenom"] for s in with_contacts["services"] if "contact_nom_prenom" in s] == [
        "Dr Hélène Marty"
    ]
    entries = JournalEntry.objects.filter(action=Action.EXPORT).order_by("pk")
    assert [(e.user, e.detail) for e in entries] == [
        (mediator, "annuaire data·inclusion: 3 structures, 3 services"),
        (None, "annuaire data·inclusion: 3 structures, 3 services, personnes contacts incluses"),
    ]


def test_it_imports_again_without_duplicates_and_keeps_what_lien_alone_knows(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    document = export_datainclusion(organisation=world.organisation)
    again = _import(world.organisation, document)
    assert again.ok
    assert (again.structures.unchanged, again.services.unchanged) == (3, 3)
    assert Structure.objects.count() == 3 and Service.objects.count() == 3
    service = Service.objects.get(name="Consultation sans couverture")
    assert (service.accepts_ame, service.accepts_c2s) == (True, False)
    assert Structure.objects.get(typology="PASS").languages == ["fr", "ar"]

    document["services"][0]["nom"] = "Nouveau nom du service"
    changed = _import(world.organisation, document)
    assert (changed.services.updated, changed.services.unchanged) == (1, 2)
    assert Service.objects.filter(name="Nouveau nom du service").count() == 1


def test_it_imports_nothing_when_a_record_is_invalid_and_says_which(world):
    document = {
        "structures": [
            {"source": "dora", "id": "dora--1", "nom": "Centre social", "date_maj": "2025-01-01"},
            {"source": "dora", "id": "dora--2", "nom": "CC", "date_maj": "2025-01-01", "siret": "123"},
        ],
        "services": [
            {
                "source": "dora",
                "id": "dora--s1",
                "structure_id": "dora--1",
                "nom": "Accueil",
                "description": "Accueil social.",
                "date_maj": "2025-01-01",
                "thematiques": ["sante--inconnue"],
            },
            {
                "source": "dora",
                "id": "dora--s2",
                "structure_id": "dora--absente",
                "nom": "Accueil",
                "description": "Accueil social.",
                "date_maj": "2025-01-01",
            },
        ],
    }
    result = _import(world.organisation, document)
    assert not result.ok
    assert any(e.startswith("structures[1] (id=dora--2): nom:") for e in result.errors)
    assert any(e.startswith("structures[1] (id=dora--2): siret:") for e in result.errors)
    assert any(e.startswith("services[0] (id=dora--s1): thematiques.0:") for e in result.errors)
    assert not Structure.objects.exists()

    del document["structures"][1]
    del document["services"][0]
    result = _import(world.organisation, document)
    assert result.errors == [
        "services[0] (id=dora--s2): structure « dora--absente » absente du fichier et de l'annuaire"
    ]
    assert not Structure.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe", "fichier: n'est pas encodé en UTF-8"),
        (b"{", "fichier: JSON invalide"),
        (b"[]", 'fichier: objet {"structures": [...], "services": [...]} attendu'),
        (b'{"structures": {}}', 'fichier: objet {"structures": [...], "services": [...]} attendu'),
        (b'{"structures": [1]}', "structures[0]: objet JSON attendu"),
    ],
)
def test_it_refuses_a_malformed_file(world, data, message):
    result = import_datainclusion(organisation=world.organisation, data=data)
    assert result.errors[0].startswith(message)


def test_it_refuses_two_records_with_the_same_identifier(world):
    record = {"source": "s", "id": "s--1", "nom": "Centre", "date_maj": "2025-01-01"}
    result = _import(world.organisation, {"structures": [record, record], "services": []})
    assert result.errors == ["structures[1] (id=s--1): identifiant déjà présent (structures[0] (id=s--1))"]


def test_it_keeps_one_organisations_import_apart_from_anothers(world):
    record = {"source": "s", "id": "s--1", "nom": "Centre", "date_maj": "2025-01-01"}
    assert _import(world.organisation, {"structures": [record]}).ok
    assert _import(world.other_organisation, {"structures": [record]}).ok
    assert Structure.objects.filter(source_id="s--1").count() == 2


_counter = iter(range(1_000_000))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=datainclusion_documents())
def test_it_gives_back_any_valid_document_it_imports(db, document):
    organisation = OrganisationFactory(slug=f"hypothesis-{next(_counter)}")
    result = _import(organisation, document)
    assert result.ok, result.errors
    exported = export_datainclusion(organisation=organisation, include_contacts=True)
    assert exported == ordered(document)
    again = _import(organisation, exported)
    assert (
        again.structures.created,
        again.services.created,
        again.structures.updated,
        again.services.updated,
    ) == (
        0,
        0,
        0,
        0,
    )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["source", "id", "nom", "date_maj", "structure_id", "description", "siret", "latitude"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.one_of(
        _json,
        st.fixed_dictionaries(
            {
                "structures": st.lists(st.dictionaries(_keys, _json, max_size=6), max_size=3),
                "services": st.lists(st.dictionaries(_keys, _json, max_size=6), max_size=3),
            }
        ),
    )
)
def test_it_never_fails_on_any_json_and_writes_nothing_when_it_refuses(db, document):
    organisation = OrganisationFactory(slug=f"fuzz-{next(_counter)}")
    result = _import(organisation, document)
    if not result.ok:
        assert not Structure.objects.filter(organisation=organisation).exists()
