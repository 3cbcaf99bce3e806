"""Open Referral HSDS 3.1 import and export: round trip, schema validity, lossless crossing
from data·inclusion to HSDS and back."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lien.directory.exchange import dumps
from lien.directory.exchange.datainclusion import export_datainclusion, import_datainclusion
from lien.directory.exchange.hsds import export_hsds, import_hsds
from lien.directory.models import Contact, Service, Structure
from tests.directory.exchange_data import (
    SHARED,
    datainclusion_documents,
    hsds_validator,
    ordered,
    rich_directory,
)
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.exists(), reason="shared/standards is not next to the project"),
]


def _validate(services: list[dict]) -> None:
    validator = hsds_validator()
    for service in services:
        errors = list(validator.iter_errors(service))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_it_round_trips_through_an_empty_directory(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    first = export_hsds(organisation=world.organisation, include_contacts=True)
    _validate(first)
    assert len(first) == 3  # a structure without service has no place in a list of services
    Structure.objects.all().delete()
    assert not Service.objects.exists() and not Contact.objects.exists()

    result = import_hsds(organisation=world.organisation, data=dumps(first).encode())
    assert result.ok, result.errors
    assert (result.structures.created, result.services.created) == (2, 3)
    second = export_hsds(organisation=world.organisation, include_contacts=True)
    assert dumps(second) == dumps(first)


def test_it_carries_what_data_inclusion_does_not(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    exported = export_hsds(organisation=world.organisation)
    full = next(s for s in exported if s["name"] == "Consultation sans couverture")
    codes = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"], a.get("value"))
        for a in full["attributes"]
    }
    assert ("lien:prise-en-charge", "ame", "true") in codes
    assert ("lien:prise-en-charge", "c2s", "false") in codes
    assert ("data-inclusion:thematiques", "sante--acces-aux-soins", None) in codes
    location = full["organization"]["locations"][0]
    assert [language["code"] for language in location["languages"]] == ["fr", "ar"]
    assert location["transportation"] == "Bus 2, arrêt Hôpital."
    assert location["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    # The service has its own place: a second location.
    assert full["service_at_locations"][0]["location"]["id"] != location["id"]
    assert full["contacts"] == [] and full["organization"]["contacts"] == []


def test_it_imports_again_without_duplicates(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    data = dumps(export_hsds(organisation=world.organisation, include_contacts=True)).encode()
    again = import_hsds(organisation=world.organisation, data=data)
    assert again.ok, again.errors
    assert (again.structures.created, again.services.created, again.services.updated) == (0, 0, 0)
    assert (Structure.objects.count(), Service.objects.count(), Contact.objects.count()) == (3, 3, 2)


def test_it_imports_nothing_when_a_service_is_invalid(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    services = export_hsds(organisation=world.organisation)
    Structure.objects.all().delete()
    services[1]["id"] = "pas-un-uuid"
    del services[2]["status"]
    result = import_hsds(organisation=world.organisation, data=json.dumps(services).encode())
    assert not result.ok
    assert any(
        e.startswith("services[1] (id=pas-un-uuid): id: 'pas-un-uuid' is not a 'uuid'") for e in result.errors
    )
    assert any(
        e.startswith(f"services[2] (id={services[2]['id']}): -: 'status' is a required")
        for e in result.errors
    )
    assert not Structure.objects.exists()


def test_it_reads_the_upstream_example_and_explains_what_does_not_fit_france(world):
    example = json.loads((SHARED / "hsds-3.1" / "examples" / "service_full.json").read_text())
    result = import_hsds(organisation=world.organisation, data=json.dumps([example]).encode())
    assert not result.ok
    assert any("postal_code" in error for error in result.errors)  # a British postcode
    assert not Structure.objects.exists()


def test_it_refuses_what_is_not_a_list_of_services(world):
    assert import_hsds(organisation=world.organisation, data=b"{}").errors == [
        "fichier: tableau JSON de services HSDS attendu"
    ]
    assert import_hsds(organisation=world.organisation, data=b"[1]").errors == [
        "services[0]: objet JSON attendu"
    ]


_counter = iter(range(1_000_000))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=datainclusion_documents())
def test_it_crosses_from_data_inclusion_to_hsds_and_back_without_loss(db, document):
    """data·inclusion → Lien → HSDS → an empty directory → data·inclusion: the same document."""
    source = OrganisationFactory(slug=f"source-{next(_counter)}")
    assert import_datainclusion(organisation=source, data=json.dumps(document).encode()).ok
    hsds = export_hsds(organisation=source, include_contacts=True)
    _validate(hsds)
    target = OrganisationFactory(slug=f"target-{next(_counter)}")
    result = import_hsds(organisation=target, data=dumps(hsds).encode())
    assert result.ok, result.errors
    assert dumps(export_hsds(organisation=target, include_contacts=True)) == dumps(hsds)
    assert export_datainclusion(organisation=target, include_contacts=True) == ordered(document)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=12,
)
_paths = st.sampled_from(
    [
        ("id",),
        ("name",),
        ("organization",),
        ("organization", "id"),
        ("organization", "locations"),
        ("attributes",),
        ("schedules",),
        ("service_at_locations",),
        ("service_areas",),
        ("contacts",),
        ("last_modified",),
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(st.tuples(_paths, _json), min_size=1, max_size=3))
def test_it_never_fails_on_a_damaged_service_and_writes_nothing_when_it_refuses(db, mutations):
    source = OrganisationFactory(slug=f"valid-{next(_counter)}")
    assert import_datainclusion(
        organisation=source,
        data=json.dumps(
            {
                "structures": [{"source": "t", "id": "t--1", "nom": "Centre", "date_maj": "2025-01-01"}],
                "services": [
                    {
                        "source": "t",
                        "id": "t--s",
                        "structure_id": "t--1",
                        "nom": "Accueil",
                        "description": "Accueil social.",
                        "date_maj": "2025-01-01",
                        "horaires_accueil": "Mo 09:00-12:00",
                    }
                ],
            }
        ).encode(),
    ).ok
    service = export_hsds(organisation=source)[0]
    for path, value in mutations:
        target = service
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target[path[-1]] = value
    organisation = OrganisationFactory(slug=f"damaged-{next(_counter)}")
    result = import_hsds(organisation=organisation, data=json.dumps([service]).encode())
    if not result.ok:
        assert not Structure.objects.filter(organisation=organisation).exists()


def test_it_holds_an_imported_service_to_what_data_inclusion_requires(world, mediator):
    rich_directory(organisation=world.organisation, user=mediator)
    services = export_hsds(organisation=world.organisation)
    Structure.objects.all().delete()
    services[0]["description"] = ""
    result = import_hsds(organisation=world.organisation, data=json.dumps(services).encode())
    assert [e.split(": ", 1)[1] for e in result.errors] == [
        "description: Au moins 5 caractères (exigence data·inclusion)."
    ]
