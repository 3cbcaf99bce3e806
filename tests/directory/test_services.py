"""Writes on the directory and the partnership file."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lien.directory.models import PartnershipNote, Service
from lien.directory.selectors import SearchCriteria, service_search
from lien.directory.services import (
    difficulty_report,
    meeting_save,
    partnership_note_save,
    service_create,
    structure_create,
    structure_update,
    structure_verify,
)
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_it_creates_an_entry_with_its_own_identifiers(world, mediator):
    structure = structure_create(
        acting_user=mediator,
        organisation=world.organisation,
        name="CCAS de Quillan",
        networks=["cpam", "ccas-cias"],
    )
    assert (structure.source, structure.source_id) == ("lien", f"lien--{structure.uuid}")
    assert structure.verified_on == structure.source_updated_on
    assert structure.networks == ["ccas-cias", "cpam"]  # a set in data·inclusion: kept sorted


@pytest.mark.parametrize("who", ["director", "volunteer", "patient_partner", "outsider"])
def test_it_lets_only_those_who_keep_the_directory_write_it(world, who):
    with pytest.raises(PermissionDenied):
        structure_create(acting_user=world.users[who], organisation=world.organisation, name="Refusée")


def test_it_refuses_unknown_codes(world, mediator):
    with pytest.raises(ValidationError) as error:
        structure_create(
            acting_user=mediator, organisation=world.organisation, name="CCAS", networks=["inconnu"]
        )
    assert "networks" in error.value.message_dict
    structure = StructureFactory(organisation=world.organisation)
    with pytest.raises(ValidationError) as error:
        service_create(
            acting_user=mediator,
            structure=structure,
            thematics=["sante--inconnue"],
            name="Accueil",
            description="Accueil social.",
            publics=["tous-publics", "femmes"],
        )
    assert set(error.value.message_dict) >= {"thematics", "publics"}


def test_it_refreshes_the_search_columns_of_the_services_when_the_structure_moves(world, mediator):
    structure = StructureFactory(organisation=world.organisation, name="Centre", located=True)
    ServiceFactory(structure=structure, name="Accueil", thematics=["sante--acces-aux-soins"])
    structure_update(
        acting_user=mediator,
        structure=structure,
        name="Centre Émile Zola",
        code_insee="11206",
        commune_name="Limoux",
        latitude=43.0547,
        longitude=2.2186,
        opening_hours="Tu 09:00-12:00",
    )
    service = Service.objects.get()
    assert (service.place_insee, service.place_lat, service.open_days, service.hours_known) == (
        "11206",
        43.0547,
        "2",
        True,
    )
    found = service_search(user=mediator, criteria=SearchCriteria(text="emile zola limoux"))
    assert [hit.service for hit in found.hits] == [service]


def test_it_records_a_verification(world, mediator):
    structure = StructureFactory(organisation=world.organisation, verified_on=date(2020, 1, 1))
    assert structure.needs_verification(date(2025, 1, 1))
    structure_verify(acting_user=mediator, structure=structure, on=date(2025, 1, 1))
    assert not structure.needs_verification(date(2025, 1, 1))


def test_it_keeps_notes_on_a_published_entry_of_the_network_but_not_on_a_private_one(world, sibling):
    sibling_org, sibling_user = sibling
    published = StructureFactory(organisation=world.organisation, published=True)
    note = partnership_note_save(
        acting_user=sibling_user, organisation=sibling_org, structure=published, how_to_reach="Le matin"
    )
    assert (note.organisation, note.structure) == (sibling_org, published)
    private = StructureFactory(organisation=world.organisation)
    with pytest.raises(PermissionDenied):
        partnership_note_save(
            acting_user=sibling_user, organisation=sibling_org, structure=private, notes="x"
        )
    with pytest.raises(PermissionDenied):
        partnership_note_save(acting_user=sibling_user, organisation=world.organisation, structure=published)
    assert PartnershipNote.objects.count() == 1


def test_it_refuses_a_meeting_with_a_structure_the_user_cannot_read(world, mediator):
    hidden = StructureFactory(organisation=world.other_organisation)
    with pytest.raises(ValidationError):
        meeting_save(
            acting_user=mediator,
            organisation=world.organisation,
            structures=[hidden],
            held_on=date(2025, 1, 1),
            participants="Nous",
            topics="Sujet",
        )


def test_it_records_an_orientation_difficulty_with_a_reference_to_the_orientation(world, mediator):
    structure = StructureFactory(organisation=world.organisation)
    other_service = ServiceFactory()
    with pytest.raises(ValidationError):
        difficulty_report(
            acting_user=mediator,
            organisation=world.organisation,
            structure=structure,
            service=other_service,
            kind="refused",
            occurred_on=date(2025, 1, 1),
        )
    difficulty = difficulty_report(
        acting_user=mediator,
        organisation=world.organisation,
        structure=structure,
        kind="refused",
        occurred_on=date(2025, 1, 1),
        orientation_ref="orientations.orientation:12",
    )
    assert difficulty.orientation_ref == "orientations.orientation:12"
