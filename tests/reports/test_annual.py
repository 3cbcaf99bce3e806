"""The machine-readable annual report of INTERFACES.md, field by field, on datasets whose
figures are computed by hand; the CLI and the API give the same object."""

import csv
import io
import json
from datetime import date, timedelta

import factory
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.reports.annual import annual_report
from lien.saisines.enums import (
    SUBPROCESS_KEYS,
    AuthorType,
    Channel,
    Origin,
    Outcome,
    Perimeter,
    Process,
    ResolutionMode,
    Status,
)
from lien.saisines.importer import import_saisines
from lien.saisines.models import Saisine
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


class SaisineFactory(factory.django.DjangoModelFactory):
    """A saisine as stored after a write: derived fields (delays) computed like the services do."""

    class Meta:
        model = Saisine

    organisation = factory.SubFactory(OrganisationFactory, fund=True)
    reference = factory.Sequence(lambda n: f"R-{n:05d}")
    received_on = date(2022, 3, 1)
    channel = Channel.EMAIL
    author_type = AuthorType.INSURED
    origin = Origin.DIRECT
    perimeter = Perimeter.AFTER_CLAIM
    process = Process.OTHER
    status = factory.LazyAttribute(lambda o: Status.CLOSED if o.closed_on else Status.RECEIVED)

    class Params:
        delay = None  # closed this many days after receipt, resolved by explanation
        court_action = factory.Trait(status=Status.ENDED_COURT_ACTION, court_action_pending=True)

    @factory.lazy_attribute
    def closed_on(self):
        return self.received_on + timedelta(days=self.delay) if self.delay is not None else None

    @factory.lazy_attribute
    def outcome(self):
        return Outcome.RESOLVED_BY_EXPLANATION if self.delay is not None else ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        saisine = model_class(*args, **kwargs)
        saisine.refresh_derived(answer_days=7, objective_days=21)
        saisine.save()
        return saisine


def zeros(codes) -> dict[str, int]:
    return dict.fromkeys(codes, 0)


@pytest.fixture
def tree():
    """national → regional → two funds; a third fund elsewhere."""
    national = OrganisationFactory(slug="assurance-maladie", national=True)
    regional = OrganisationFactory(slug="hauts-de-france", regional=True, parent=national)
    fund = OrganisationFactory(slug="cpam-a", name="CPAM A", fund=True, parent=regional)
    sibling = OrganisationFactory(slug="cpam-b", name="CPAM B", fund=True, parent=regional)
    elsewhere = OrganisationFactory(slug="cpam-c", name="CPAM C", fund=True)
    return {
        "national": national,
        "regional": regional,
        "fund": fund,
        "sibling": sibling,
        "elsewhere": elsewhere,
    }


@pytest.fixture
def dataset(tree):
    """The hand-made dataset; expected figures are in ``EXPECTED_FUND_2022``."""
    fund, make = tree["fund"], SaisineFactory
    make(  # A1: answered on day 7 (counts), closed after 41 days
        organisation=fund,
        received_on=date(2022, 1, 10),
        perimeter=Perimeter.FIRST_INTENTION,
        process=Process.CARE_ACCESS_COMPLAINT,
        subprocess="gp_search",
        commune_insee="59606",
        acknowledged_on=date(2022, 1, 17),
        closed_on=date(2022, 2, 20),
        outcome=Outcome.PAYMENT_OR_RIGHT_GRANTED,
        resolution_mode=ResolutionMode.SUPPORT_SOLUTION,
        requester_key="K1",
    )
    make(  # A2: acknowledged on day 8 (does not count), closed after 30 days
        organisation=fund,
        received_on=date(2022, 1, 31),
        channel=Channel.LETTER,
        origin=Origin.FUND_SERVICE,
        process=Process.CASH_BENEFITS,
        subprocess="sickness",
        commune_insee="59606",
        acknowledged_on=date(2022, 2, 8),
        closed_on=date(2022, 3, 2),
        outcome=Outcome.DECISION_UPHELD,
        resolution_mode=ResolutionMode.EXPLANATION,
        requester_key="K2",
    )
    make(  # A3: reiteration of A1; no acknowledgement, closed after 5 days (counts)
        organisation=fund,
        received_on=date(2022, 3, 15),
        channel=Channel.PHONE,
        author_type=AuthorType.HEALTH_PROFESSIONAL,
        origin=Origin.RIGHTS_DEFENDER,
        perimeter=Perimeter.SPECIAL,
        process=Process.BENEFICIARY_MANAGEMENT,
        subprocess="css",
        commune_insee="2A004",
        closed_on=date(2022, 3, 20),
        outcome=Outcome.DECISION_REVISED,
        resolution_mode=ResolutionMode.REVISION_REQUEST,
        requester_key="K1",
    )
    make(  # A4: acknowledged on day 9 but closed on day 7, the earlier answer (counts)
        organisation=fund,
        received_on=date(2022, 6, 1),
        channel=Channel.FRONT_DESK,
        author_type=AuthorType.EMPLOYER,
        process=Process.LITIGATION,
        acknowledged_on=date(2022, 6, 10),
        closed_on=date(2022, 6, 8),
        outcome=Outcome.ABANDONED,
        requester_key="K3",
    )
    make(  # A5: reiteration of A2; acknowledged on day 7 (counts); closed next year
        organisation=fund,
        received_on=date(2022, 12, 20),
        acknowledged_on=date(2022, 12, 27),
        closed_on=date(2023, 1, 15),
        outcome=Outcome.AMICABLE_AGREEMENT,
        resolution_mode=ResolutionMode.EQUITY_PROPOSAL,
        requester_key="K2",
    )
    make(  # A6: received the year before, closed in 2022 after 60 days
        organisation=fund,
        received_on=date(2021, 11, 15),
        closed_on=date(2022, 1, 14),
        outcome=Outcome.REFERRED_CRA,
        resolution_mode=ResolutionMode.EXPLANATION,
        requester_key="K4",
        commune_insee="59350",
    )
    make(organisation=fund, received_on=date(2022, 7, 4), requester_key="K4")  # A7: reiteration of A6
    make(organisation=fund, received_on=date(2022, 7, 4), requester_key="K5", commune_insee="11304")  # A8
    make(organisation=fund, received_on=date(2022, 7, 4), requester_key="K5")  # A9: same day as A8
    make(organisation=fund, received_on=date(2022, 9, 1), requester_key="K6")  # A10: K6 elsewhere only
    make(  # A12: ended by a court action after 2 days (its own outcome, no delay)
        organisation=fund,
        received_on=date(2022, 10, 10),
        closed_on=date(2022, 10, 12),
        court_action=True,
        channel=Channel.OTHER,
        origin=Origin.NATIONAL_MEDIATION,
        process=Process.LITIGATION,
    )
    make(organisation=fund, received_on=date(2023, 1, 3), requester_key="K1")  # A11: next year
    make(organisation=fund, received_on=date(2021, 12, 31), delay=1)  # closed on 2022-01-01, after 1 day
    # Elsewhere: the same key, earlier, in another organisation.
    make(organisation=tree["elsewhere"], received_on=date(2021, 1, 1), requester_key="K6")
    make(organisation=tree["elsewhere"], received_on=date(2022, 2, 2), requester_key="K6")
    # The sibling fund: K1 again (not a reiteration of A1), then a real reiteration.
    make(
        organisation=tree["sibling"], received_on=date(2022, 5, 5), requester_key="K1", commune_insee="59606"
    )
    make(organisation=tree["sibling"], received_on=date(2022, 5, 6), requester_key="K1", delay=3)
    return tree


EXPECTED_FUND_2022 = {
    "organisation": "cpam-a",
    "year": 2022,
    "total": 10,
    "by_month": [2, 0, 1, 0, 0, 1, 3, 0, 1, 1, 0, 1],
    "by_channel": zeros(Channel.values) | {"email": 6, "letter": 1, "phone": 1, "front_desk": 1, "other": 1},
    "by_author_type": {"insured": 8, "health_professional": 1, "employer": 1},
    "by_origin": zeros(Origin.values)
    | {"direct": 7, "fund_service": 1, "rights_defender": 1, "national_mediation": 1},
    "by_perimeter": {"first_intention": 1, "after_claim": 8, "special": 1},
    "by_process": zeros(Process.values)
    | {
        "care_access_complaint": 1,
        "cash_benefits": 1,
        "beneficiary_management": 1,
        "litigation": 2,
        "other": 5,
    },
    "by_subprocess": zeros(SUBPROCESS_KEYS)
    | {"care_access_complaint.gp_search": 1, "cash_benefits.sickness": 1, "beneficiary_management.css": 1},
    # Closed in 2022: A1, A2, A3, A4, A6, A12 and the one received on 2021-12-31.
    "by_outcome": zeros(Outcome.values)
    | {
        "payment_or_right_granted": 1,
        "decision_upheld": 1,
        "decision_revised": 1,
        "abandoned": 1,
        "referred_cra": 1,
        "resolved_by_explanation": 1,
    },
    "by_resolution_mode": zeros(ResolutionMode.values)
    | {"support_solution": 1, "explanation": 2, "revision_request": 1},
    "by_commune": {"11304": 1, "2A004": 1, "59606": 2},
    # delays 1, 5, 7, 30, 41, 60 (A12, ended by a court action, has none): mean 144 / 6 = 24
    "processing_delay_days": {"closed": 6, "mean": 24.0, "median": 18.5, "p90": 60},
    # A1 (ack. day 7), A3 (closed day 5), A4 (closed day 7), A5 (ack. day 7); A12's court action
    # two days on is no answer to the requester.
    "acknowledged_within_7_days": {"count": 4, "share": 0.4},
    # A3 (K1 after A1), A5 (K2 after A2), A7 (K4 after A6 of 2021)
    "reiterations": 3,
}


def test_it_reports_a_fund_field_by_field(dataset):
    report = annual_report(organisation=dataset["fund"], year=2022)
    assert list(report) == list(EXPECTED_FUND_2022)
    for key, expected in EXPECTED_FUND_2022.items():
        assert report[key] == expected, key


def test_it_lists_every_code_in_order_with_zeros(dataset):
    report = annual_report(organisation=dataset["fund"], year=2019)
    assert report["total"] == 0 and report["by_month"] == [0] * 12
    assert list(report["by_channel"]) == Channel.values
    assert list(report["by_author_type"]) == AuthorType.values
    assert list(report["by_origin"]) == Origin.values
    assert list(report["by_perimeter"]) == Perimeter.values
    assert list(report["by_process"]) == Process.values
    assert list(report["by_subprocess"]) == SUBPROCESS_KEYS
    assert list(report["by_outcome"]) == Outcome.values
    assert list(report["by_resolution_mode"]) == ResolutionMode.values
    for key in [name for name in report if name.startswith("by_") and name not in {"by_month", "by_commune"}]:
        assert set(report[key].values()) == {0}, key
    assert report["by_commune"] == {}
    assert report["processing_delay_days"] == {"closed": 0, "mean": None, "median": None, "p90": None}
    assert report["acknowledged_within_7_days"] == {"count": 0, "share": 0.0}
    assert report["reiterations"] == 0


def test_it_names_subprocesses_with_their_process():
    assert "care_access_complaint.gp_search" in SUBPROCESS_KEYS
    assert "benefits_in_kind.other" in SUBPROCESS_KEYS
    assert all(key.split(".")[0] in Process.values for key in SUBPROCESS_KEYS)


def test_it_counts_by_outcome_the_saisines_closed_in_the_year_whatever_their_receipt(dataset):
    report = annual_report(organisation=dataset["fund"], year=2023)
    assert report["total"] == 1  # A11
    assert report["by_outcome"]["amicable_agreement"] == 1  # A5, received in 2022
    assert report["by_resolution_mode"]["equity_proposal"] == 1
    assert report["processing_delay_days"] == {"closed": 1, "mean": 26.0, "median": 26.0, "p90": 26}
    assert report["reiterations"] == 1  # A11: K1, after A1 and A3


def test_it_aggregates_the_funds_below_a_regional_organisation(dataset):
    regional = annual_report(organisation=dataset["regional"], year=2022)
    assert regional["organisation"] == "hauts-de-france"
    assert regional["total"] == 12
    assert regional["by_month"] == [2, 0, 1, 0, 2, 1, 3, 0, 1, 1, 0, 1]
    assert regional["by_commune"] == {"11304": 1, "2A004": 1, "59606": 3}
    assert regional["processing_delay_days"] == {"closed": 7, "mean": 21.0, "median": 7.0, "p90": 60}
    # delays 1, 3, 5, 7, 30, 41, 60 (not A12's court action): sum 147 / 7; the 7th for p90
    assert regional["acknowledged_within_7_days"] == {"count": 5, "share": 0.4167}
    # per organisation: 3 in A, 1 in B (the first K1 of B is not a reiteration of A's K1)
    assert regional["reiterations"] == 4

    # The national level holds the regional one; the third fund, attached nowhere, is not in it.
    national = annual_report(organisation=dataset["national"], year=2022)
    assert national == regional | {"organisation": "assurance-maladie"}
    for key in ("by_channel", "by_author_type", "by_origin", "by_perimeter", "by_process"):
        assert sum(national[key].values()) == national["total"] == 12


def test_it_counts_a_reiteration_over_years_but_not_the_same_day_or_another_fund(tree):
    fund, other = tree["fund"], tree["elsewhere"]
    SaisineFactory(organisation=fund, received_on=date(2019, 6, 1), requester_key="X")
    SaisineFactory(organisation=fund, received_on=date(2022, 6, 1), requester_key="X")  # counts
    SaisineFactory(organisation=fund, received_on=date(2022, 8, 1), requester_key="Y")
    SaisineFactory(organisation=fund, received_on=date(2022, 8, 1), requester_key="Y")  # same day: no
    SaisineFactory(organisation=other, received_on=date(2020, 1, 1), requester_key="Z")
    SaisineFactory(organisation=fund, received_on=date(2022, 9, 1), requester_key="Z")  # other fund: no
    SaisineFactory(organisation=fund, received_on=date(2022, 9, 1))
    SaisineFactory(organisation=fund, received_on=date(2022, 9, 2))  # no key: never a reiteration
    assert annual_report(organisation=fund, year=2022)["reiterations"] == 1
    assert annual_report(organisation=other, year=2022)["reiterations"] == 0


@pytest.mark.parametrize(
    ("delays", "expected"),
    [
        (list(range(1, 11)), {"closed": 10, "mean": 5.5, "median": 5.5, "p90": 9}),
        (list(range(1, 12)), {"closed": 11, "mean": 6.0, "median": 6.0, "p90": 10}),
        ([4], {"closed": 1, "mean": 4.0, "median": 4.0, "p90": 4}),
        ([0, 0], {"closed": 2, "mean": 0.0, "median": 0.0, "p90": 0}),
        ([3, 8], {"closed": 2, "mean": 5.5, "median": 5.5, "p90": 8}),
        ([3] * 9 + [50], {"closed": 10, "mean": 7.7, "median": 3.0, "p90": 3}),
        ([3] * 8 + [50, 60], {"closed": 10, "mean": 13.4, "median": 3.0, "p90": 50}),
        ([1, 1, 2], {"closed": 3, "mean": 1.3, "median": 1.0, "p90": 2}),
        ([1, 2, 2], {"closed": 3, "mean": 1.7, "median": 2.0, "p90": 2}),
        ([10, 1, 7, 4], {"closed": 4, "mean": 5.5, "median": 5.5, "p90": 10}),
        ([2, 9, 4, 4, 40, 5], {"closed": 6, "mean": 10.7, "median": 4.5, "p90": 40}),
        (list(range(1, 21)), {"closed": 20, "mean": 10.5, "median": 10.5, "p90": 18}),
        (list(range(1, 71)), {"closed": 70, "mean": 35.5, "median": 35.5, "p90": 63}),
    ],
)
def test_it_computes_the_processing_delays(tree, delays, expected):
    for index, delay in enumerate(delays):
        SaisineFactory(
            organisation=tree["fund"], received_on=date(2022, 1, 1) + timedelta(days=index), delay=delay
        )
    assert annual_report(organisation=tree["fund"], year=2022)["processing_delay_days"] == expected


@pytest.mark.parametrize(
    ("answers", "count", "share"),
    [
        ([7, 8, None], 1, 0.3333),
        ([0, 6, 9], 2, 0.6667),
        ([7], 1, 1.0),
        ([8], 0, 0.0),
        ([1, 2, 3, 4, 5, 6, 8], 6, 0.8571),
    ],
)
def test_it_counts_the_answers_within_seven_days(tree, answers, count, share):
    for answer in answers:
        SaisineFactory(
            organisation=tree["fund"],
            received_on=date(2022, 2, 26),
            acknowledged_on=date(2022, 2, 26) + timedelta(days=answer) if answer is not None else None,
        )
    assert annual_report(organisation=tree["fund"], year=2022)["acknowledged_within_7_days"] == {
        "count": count,
        "share": share,
    }


def test_it_counts_the_answer_of_a_saisine_received_late_in_december(tree):
    # received on 28 December, acknowledged on 4 January: 7 days, counted in the year of receipt
    SaisineFactory(
        organisation=tree["fund"], received_on=date(2022, 12, 28), acknowledged_on=date(2023, 1, 4)
    )
    assert annual_report(organisation=tree["fund"], year=2022)["acknowledged_within_7_days"]["count"] == 1
    assert annual_report(organisation=tree["fund"], year=2023)["acknowledged_within_7_days"]["count"] == 0


def test_it_leaves_a_reopened_saisine_out_of_the_closed_ones(tree):
    saisine = SaisineFactory(organisation=tree["fund"], received_on=date(2022, 5, 1), delay=10)
    saisine.closed_on, saisine.status = None, Status.UNDER_REVIEW
    saisine.refresh_derived(answer_days=7, objective_days=21)
    saisine.save()
    report = annual_report(organisation=tree["fund"], year=2022)
    assert report["processing_delay_days"]["closed"] == 0
    assert sum(report["by_outcome"].values()) == 0


# The reference figures of CPAM du Hainaut (DOMAIN.md §2.9, seed 004)

HAINAUT_MONTHS = [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]
HAINAUT_TOTALS = {2019: 249, 2020: 296, 2021: 867}


def _hainaut_csv() -> bytes:
    """558 saisines in 2022 (and the totals of the years before), as the fund would import them."""
    rows = []
    for year, count in HAINAUT_TOTALS.items():
        rows += [
            {
                "reference": f"{year}-{n:04d}",
                "received_on": f"{year}-{n % 12 + 1:02d}-15",
                "perimeter": "after_claim",
            }
            for n in range(1, count + 1)
        ]
    index = 0
    for month, count in enumerate(HAINAUT_MONTHS, start=1):
        for n in range(count):
            received = date(2022, month, n % 28 + 1)
            row = {"reference": f"2022-{index + 1:04d}", "received_on": received.isoformat()}
            row["author_type"] = {(2, 0): "health_professional", (3, 0): "employer"}.get(
                (month, n), "insured"
            )
            row["perimeter"] = "first_intention" if index < 195 else "after_claim"
            if index < 138:
                row |= {"process": "care_access_complaint", "subprocess": "gp_search"}
            elif index < 195:
                row |= {"process": "cash_benefits", "subprocess": "invalidity"}
            else:
                row |= {"process": "benefits_in_kind", "subprocess": "care"}
            if month <= 10:  # closed after 39 days, within 2022
                closed = received + timedelta(days=39)
                row |= {"closed_on": closed.isoformat(), "outcome": "resolved_by_explanation"}
            rows.append(row)
            index += 1
    columns = ["reference", "received_on", "channel", "author_type", "origin", "perimeter", "process"]
    columns += ["subprocess", "closed_on", "outcome"]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    defaults = {"channel": "letter", "author_type": "insured", "origin": "direct", "process": "other"}
    writer.writerows(defaults | row for row in rows)
    return out.getvalue().encode()


def test_it_reproduces_the_hainaut_2022_reference_figures(db):
    hainaut = OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True)
    result = import_saisines(organisation=hainaut, data=_hainaut_csv())
    assert result.errors == [] and result.created == 558 + sum(HAINAUT_TOTALS.values())

    report = annual_report(organisation=hainaut, year=2022)
    assert report["total"] == 558
    assert report["by_month"] == HAINAUT_MONTHS
    assert report["by_author_type"] == {"insured": 556, "health_professional": 1, "employer": 1}
    assert report["by_perimeter"] == {"first_intention": 195, "after_claim": 363, "special": 0}
    assert round(100 * report["by_perimeter"]["first_intention"] / report["total"]) == 35
    assert round(100 * report["by_perimeter"]["after_claim"] / report["total"]) == 65
    assert report["by_subprocess"]["care_access_complaint.gp_search"] == 138
    assert report["by_process"]["care_access_complaint"] == 138
    assert report["processing_delay_days"] == {"closed": 475, "mean": 39.0, "median": 39.0, "p90": 39}
    for year, total in HAINAUT_TOTALS.items():
        assert annual_report(organisation=hainaut, year=year)["total"] == total


# The command and the API give the same object


@pytest.fixture
def mediator(tree):
    user = UserFactory(email="mediatrice@cpam-a.example")
    membership_add(user=user, organisation=tree["fund"], role=Role.INSTITUTIONAL_MEDIATOR)
    return user


def _api(client, **params):
    return client.get("/api/v1/reports/annual", params)


def test_it_prints_the_same_object_as_the_api(dataset, mediator, client_for, capsys):
    call_command("report", "annual", year=2022, organisation="cpam-a", format="json")
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1  # one JSON object on one line
    response = _api(client_for(mediator), year=2022, organisation="cpam-a")
    assert response.status_code == 200
    assert json.loads(printed) == response.json() == EXPECTED_FUND_2022


def test_it_prints_the_report_with_command_line_arguments(dataset, capsys):
    call_command(
        "report", "annual", "--year", "2022", "--organisation", "hauts-de-france", "--format", "json"
    )
    assert json.loads(capsys.readouterr().out) == json.loads(
        json.dumps(annual_report(organisation=dataset["regional"], year=2022))
    )


def test_it_refuses_an_unknown_organisation_or_year_in_the_command(db):
    OrganisationFactory(slug="cpam-a")
    with pytest.raises(CommandError, match="Organisation inconnue"):
        call_command("report", "annual", year=2022, organisation="nulle-part")
    with pytest.raises(CommandError, match="Année invalide"):
        call_command("report", "annual", year=20222, organisation="cpam-a")


def test_it_answers_404_to_a_mediator_of_another_fund(dataset, client_for):
    outsider = UserFactory(email="mediateur@cpam-c.example")
    membership_add(user=outsider, organisation=dataset["elsewhere"], role=Role.INSTITUTIONAL_MEDIATOR)
    client = client_for(outsider)
    for slug in ["cpam-a", "hauts-de-france", "nulle-part"]:
        response = _api(client, year=2022, organisation=slug)
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}
    assert _api(client, year=2022, organisation="cpam-c").status_code == 200


def test_it_gives_a_national_coordinator_the_aggregated_report(dataset, client_for):
    coordinator = UserFactory(email="coordination@assurance-maladie.example")
    membership_add(user=coordinator, organisation=dataset["national"], role=Role.COORDINATOR)
    client = client_for(coordinator)
    for slug in ["assurance-maladie", "hauts-de-france", "cpam-a"]:
        response = _api(client, year=2022, organisation=slug)
        assert response.status_code == 200
        assert response.json() == json.loads(
            json.dumps(annual_report(organisation=dataset[_KEYS[slug]], year=2022))
        )
    assert _api(client, year=2022, organisation="hauts-de-france").json()["total"] == 12
    assert _api(client, year=2022, organisation="cpam-c").status_code == 404  # not below


_KEYS = {"assurance-maladie": "national", "hauts-de-france": "regional", "cpam-a": "fund"}


def test_it_refuses_the_fund_mediator_the_regional_report(dataset, mediator, client_for):
    assert _api(client_for(mediator), year=2022, organisation="hauts-de-france").status_code == 404


def test_it_refuses_the_report_to_anonymous_users_and_bad_years(dataset, mediator, client_for, client):
    assert _api(client, year=2022, organisation="cpam-a").status_code == 401
    logged = client_for(mediator)
    for params in [{"year": 1800, "organisation": "cpam-a"}, {"year": "deux", "organisation": "cpam-a"}, {}]:
        response = logged.get("/api/v1/reports/annual", params)
        assert response.status_code == 422
        assert set(response.json()) == {"detail"}


def test_it_runs_a_constant_number_of_queries(tree, django_assert_max_num_queries):
    fund = tree["fund"]
    for n in range(5):
        SaisineFactory(organisation=fund, received_on=date(2022, 1, 1) + timedelta(days=n), delay=n)
    with CaptureQueriesContext(connection) as few:
        annual_report(organisation=fund, year=2022)

    processes = Process.values
    for n in range(195):
        SaisineFactory(
            organisation=fund,
            received_on=date(2022, 1, 1) + timedelta(days=n),
            delay=n % 40,
            process=processes[n % len(processes)],
            commune_insee=f"{59000 + n % 30}",
            requester_key=f"K{n % 50}",
            acknowledged_on=date(2022, 1, 1) + timedelta(days=n + n % 10),
        )
    with django_assert_max_num_queries(len(few)):
        report = annual_report(organisation=fund, year=2022)
    assert report["total"] == 200
    assert len(few) <= 16
