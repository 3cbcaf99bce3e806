"""The network dashboard (lien/network): the coordinator above reads the activity of the
organisations below, aggregated, on the page, in CSV and through the API — never a person.

The tree of ``world``: national → regional → « Association locale » (asso). Added under
regional: a fund (with saisines and improvement proposals) and a second association with an
antenna below it. « Autre association », outside the tree, has activity that must never show.
Period: 2025; today: 31 December 2025.
"""

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lien.accounts.enums import Role
from lien.assessments.services import assessment_create
from lien.improvements.enums import Kind
from lien.improvements.enums import Status as ProposalStatus
from lien.improvements.models import ImprovementProposal
from lien.journal.models import Action, JournalEntry
from lien.network.access import heads_a_network, network_organisations_for
from lien.network.dashboard import network_dashboard
from lien.network.display import dashboard_csv, dashboard_rows
from lien.orientations.services import orientation_create, orientation_record_refused, orientation_record_went
from tests.community import aware
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import CommuneFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.reports.test_annual import SaisineFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 31)
START, END = date(2025, 1, 1), date(2025, 12, 31)
QUERY = {"start": START.isoformat(), "end": END.isoformat()}
KM_PER_DEGREE = 111.195


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 18), tick=False):
        yield


@pytest.fixture
def network(world):
    regional = world.regional
    fund = OrganisationFactory(slug="cpam", name="CPAM de l'Aude", kind="fund", parent=regional)
    second = OrganisationFactory(slug="asso-2", name="Deuxième association", parent=regional)
    antenna = OrganisationFactory(slug="antenne", name="Antenne de la deuxième", parent=second)
    mediator = world.users["community_mediator"]
    second_mediator = MembershipFactory(
        user=UserFactory(email="second@lien.example"), organisation=antenna, role=Role.COMMUNITY_MEDIATOR
    ).user
    outsider = world.users["outsider"]
    quillan = CommuneFactory(latitude=43.0, longitude=2.0)

    # Saisines of the fund: answered in 3 days and closed; answered in 10 days (late answer) and
    # open; never answered, open and late today; one of 2024 closed in 2025.
    SaisineFactory(
        organisation=fund, received_on=date(2025, 3, 1), acknowledged_on=date(2025, 3, 4), delay=12
    )
    SaisineFactory(organisation=fund, received_on=date(2025, 6, 1), acknowledged_on=date(2025, 6, 11))
    SaisineFactory(organisation=fund, received_on=date(2025, 12, 1))
    SaisineFactory(organisation=fund, received_on=date(2024, 12, 20), delay=15)

    # Improvement proposals of the fund: one sent and answered (implemented), one sent, awaiting.
    ImprovementProposal.objects.create(
        organisation=fund,
        kind=Kind.DYSFUNCTION,
        title="Délais de la C2S",
        sent_to="Direction de la CNAM",
        sent_on=date(2025, 4, 1),
        answered_on=date(2025, 9, 1),
        answer="Le contenu de la réponse ne quitte pas la caisse",
        status=ProposalStatus.IMPLEMENTED,
    )
    ImprovementProposal.objects.create(
        organisation=fund,
        kind=Kind.REGULATION,
        title="Pièces justificatives de l'AME",
        sent_to="DSS",
        sent_on=date(2025, 10, 1),
        status=ProposalStatus.SENT,
    )

    # Community: in asso, Hélène oriented twice (went, refused); in the antenna, Malik oriented
    # once and assessed with a dental need (no health service within 15 km: the one is 40 km north).
    helene = PersonFactory(organisation=world.organisation, first_name="Hélène", last_name="Éluard")
    malik = PersonFactory(organisation=antenna, first_name="Malik", last_name="Benali", commune=quillan)
    for outcome in ("went", "refused"):
        orientation = orientation_create(
            acting_user=mediator,
            person=helene,
            oriented_on=date(2025, 5, 2),
            structure_kind="pass",
            structure_name="PASS de Carcassonne",
            reason="Soins",
        )
        if outcome == "went":
            orientation_record_went(acting_user=mediator, orientation=orientation, on=date(2025, 5, 20))
        else:
            orientation_record_refused(
                acting_user=mediator, orientation=orientation, difficulty="distance", on=date(2025, 5, 20)
            )
    orientation_create(
        acting_user=second_mediator,
        person=malik,
        oriented_on=date(2025, 7, 2),
        structure_kind="pass",
        structure_name="PASS de Limoux",
        reason="Soins",
    )
    assessment_create(
        acting_user=second_mediator, person=malik, assessed_on=date(2025, 7, 1), barriers=[], needs=["dental"]
    )
    structure = StructureFactory(
        organisation=world.organisation,
        latitude=43.0 + 40 / KM_PER_DEGREE,
        longitude=2.0,
        code_insee="",
        commune_name="",
    )
    ServiceFactory(structure=structure, thematics=["sante--acces-aux-soins"])

    # Outside the network: a person oriented by another association.
    stranger = PersonFactory(organisation=world.other_organisation, first_name="Zoé", last_name="Inconnue")
    orientation_create(
        acting_user=outsider,
        person=stranger,
        oriented_on=date(2025, 5, 2),
        structure_kind="pass",
        structure_name="PASS",
        reason="Soins",
    )
    return {"fund": fund, "second": second, "antenna": antenna}


def _row(dashboard, slug, own=False):
    return next(row for row in dashboard.rows if row.organisation.slug == slug and row.own == own)


def test_each_row_sums_its_subtree_and_the_total_the_network(world, network):
    dashboard = network_dashboard(world.regional, START, END, today=TODAY)
    assert [(row.organisation.slug, row.own) for row in dashboard.rows] == [
        ("regional", True),
        ("asso", False),
        ("cpam", False),
        ("asso-2", False),
    ]
    fund = _row(dashboard, "cpam").figures
    assert (fund.saisines_received, fund.saisines_answered_in_time, fund.saisines_closed) == (3, 1, 2)
    assert (fund.saisines_open, fund.saisines_late) == (2, 2)  # June past its objective, December unanswered
    assert (fund.proposals_sent, fund.proposals_answered, fund.proposals_awaiting_answer) == (2, 1, 1)
    assert fund.proposals_implemented == 1
    assert fund.unmet_needs is None  # no programme in a fund's subtree

    asso = _row(dashboard, "asso").figures
    assert (asso.people_accompanied, asso.people_new, asso.orientations) == (1, 1, 2)
    assert (asso.orientations_went, asso.orientations_failed) == (1, 1)
    assert asso.directory_services == 1
    assert asso.unmet_needs == 0

    second = _row(dashboard, "asso-2")  # the antenna's activity, summed into its parent's row
    assert second.below == 1
    assert (second.figures.people_accompanied, second.figures.orientations) == (1, 1)
    # Malik's dental need: the only health service of the network is 40 km away.
    assert (second.figures.unmet_needs, second.figures.people_with_unmet_needs) == (1, 1)

    total = dashboard.total
    assert (total.people_accompanied, total.orientations, total.saisines_received) == (2, 3, 3)
    assert (total.unmet_needs, total.people_with_unmet_needs) == (1, 1)
    assert dashboard.organisations == 5  # regional, asso, cpam, asso-2, antenna; not the outsider
    assert [proposal.title for proposal in dashboard.proposals] == [
        "Pièces justificatives de l'AME",
        "Délais de la C2S",
    ]


def test_a_wider_radius_answers_the_need(world, network):
    dashboard = network_dashboard(world.regional, START, END, today=TODAY, radius_km=50)
    assert dashboard.total.unmet_needs == 0


def test_the_queries_do_not_grow_with_the_activity(world, network):
    def count():
        with CaptureQueriesContext(connection) as queries:
            network_dashboard(world.regional, START, END, today=TODAY)
        return len(queries)

    before = count()
    fund = network["fund"]
    for day in range(20):
        SaisineFactory(organisation=fund, received_on=date(2025, 2, 1) + timedelta(days=day))
    for index in range(5):
        PersonFactory(organisation=network["antenna"], first_name=f"P{index}")
    assert count() == before


def test_who_reads_which_network(world, network):
    coordinator = world.users["regional_coordinator"]
    assert [o.slug for o in network_organisations_for(coordinator)][:2] == ["regional", "asso-2"]
    assert heads_a_network(coordinator)
    # A mediator of the association reads its statistics, not the network above.
    mediator = world.users["community_mediator"]
    assert [o.slug for o in network_organisations_for(mediator)] == ["asso"]
    assert not heads_a_network(mediator)
    assert network_organisations_for(world.users["outsider"])[0].slug == "autre"
    assert network_organisations_for(world.users["nobody"]) == []


def test_the_page_shows_figures_and_never_a_person(world, network, client_for):
    client = client_for(world.users["regional_coordinator"])
    response = client.get(reverse("network:dashboard", args=["regional"]), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("CPAM de l&#x27;Aude", "Deuxième association", "Délais de la C2S", "Tout le réseau"):
        assert shown in page
    for hidden in (
        "Hélène",
        "Éluard",
        "Malik",
        "Benali",
        "Zoé",
        "ne quitte pas la caisse",
        "Autre association",
    ):
        assert hidden not in page
    assert reverse("network:dashboard", args=["asso-2"]) in page  # a drill-down to the antenna's parent
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()  # reading is not exporting


def test_the_index_opens_the_first_network(world, network, client_for):
    client = client_for(world.users["regional_coordinator"])
    response = client.get(reverse("network:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:dashboard", args=["regional"])


@pytest.mark.parametrize("user", ["community_mediator", "outsider", "nobody", "volunteer", "patient_partner"])
def test_other_networks_are_missing(world, network, client_for, user):
    client = client_for(world.users[user])
    assert client.get(reverse("network:dashboard", args=["regional"]), QUERY).status_code == 404
    assert client.get(reverse("network:csv", args=["regional"]), QUERY).status_code == 404


def test_a_bad_period_is_refused_in_french_and_nothing_exported(world, network, client_for):
    client = client_for(world.users["regional_coordinator"])
    backwards = {"start": "2025-12-31", "end": "2025-01-01"}
    response = client.get(reverse("network:dashboard", args=["regional"]), backwards)
    assert response.status_code == 422
    assert "La fin de la période précède son début." in response.content.decode()
    response = client.get(reverse("network:csv", args=["regional"]), backwards)
    assert response.status_code == 422
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_csv_is_journalled_and_says_the_same(world, network, client_for):
    coordinator = world.users["regional_coordinator"]
    response = client_for(coordinator).get(reverse("network:csv", args=["regional"]), QUERY)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="reseau-regional-2025-01-01-2025-12-31.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["organisation"], row["scope"]) for row in rows] == [
        ("regional", "own"),
        ("asso", "subtree"),
        ("cpam", "subtree"),
        ("asso-2", "subtree"),
        ("regional", "network"),
    ]
    assert rows[2]["saisines_late"] == "2" and rows[2]["unmet_needs"] == ""
    assert rows[-1]["people_accompanied"] == "2"
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert entry.user == coordinator and entry.organisation == world.regional
    assert "tableau de bord du réseau du 2025-01-01 au 2025-12-31" in entry.detail
    assert (
        dashboard_csv(network_dashboard(world.regional, START, END, today=TODAY)) == response.content.decode()
    )


def test_the_csv_asks_for_the_password_again(world, network, client):
    client.force_login(world.users["regional_coordinator"])
    response = client.get(reverse("network:csv", args=["regional"]), QUERY)
    assert response.status_code == 302
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_api_gives_the_rows_and_journals(world, network, client_for):
    coordinator = world.users["regional_coordinator"]
    response = client_for(coordinator).get("/api/v1/network", QUERY | {"organisation": "regional"})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = dashboard_rows(network_dashboard(world.regional, START, END, today=TODAY))
    assert body["rows"] == expected
    assert [proposal["status"] for proposal in body["proposals"]] == ["sent", "implemented"]
    assert "answer" not in body["proposals"][0]
    assert JournalEntry.objects.filter(action=Action.EXPORT, user=coordinator).count() == 1


def test_the_api_refuses_other_networks_and_bad_periods(world, network, client_for):
    assert (
        client_for(world.users["community_mediator"])
        .get("/api/v1/network", QUERY | {"organisation": "regional"})
        .status_code
        == 404
    )
    client = client_for(world.users["regional_coordinator"])
    response = client.get(
        "/api/v1/network", {"organisation": "regional", "start": "2025-12-31", "end": "2025-01-01"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "La fin de la période précède son début."
    assert (
        client.get("/api/v1/network", QUERY | {"organisation": "regional"} | {"radius_km": 0}).status_code
        == 422
    )
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_statistics_page_links_to_the_network(world, network, client_for):
    page = client_for(world.users["regional_coordinator"]).get(reverse("statistics")).content.decode()
    assert reverse("network:dashboard", args=["regional"]) in page
    assert reverse("network:dashboard", args=["asso"]) not in page  # no organisation below it
