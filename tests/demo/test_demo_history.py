"""The demo fund's history (lien/demo/history.py): the Hainaut's published years as the annual
report counts them (DOMAIN.md §2.9), the years since, beside the open cases of the demo."""

import csv
import gzip
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lien.accounts.models import Organisation
from lien.communes.models import Commune
from lien.communes.services import DATA_FILE, read_communes
from lien.demo import history
from lien.demo.load import PEOPLE, demo_data_load
from lien.reports.annual import annual_report
from lien.saisines.enums import OPEN_STATUSES
from lien.saisines.models import Saisine, SaisineEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLISHED_TOTALS = {2019: 249, 2020: 296, 2021: 867, 2022: 558}
PUBLISHED_MEAN_DELAYS = {2019: 17.0, 2020: 17.5, 2021: 40.0, 2022: 39.0}


def test_the_demo_fund_reports_the_hainauts_years_and_keeps_its_open_cases(monkeypatch):
    # The communes of the demo people, so that the full referential need not be loaded; and none
    # of the community programmes, of the directory nor of the patient partners, which write no
    # saisine (tests/accounts runs the whole demo).
    codes = {person[-1] for _slug, _author, people in PEOPLE for person in people}
    Commune.objects.bulk_create([commune for commune in read_communes() if commune.insee_code in codes])
    for loader in (
        "demo_directory_load",
        "demo_community_load",
        "demo_programmes_load",
        "demo_partners_load",
        "demo_accompaniments_load",
    ):
        monkeypatch.setattr(f"lien.demo.load.{loader}", lambda **kwargs: None)
    demo_data_load()
    fund = Organisation.objects.get(slug="cpam-hainaut")
    reports = {year: annual_report(organisation=fund, year=year) for year in PUBLISHED_TOTALS}

    assert {year: report["total"] for year, report in reports.items()} == PUBLISHED_TOTALS
    for year, mean in PUBLISHED_MEAN_DELAYS.items():
        assert reports[year]["processing_delay_days"]["mean"] == pytest.approx(mean, abs=0.5)
    year_2022 = reports[2022]
    assert year_2022["by_month"] == [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]
    assert year_2022["by_author_type"] == {"insured": 556, "health_professional": 1, "employer": 1}
    perimeters = year_2022["by_perimeter"]
    assert perimeters["first_intention"] / 558 == pytest.approx(0.35, abs=0.01)
    assert perimeters["after_claim"] / 558 == pytest.approx(0.65, abs=0.01)
    # "Médecin-traitant searches": what the human report reads (lien/reports/selectors.py).
    assert year_2022["by_subprocess"]["care_access_complaint.gp_search"] == 138
    assert year_2022["processing_delay_days"]["mean"] == pytest.approx(39, abs=1.5)
    # Closed saisines carry what a closure records; most are answered within the week.
    assert sum(year_2022["by_outcome"].values()) == year_2022["processing_delay_days"]["closed"]
    assert sum(year_2022["by_resolution_mode"].values()) == year_2022["processing_delay_days"]["closed"]
    assert year_2022["acknowledged_within_7_days"]["share"] > 0.75
    assert set(year_2022["by_commune"]) <= set(history.COMMUNES)
    assert year_2022["reiterations"] > 10

    # Since 2022, every year up to today has saisines, so that the comparison is real.
    today = timezone.localdate()
    for year in range(2023, (today - timedelta(days=2)).year + 1):
        report = annual_report(organisation=fund, year=year)
        assert report["total"] > 0, year
        if year < today.year:
            assert 500 <= report["total"] <= 650, year

    # The history is closed and imported; the open cases of the demo are still there, worked in Lien.
    assert not Saisine.objects.filter(organisation=fund, reference__startswith="H", closed_on__isnull=True)
    assert not Saisine.objects.filter(organisation=fund, closed_on__gt=today)
    open_cases = Saisine.objects.filter(organisation=fund, requester__isnull=False)
    assert open_cases.count() == 5
    assert set(open_cases.values_list("status", flat=True)) <= set(OPEN_STATUSES)
    assert SaisineEvent.objects.filter(saisine__organisation=fund, kind="imported").count() == (
        Saisine.objects.filter(organisation=fund, requester__isnull=True).count()
    )


def test_the_history_loads_once_and_the_same_every_time():
    fund = OrganisationFactory(slug="cpam-demo", fund=True)
    today = date(2026, 12, 6)
    count = history.demo_history_load(organisation=fund, today=today)
    fields = ["reference", "received_on", "closed_on", "acknowledged_on", "process", "requester_key"]
    first = list(Saisine.objects.filter(organisation=fund).order_by("reference").values_list(*fields))
    assert len(first) == count
    history.demo_history_load(organisation=fund, today=today)
    assert list(Saisine.objects.filter(organisation=fund).order_by("reference").values_list(*fields)) == first
    # A history written by an earlier builder (other references) does not stay to be counted twice.
    Saisine.objects.filter(reference="H2024-00001").update(reference="H2024-09999")
    history.demo_history_load(organisation=fund, today=today)
    assert not Saisine.objects.filter(reference="H2024-09999").exists()
    assert Saisine.objects.filter(organisation=fund).count() == count


def test_a_past_year_does_not_depend_on_today():
    def past(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [row for row in rows if row["received_on"] < "2026"]

    assert past(history.history_rows(date(2026, 12, 6))) == past(history.history_rows(date(2027, 6, 1)))


def test_the_communes_are_hainaut_communes_of_the_referential():
    with gzip.open(DATA_FILE, "rb") as raw:
        departements = {
            row["insee"]: row["departement"]
            for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        }
    assert {code: departements.get(code) for code in history.COMMUNES} == dict.fromkeys(
        history.COMMUNES, "59"
    )
