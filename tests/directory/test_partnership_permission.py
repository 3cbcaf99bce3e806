"""The partnership file is a capability of its own (``partnership.change``), apart from keeping
the directory (``directory.change``): a role may hold one without the other."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lien.accounts.enums import Role
from lien.accounts.models import User
from lien.accounts.permissions import ROLE_PERMISSIONS, Perm
from lien.directory.services import partnership_note_save, structure_create
from tests.directory.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_without(world, monkeypatch):
    """The coordinator, with the table changed: ``drop`` takes one permission away."""

    def make(drop: Perm) -> User:
        table = dict(ROLE_PERMISSIONS)
        table[Role.COORDINATOR] = ROLE_PERMISSIONS[Role.COORDINATOR] - {drop}
        monkeypatch.setattr("lien.accounts.permissions.ROLE_PERMISSIONS", table)
        return User.objects.get(pk=world.users["coordinator"].pk)  # no cached permission

    return make


def test_it_keeps_the_partnership_file_without_keeping_the_directory(world, coordinator_without, client_for):
    coordinator = coordinator_without(Perm.DIRECTORY_CHANGE)
    structure = StructureFactory(organisation=world.organisation)
    note = partnership_note_save(
        acting_user=coordinator,
        organisation=world.organisation,
        structure=structure,
        notes="Accueil le matin",
    )
    assert note.notes == "Accueil le matin"
    with pytest.raises(PermissionDenied):
        structure_create(acting_user=coordinator, organisation=world.organisation, name="Refusée")
    client = client_for(coordinator)
    assert client.get(reverse("directory:meeting_create")).status_code == 200
    assert client.get(reverse("directory:structure_create")).status_code == 404


def test_it_keeps_the_directory_without_keeping_the_partnership_file(world, coordinator_without, client_for):
    coordinator = coordinator_without(Perm.PARTNERSHIP_CHANGE)
    structure = structure_create(acting_user=coordinator, organisation=world.organisation, name="CCAS")
    with pytest.raises(PermissionDenied, match="fichier partenarial"):
        partnership_note_save(
            acting_user=coordinator, organisation=world.organisation, structure=structure, notes="x"
        )
    client = client_for(coordinator)
    assert client.get(reverse("directory:partnership_edit", args=[structure.pk])).status_code == 404
    assert client.get(reverse("directory:structure_create")).status_code == 200
