"""The saisine CSV import of INTERFACES.md, checked against the contract: columns, codes, dates,
errors as ``line N: column: reason``, all-or-nothing and idempotent on ``reference``."""

import csv
import io
import string
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, base, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lien.saisines.enums import (
    SUBPROCESSES,
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
from lien.saisines.management.commands.import_saisines import Command as ImportCommand
from lien.saisines.models import MediationSettings, Saisine, SaisineEvent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

REQUIRED = ["reference", "received_on", "channel", "author_type", "origin", "perimeter", "process"]
OPTIONAL = [
    "commune_insee",
    "subprocess",
    "acknowledged_on",
    "closed_on",
    "resolution_mode",
    "outcome",
    "requester_key",
]
COLUMNS = REQUIRED + OPTIONAL
DATES = ["received_on", "acknowledged_on", "closed_on"]

VALID = {
    "reference": "2022-0001",
    "received_on": "2022-01-28",
    "channel": "email",
    "author_type": "insured",
    "origin": "direct",
    "commune_insee": "59606",
    "perimeter": "first_intention",
    "process": "care_access_complaint",
    "subprocess": "gp_search",
    "acknowledged_on": "2022-02-01",
    "closed_on": "2022-03-08",
    "resolution_mode": "support_solution",
    "outcome": "payment_or_right_granted",
    "requester_key": "A-123",
}


@pytest.fixture
def fund():
    return OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True)


def _csv(rows: list[dict], columns: list[str] | None = None, *, bom: bool = False, eol: str = "\n") -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator=eol, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def _row(**changes) -> dict:
    return VALID | changes


def _rows(count: int, **changes) -> list[dict]:
    return [_row(reference=f"2022-{n:04d}", **changes) for n in range(1, count + 1)]


def _import(fund, data: bytes):
    return import_saisines(organisation=fund, data=data)


def _errors(fund, data: bytes) -> list[str]:
    result = _import(fund, data)
    assert not Saisine.objects.exists()
    return result.errors


# The columns


def test_it_imports_a_full_line_and_stores_every_column(fund):
    result = _import(fund, _csv([_row()]))
    assert (result.errors, result.created, result.updated) == ([], 1, 0)
    saisine = Saisine.objects.get()
    assert saisine.organisation == fund
    assert {name: getattr(saisine, name) for name in COLUMNS} == VALID | {
        "received_on": date(2022, 1, 28),
        "acknowledged_on": date(2022, 2, 1),
        "closed_on": date(2022, 3, 8),
    }
    assert (saisine.status, saisine.processing_delay_days, saisine.answer_delay_days) == (
        Status.CLOSED,
        39,
        4,
    )
    assert (saisine.answer_due_on, saisine.objective_due_on) == (date(2022, 2, 4), date(2022, 2, 18))
    assert SaisineEvent.objects.get(saisine=saisine).kind == "imported"


def test_it_accepts_a_byte_order_mark_and_windows_line_ends(fund):
    result = _import(fund, _csv(_rows(2), bom=True, eol="\r\n"))
    assert (result.errors, result.created) == ([], 2)
    assert set(Saisine.objects.values_list("reference", flat=True)) == {"2022-0001", "2022-0002"}


def test_it_accepts_the_columns_in_any_order(fund):
    columns = list(reversed(COLUMNS))
    result = _import(fund, _csv([_row()], columns))
    assert result.errors == []
    assert Saisine.objects.get().process == "care_access_complaint"


def test_it_accepts_a_file_with_the_required_columns_only(fund):
    result = _import(fund, _csv([_row(closed_on="", outcome="")], REQUIRED))
    assert (result.errors, result.created) == ([], 1)
    saisine = Saisine.objects.get()
    assert (
        saisine.commune_insee,
        saisine.subprocess,
        saisine.closed_on,
        saisine.outcome,
        saisine.requester_key,
    ) == (
        "",
        "",
        None,
        "",
        "",
    )
    assert saisine.status == Status.RECEIVED


def test_it_accepts_empty_optional_cells(fund):
    empty = dict.fromkeys(OPTIONAL, "")
    result = _import(fund, _csv([_row(**empty)]))
    assert result.errors == []


def test_it_accepts_a_header_only_file(fund):
    result = _import(fund, ",".join(COLUMNS).encode() + b"\n")
    assert (result.errors, result.created, result.updated) == ([], 0, 0)


@pytest.mark.parametrize("code", ["2A004", "2B033", "01001", "97411"])
def test_it_accepts_insee_codes_of_corsica_and_overseas(fund, code):
    result = _import(fund, _csv([_row(commune_insee=code)]))
    assert result.errors == []
    assert Saisine.objects.get().commune_insee == code


@pytest.mark.parametrize("missing", REQUIRED)
def test_it_names_a_missing_required_column_on_line_one(fund, missing):
    columns = [name for name in COLUMNS if name != missing]
    assert _errors(fund, _csv(_rows(3), columns)) == [f"line 1: {missing}: colonne obligatoire absente"]


def test_it_names_every_missing_required_column(fund):
    errors = _errors(fund, _csv([_row()], ["reference", "channel", "origin", "process"]))
    assert errors == [
        "line 1: received_on: colonne obligatoire absente",
        "line 1: author_type: colonne obligatoire absente",
        "line 1: perimeter: colonne obligatoire absente",
    ]


# The cells


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("channel", "fax", "code inconnu « fax »"),
        ("author_type", "insure", "code inconnu « insure »"),
        ("origin", "Direct", "code inconnu « Direct »"),
        ("perimeter", "first intention", "code inconnu « first intention »"),
        ("process", "cash", "code inconnu « cash »"),
        ("resolution_mode", "equity", "code inconnu « equity »"),
        ("outcome", "revised", "code inconnu « revised »"),
        ("received_on", "28/01/2022", "date invalide « 28/01/2022 » (attendu AAAA-MM-JJ)"),
        ("received_on", "2022-02-30", "date invalide « 2022-02-30 » (attendu AAAA-MM-JJ)"),
        ("received_on", "2022-1-28", "date invalide « 2022-1-28 » (attendu AAAA-MM-JJ)"),
        ("acknowledged_on", "2023-02-29", "date invalide « 2023-02-29 » (attendu AAAA-MM-JJ)"),
        ("closed_on", "demain", "date invalide « demain » (attendu AAAA-MM-JJ)"),
        ("commune_insee", "5960", "code INSEE invalide « 5960 » (5 caractères, ex. 59606 ou 2A004)"),
        ("commune_insee", "2C004", "code INSEE invalide « 2C004 » (5 caractères, ex. 59606 ou 2A004)"),
        ("commune_insee", "596060", "code INSEE invalide « 596060 » (5 caractères, ex. 59606 ou 2A004)"),
        ("subprocess", "sickness", "« sickness » n'appartient pas au processus « care_access_complaint »"),
        ("reference", "R" * 51, "plus de 50 caractères"),
        ("requester_key", "k" * 65, "plus de 64 caractères"),
    ],
)
def test_it_names_the_line_column_and_reason_of_a_bad_cell(fund, column, value, reason):
    rows = _rows(3)
    rows[1][column] = value
    assert _errors(fund, _csv(rows)) == [f"line 3: {column}: {reason}"]


@pytest.mark.parametrize("column", REQUIRED)
def test_it_refuses_an_empty_required_cell(fund, column):
    rows = _rows(2)
    rows[1][column] = "  "
    assert _errors(fund, _csv(rows)) == [f"line 3: {column}: valeur obligatoire manquante"]


def test_it_refuses_a_subprocess_under_a_process_without_subprocesses(fund):
    assert _errors(fund, _csv([_row(process="litigation", subprocess="care")])) == [
        "line 2: subprocess: « care » n'appartient pas au processus « litigation »"
    ]


def test_it_refuses_a_closure_before_the_receipt(fund):
    assert _errors(fund, _csv([_row(received_on="2022-03-01", closed_on="2022-02-28")])) == [
        "line 2: closed_on: antérieure à received_on"
    ]


def test_it_accepts_a_closure_on_the_day_of_receipt(fund):
    result = _import(fund, _csv([_row(received_on="2022-03-01", acknowledged_on="", closed_on="2022-03-01")]))
    assert result.errors == []
    assert Saisine.objects.get().processing_delay_days == 0


def test_it_requires_an_outcome_with_a_closure_date(fund):
    assert _errors(fund, _csv([_row(outcome="")])) == [
        "line 2: outcome: obligatoire quand closed_on est renseignée"
    ]


def test_it_accepts_an_outcome_without_a_closure_date(fund):
    assert _import(fund, _csv([_row(closed_on="")])).errors == []


def test_it_refuses_a_reference_twice_in_a_file(fund):
    rows = _rows(3)
    rows[2]["reference"] = rows[0]["reference"]
    assert _errors(fund, _csv(rows)) == ["line 4: reference: « 2022-0001 » déjà présente ligne 2"]


def test_it_reports_every_bad_cell_of_every_line_in_order(fund):
    rows = _rows(5)
    rows[0]["channel"] = "pigeon"
    rows[0]["received_on"] = "2022-13-01"
    rows[3]["closed_on"] = "2022-01-01"
    rows[4]["origin"] = ""
    assert _errors(fund, _csv(rows)) == [
        "line 2: received_on: date invalide « 2022-13-01 » (attendu AAAA-MM-JJ)",
        "line 2: channel: code inconnu « pigeon »",
        "line 5: closed_on: antérieure à received_on",
        "line 6: origin: valeur obligatoire manquante",
    ]


def test_it_counts_physical_lines_with_a_quoted_line_break(fund):
    rows = _rows(3)
    rows[0]["requester_key"] = "Mme Dupont\nrue des Lilas"
    rows[2]["channel"] = "pigeon"
    assert _errors(fund, _csv(rows)) == ["line 5: channel: code inconnu « pigeon »"]


def test_it_refuses_a_line_with_more_cells_than_columns(fund):
    data = _csv(_rows(2)) + b"2022-0003,2022-01-01,email,insured,direct,,first_intention,other,,,,,,,extra\n"
    assert _errors(fund, data) == ["line 4: -: plus de cellules que de colonnes"]


def test_it_refuses_a_file_that_is_not_utf8(fund):
    data = _csv([_row(requester_key="Hélène")]).decode().encode("latin-1")
    assert _errors(fund, data) == ["line 2: -: le fichier n'est pas encodé en UTF-8"]


# All or nothing, idempotence


def test_it_imports_nothing_when_one_line_among_a_hundred_is_bad(fund):
    rows = _rows(101)
    rows[57]["process"] = "unknown"
    result = _import(fund, _csv(rows))
    assert result.errors == ["line 59: process: code inconnu « unknown »"]
    assert (result.created, result.updated) == (0, 0)
    assert not Saisine.objects.exists()
    assert not SaisineEvent.objects.exists()


def test_it_updates_on_a_second_import_and_never_duplicates(fund):
    rows = _rows(20)
    first = _import(fund, _csv(rows))
    assert (first.created, first.updated) == (20, 0)
    ids = dict(Saisine.objects.values_list("reference", "pk"))

    rows[4] |= {"outcome": "decision_revised", "closed_on": "2022-04-01"}
    second = _import(fund, _csv(rows))
    assert (second.created, second.updated) == (0, 20)
    assert dict(Saisine.objects.values_list("reference", "pk")) == ids
    changed = Saisine.objects.get(reference="2022-0005")
    assert (changed.outcome, changed.closed_on, changed.processing_delay_days) == (
        "decision_revised",
        date(2022, 4, 1),
        63,
    )
    assert SaisineEvent.objects.count() == 20  # one "imported" event per created saisine


def test_it_creates_the_new_and_updates_the_known_in_one_file(fund):
    _import(fund, _csv(_rows(3)))
    result = _import(fund, _csv(_rows(5)))
    assert (result.created, result.updated) == (2, 3)
    assert Saisine.objects.count() == 5


def test_it_keeps_references_apart_between_organisations(fund):
    other = OrganisationFactory(slug="cpam-nord", fund=True)
    _import(fund, _csv(_rows(2)))
    result = _import(other, _csv(_rows(2)))
    assert (result.created, result.updated) == (2, 0)
    assert Saisine.objects.filter(organisation=fund).count() == 2


def test_it_computes_the_deadlines_with_the_organisation_settings(fund):
    MediationSettings.objects.create(organisation=fund, answer_days=7, objective_days=14)
    _import(fund, _csv([_row(received_on="2024-02-26", acknowledged_on="", closed_on="")]))
    saisine = Saisine.objects.get()
    assert (saisine.answer_due_on, saisine.objective_due_on) == (date(2024, 3, 4), date(2024, 3, 11))


# The command


def test_it_prints_the_counts_from_the_command(fund, tmp_path, capsys):
    path = tmp_path / "saisines.csv"
    path.write_bytes(_csv(_rows(4), bom=True))
    call_command("import_saisines", str(path), organisation="cpam-hainaut")
    assert capsys.readouterr().out.strip() == "4 created, 0 updated"

    path.write_bytes(_csv(_rows(6)))
    call_command("import_saisines", str(path), organisation="cpam-hainaut")
    assert capsys.readouterr().out.strip() == "2 created, 4 updated"
    assert Saisine.objects.count() == 6


def test_it_prints_every_error_line_and_fails_from_the_command(fund, tmp_path, capsys):
    rows = _rows(4)
    rows[0]["channel"] = "fax"
    rows[3]["closed_on"] = "2021-12-31"
    path = tmp_path / "saisines.csv"
    path.write_bytes(_csv(rows))
    with pytest.raises(CommandError):
        call_command("import_saisines", str(path), organisation="cpam-hainaut")
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "line 2: channel: code inconnu « fax »",
        "line 5: closed_on: antérieure à received_on",
    ]
    assert "created" not in captured.out
    assert not Saisine.objects.exists()


def test_it_exits_non_zero_on_error(fund, tmp_path, monkeypatch, capsys):
    """As `lien import-saisines` runs it: from the command line, a CommandError exits with 1."""
    monkeypatch.setattr(base.connections, "close_all", lambda: None)  # keep the test's connection
    path = tmp_path / "saisines.csv"
    path.write_bytes(_csv([_row(origin="")]))
    with pytest.raises(SystemExit) as exit_info:
        ImportCommand().run_from_argv(
            ["lien", "import_saisines", str(path), "--organisation", "cpam-hainaut"]
        )
    assert exit_info.value.code == 1
    assert "line 2: origin: valeur obligatoire manquante" in capsys.readouterr().err


def test_it_refuses_an_unknown_organisation(db, tmp_path):
    path = tmp_path / "saisines.csv"
    path.write_bytes(_csv([_row()]))
    with pytest.raises(CommandError, match="Organisation inconnue"):
        call_command("import_saisines", str(path), organisation="nulle-part")


def test_it_checks_without_writing_on_a_dry_run(fund, tmp_path, capsys):
    path = tmp_path / "saisines.csv"
    path.write_bytes(_csv(_rows(3)))
    call_command("import_saisines", str(path), organisation="cpam-hainaut", dry_run=True)
    assert capsys.readouterr().out.strip() == "(simulation) 3 created, 0 updated"
    assert not Saisine.objects.exists()


# Properties: any valid file round-trips; any single bad cell rejects the whole file.

_KEY_ALPHABET = string.ascii_letters + string.digits + "-_ ,;'\"éèàçÉ"


@st.composite
def saisine_rows(draw) -> dict:
    received = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
    process = draw(st.sampled_from(Process.values))
    closed = draw(st.none() | st.integers(0, 500).map(lambda days: received + timedelta(days=days)))
    return {
        "received_on": received,
        "channel": draw(st.sampled_from(Channel.values)),
        "author_type": draw(st.sampled_from(AuthorType.values)),
        "origin": draw(st.sampled_from(Origin.values)),
        "commune_insee": draw(st.just("") | st.from_regex(r"\A(\d{5}|2[AB]\d{3})\Z")),
        "perimeter": draw(st.sampled_from(Perimeter.values)),
        "process": process,
        "subprocess": draw(st.sampled_from(["", *SUBPROCESSES.get(process, {})])),
        "acknowledged_on": draw(
            st.none() | st.integers(0, 60).map(lambda days: received + timedelta(days=days))
        ),
        "closed_on": closed,
        "resolution_mode": draw(st.sampled_from(["", *ResolutionMode.values])),
        "outcome": draw(st.sampled_from(Outcome.values if closed else ["", *Outcome.values])),
        "requester_key": draw(st.text(_KEY_ALPHABET, max_size=64).filter(lambda key: key == key.strip())),
    }


@st.composite
def saisine_files(draw) -> tuple[list[str], list[dict]]:
    """Rows with unique references, and a random order of the columns (some optional ones absent)."""
    references = draw(
        st.lists(
            st.text(string.ascii_uppercase + string.digits + "-/", min_size=1, max_size=50),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    rows = [draw(saisine_rows()) | {"reference": reference} for reference in references]
    absent = draw(st.sets(st.sampled_from(OPTIONAL)))
    if "closed_on" not in absent:
        absent.discard("outcome")  # an outcome must come with a closure date
    for row in rows:
        for name in absent:
            row[name] = None if name in DATES else ""
    columns = draw(st.permutations([name for name in COLUMNS if name not in absent]))
    return columns, rows


def _cells(row: dict) -> dict:
    return {
        name: value.isoformat() if isinstance(value, date) else (value or "") for name, value in row.items()
    }


HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@HYPOTHESIS
@given(saisine_files(), st.booleans())
def test_it_round_trips_every_valid_file(fund, generated, bom):
    Saisine.objects.all().delete()
    columns, rows = generated
    result = _import(fund, _csv([_cells(row) for row in rows], columns, bom=bom))
    assert (result.errors, result.created, result.updated) == ([], len(rows), 0)
    stored = {
        saisine["reference"]: saisine
        for saisine in Saisine.objects.filter(organisation=fund).values(*COLUMNS, "processing_delay_days")
    }
    assert len(stored) == len(rows)
    for row in rows:
        saisine = stored[row["reference"]]
        assert {name: saisine[name] for name in COLUMNS} == row
        expected_delay = (row["closed_on"] - row["received_on"]).days if row["closed_on"] else None
        assert saisine["processing_delay_days"] == expected_delay


def _corruptions(column: str) -> st.SearchStrategy[str]:
    if column in REQUIRED and column not in DATES:
        bad = st.sampled_from(["", "  "])
        if column != "reference":
            bad |= st.sampled_from(["inconnu", "EMAIL", "first intention", "x" * 31])
        return bad
    if column in DATES:
        bad = st.sampled_from(["2022-02-30", "2023-02-29", "31/12/2022", "2022-1-5", "hier", "2022-13-01"])
        return bad | st.just("") if column == "received_on" else bad
    if column == "commune_insee":
        return st.sampled_from(["5960", "596066", "2C004", "2a004", "AB123", "59 60"])
    if column == "subprocess":
        return st.sampled_from(["inconnu", "gp_search_", "Care"])
    return st.sampled_from(["inconnu", "Explanation", "abandon"])  # resolution_mode, outcome


@HYPOTHESIS
@given(saisine_files(), st.data())
def test_it_rejects_the_whole_file_for_any_single_bad_cell(fund, generated, data):
    Saisine.objects.all().delete()
    columns, rows = generated
    cells = [_cells(row) for row in rows]
    index = data.draw(st.integers(0, len(cells) - 1), label="row")
    column = data.draw(st.sampled_from([name for name in columns if name != "requester_key"]), label="column")
    cells[index][column] = data.draw(_corruptions(column), label="bad value")

    result = _import(fund, _csv(cells, columns))

    assert len(result.errors) == 1, result.errors
    assert result.errors[0].startswith(f"line {index + 2}: {column}: ")
    assert (result.created, result.updated) == (0, 0)
    assert not Saisine.objects.exists()
