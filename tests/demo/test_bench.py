"""The synthetic national installation of `lien bench-data` (lien/demo/bench.py): its tree, its
accounts, rows consistent with what the services would have written, and a reset that touches
nothing but the bench organisations. Speed is measured by `make bench`, never asserted here."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import ApiToken, Organisation, User
from lien.demo import bench
from lien.journal.models import JournalEntry
from lien.people.models import Person
from lien.reports.annual import annual_report
from lien.saisines.access import get_saisine_for_user
from lien.saisines.enums import OPEN_STATUSES, Status
from lien.saisines.importer import import_saisines
from lien.saisines.models import Exchange, Saisine, SaisineEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
DERIVED = [
    "answer_due_on",
    "objective_due_on",
    "first_answer_on",
    "answer_delay_days",
    "processing_delay_days",
]


def load(tmp_path, **options) -> dict:
    options = {"saisines": 400, "funds": 3, "years": 2, "events_per_saisine": 3, "batch_size": 150} | options
    return bench.bench_data_load(
        options=bench.BenchOptions(**options),
        today=TODAY,
        accounts_path=tmp_path / "accounts.json",
        progress=lambda line: None,
    )


def test_it_builds_a_national_tree_with_one_mediator_per_fund(tmp_path):
    load(tmp_path)
    national = Organisation.objects.get(slug=bench.NATIONAL_SLUG)
    regions = Organisation.objects.filter(parent=national)
    funds = Organisation.objects.filter(kind=OrganisationKind.FUND, slug__startswith=bench.PREFIX)
    assert regions.count() == 13
    assert funds.count() == 3
    assert set(funds.values_list("parent__parent", flat=True)) == {national.pk}
    assert User.objects.filter(email__endswith=f"@{bench.EMAIL_DOMAIN}").count() == 4
    mediator = User.objects.get(email=f"mediateur.001@{bench.EMAIL_DOMAIN}")
    assert mediator.check_password(bench.PASSWORD)


def test_it_writes_tokens_that_authenticate_and_ids_the_mediator_may_open(tmp_path):
    accounts = load(tmp_path)
    assert json.loads((tmp_path / "accounts.json").read_text()) == accounts
    national = ApiToken.objects.authenticate(accounts["national"]["token"])
    assert national.user.email == accounts["national"]["email"]
    for fund in accounts["funds"]:
        user = ApiToken.objects.authenticate(fund["token"]).user
        assert user.email == fund["email"]
        assert Saisine.objects.visible_to(user).filter(pk__in=fund["saisine_ids"]).count() == len(
            fund["saisine_ids"]
        )
    assert sum(fund["saisines"] for fund in accounts["funds"]) == 400


def test_it_writes_saisines_as_refresh_derived_would(tmp_path):
    load(tmp_path, requester_share=0.3)
    saisines = Saisine.objects.select_related("requester")
    assert saisines.count() == 400
    assert Person.objects.count() == 120  # the share, drawn saisine by saisine
    assert 60 < saisines.filter(requester__isnull=False).count() < 180
    for saisine in saisines:
        stored = {name: getattr(saisine, name) for name in [*DERIVED, "search_text"]}
        saisine.refresh_derived(answer_days=7, objective_days=21)
        assert stored == {name: getattr(saisine, name) for name in [*DERIVED, "search_text"]}
        assert saisine.received_on <= TODAY
        assert (saisine.status in OPEN_STATUSES) == (saisine.closed_on is None)
        if saisine.requester_id:
            assert saisine.requester_key == f"person-{saisine.requester_id}"


def test_it_derives_events_and_exchanges_in_the_database(tmp_path):
    load(tmp_path)
    assert SaisineEvent.objects.count() == 400 * 3
    first = SaisineEvent.objects.filter(kind="received").select_related("saisine").first()
    assert first.to_status == Status.RECEIVED
    assert first.at.date() == first.saisine.received_on
    assert Exchange.objects.exists()
    assert not SaisineEvent.objects.exclude(kind__in=[step[0] for step in bench.EVENT_STEPS]).exists()


def test_it_skips_events_when_asked(tmp_path):
    load(tmp_path, events_per_saisine=0)
    assert not SaisineEvent.objects.exists()


def test_it_gives_a_national_report_that_adds_up_the_funds(tmp_path):
    load(tmp_path, years=3)
    year = TODAY.year - 1
    national = annual_report(organisation=Organisation.objects.get(slug=bench.NATIONAL_SLUG), year=year)
    funds = [
        annual_report(organisation=fund, year=year)
        for fund in Organisation.objects.filter(kind=OrganisationKind.FUND, slug__startswith=bench.PREFIX)
    ]
    assert national["total"] > 0
    assert national["total"] == sum(report["total"] for report in funds)
    assert national["reiterations"] == sum(report["reiterations"] for report in funds)


def test_it_resets_the_bench_organisations_and_nothing_else(tmp_path):
    other = OrganisationFactory(slug="cpam-reelle", kind=OrganisationKind.FUND)
    import_saisines(
        organisation=other,
        data=b"reference,received_on,channel,author_type,origin,perimeter,process\n"
        b"R-1,2025-01-02,email,insured,direct,first_intention,other\n",
    )
    accounts = load(tmp_path, requester_share=0.5)
    mediator = User.objects.get(email=accounts["funds"][0]["email"])
    get_saisine_for_user(mediator, accounts["funds"][0]["saisine_ids"][0])  # journalled
    assert JournalEntry.objects.filter(user=mediator).exists()

    bench.bench_reset(progress=lambda line: None)

    assert list(Organisation.objects.values_list("slug", flat=True)) == ["cpam-reelle"]
    assert list(Saisine.objects.values_list("reference", flat=True)) == ["R-1"]
    assert SaisineEvent.objects.count() == 1
    assert not Person.objects.exists()
    assert not JournalEntry.objects.exists()
    assert not User.objects.filter(email__endswith=f"@{bench.EMAIL_DOMAIN}").exists()


def test_the_command_refuses_to_load_twice_without_reset(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    call_command(
        "bench_data", "--saisines", "50", "--funds", "2", "--years", "1", stdout=open("/dev/null", "w")
    )
    with pytest.raises(CommandError, match="--reset"):
        call_command("bench_data", "--saisines", "50", "--funds", "2", "--years", "1")
    call_command(
        "bench_data",
        "--saisines",
        "60",
        "--funds",
        "2",
        "--years",
        "1",
        "--reset",
        stdout=open("/dev/null", "w"),
    )
    assert Saisine.objects.count() == 60
    assert (tmp_path / "bench" / "accounts.json").exists()


def test_the_import_file_imports_cleanly(tmp_path):
    path = tmp_path / "import.csv"
    bench.bench_csv_write(path=path, rows=300, today=TODAY, prefix="T")
    fund = OrganisationFactory(kind=OrganisationKind.FUND)
    result = import_saisines(organisation=fund, data=path.read_bytes())
    assert result.errors == []
    assert result.created == 300
    assert Saisine.objects.filter(organisation=fund, reference__startswith="T-").count() == 300
