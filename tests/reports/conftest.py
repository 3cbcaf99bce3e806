"""Fund A (the world's organisation, under the regional one) and fund B beside it, with the
saisines of ``tests/reports/dataset.py``."""

from dataclasses import dataclass

import pytest

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.reports.dataset import FUND_A, FUND_B, import_rows


@dataclass
class Funds:
    a: Organisation
    b: Organisation
    regional: Organisation
    mediator_b: User


@pytest.fixture
def funds(world) -> Funds:
    fund_b = OrganisationFactory(slug="cpam-b", name="CPAM B", fund=True, parent=world.regional)
    mediator_b = MembershipFactory(
        user=UserFactory(email="mediateur-b@lien.example"),
        organisation=fund_b,
        role=Role.INSTITUTIONAL_MEDIATOR,
    ).user
    CommuneFactory(insee_code="59606", name="Valenciennes", departement="59")
    CommuneFactory(insee_code="11304", name="Quillan", departement="11")
    import_rows(world.organisation, FUND_A)
    import_rows(fund_b, FUND_B)
    return Funds(a=world.organisation, b=fund_b, regional=world.regional, mediator_b=mediator_b)


@pytest.fixture
def import_more():
    """Import ``n`` more saisines of 2022 into an organisation, spread over codes and months."""

    def make(organisation: Organisation, n: int, prefix: str = "X") -> None:
        channels = ["email", "letter", "phone", "front_desk", "internal_transfer", "other"]
        rows = "".join(
            f"{prefix}{i},2022-{i % 12 + 1:02d}-{i % 27 + 1:02d},{channels[i % 6]},insured,direct,"
            f"{59000 + i % 40},after_claim,other,,,2022-12-{i % 27 + 2:02d},explanation,decision_upheld,"
            f"key{i % 7}\n"
            for i in range(n)
        )
        import_rows(organisation, rows)

    return make
