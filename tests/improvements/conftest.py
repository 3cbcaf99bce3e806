import pytest

from lien.accounts.enums import OrganisationKind, Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reports.dataset import FUND_A, FUND_B, import_rows


@pytest.fixture(autouse=True)
def world_is_a_fund(world):
    """Improvement proposals are a fund's (saisines are worked in a fund only): the world's
    organisation, with every role, is fund A here."""
    world.organisation.kind = OrganisationKind.FUND
    world.organisation.save(update_fields=["kind"])


@pytest.fixture
def fund_b(world):
    fund = OrganisationFactory(slug="cpam-b", name="CPAM B", fund=True, parent=world.regional)
    import_rows(world.organisation, FUND_A)
    import_rows(fund, FUND_B)
    return fund


@pytest.fixture
def mediator_b(fund_b):
    return MembershipFactory(
        user=UserFactory(email="mediateur-b@lien.example"),
        organisation=fund_b,
        role=Role.INSTITUTIONAL_MEDIATOR,
    ).user
