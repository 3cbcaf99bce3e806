import pytest

from lien.accounts.enums import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reports.dataset import FUND_A, FUND_B, import_rows


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
