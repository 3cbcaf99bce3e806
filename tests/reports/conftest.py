"""Fund A (the world's organisation, under the regional one) and fund B beside it, with the
saisines of ``tests/reports/dataset.py``."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.improvements.services import improvement_create
from lien.reports.services import annual_report_text_save
from tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.reports.dataset import COMMUNES, FUND_A, FUND_B, import_rows, realistic_rows


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


@dataclass
class Hainaut:
    fund: Organisation
    director: User


HIGHLIGHTS = """\
L'année a été marquée par la hausse des saisines liées à la recherche d'un médecin traitant, \
en particulier dans le Valenciennois, où plusieurs départs en retraite n'ont pas été remplacés.

La médiation a renforcé ses liens avec le service social et la mission d'accompagnement santé : \
les orientations vers la MAS ont doublé et les délais de réponse se sont raccourcis.

Les saisines transmises par le Défenseur des droits restent peu nombreuses mais complexes ; \
elles concernent surtout les indemnités journalières et l'invalidité."""


@pytest.fixture
def hainaut(world) -> Hainaut:
    """A fund with a realistic year 2022 (558 saisines, every code, a dozen communes), the three
    years before, a qualitative text and a few improvement proposals: an annual report as a
    CPAM mediator prints it."""
    fund = OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True, parent=world.regional)
    director = MembershipFactory(
        user=UserFactory(email="direction@cpam-hainaut.example"), organisation=fund, role=Role.DIRECTOR
    ).user
    mediator = MembershipFactory(
        user=UserFactory(email="mediation@cpam-hainaut.example"),
        organisation=fund,
        role=Role.INSTITUTIONAL_MEDIATOR,
    ).user
    for code, name, departement in COMMUNES:
        CommuneFactory(insee_code=code, name=name, departement=departement, departement_name="Nord")
    for year, scale in ((2019, 0.6), (2020, 0.7), (2021, 0.85), (2022, 1.0)):
        import_rows(fund, realistic_rows(year, scale=scale))
    annual_report_text_save(
        acting_user=director,
        organisation=fund,
        year=2022,
        highlights=HIGHLIGHTS,
        improvement_actions="Fiche réflexe sur la carte Vitale.\n\nGuide du médecin traitant.",
    )
    with time_machine.travel(datetime(2022, 9, 15, 10, tzinfo=UTC), tick=False):
        for n, title in enumerate(
            (
                "Délais de paiement des indemnités journalières après reprise à temps partiel",
                "Information des assurés sur la fin de droits à la complémentaire santé solidaire",
                "Refus de soins de bénéficiaires de l'AME par des cabinets dentaires",
                "Courriers de demande de pièces illisibles pour les personnes malvoyantes",
            )
        ):
            improvement_create(
                acting_user=mediator,
                organisation=fund,
                kind="dysfunction" if n % 2 else "regulation",
                title=title,
            )
    return Hainaut(fund=fund, director=director)


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
