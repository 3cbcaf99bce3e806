import pytest

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def sibling(world):
    """An association of the same network (same regional parent), with its own mediator."""
    organisation = OrganisationFactory(slug="voisine", name="Association voisine", parent=world.regional)
    mediator = UserFactory(email="voisine@lien.example")
    membership_add(user=mediator, organisation=organisation, role=Role.COMMUNITY_MEDIATOR)
    return organisation, mediator


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]
