"""``lien open-data`` (INTERFACES.md « Open data »): CSV and JSON on standard output, French
errors with nothing printed, the export journalled without a user."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from lien.__main__ import command_argv
from lien.journal.models import Action, JournalEntry

pytestmark = pytest.mark.django_db

PERIOD = ["--start", "2026-01-01", "--end", "2026-06-30"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("open_data", *args, stdout=out)
    return out.getvalue()


def test_the_command_is_named_with_a_hyphen():
    assert command_argv(["lien", "open-data", "--by", "gender"])[1] == "open_data"


def test_it_prints_csv_with_the_dimensions_in_order_then_count(community):
    text = run("--organisation", "asso", *PERIOD, "--by", "barrier,gender", "--threshold", "1")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["barrier", "gender", "count"]
    assert rows[1] == ["mobility", "female", "1"]
    assert ["mobility", "inconnu", "0"] in rows
    assert rows[-1] == ["*", "*", "3"]
    assert len(rows) == 1 + 4 * 4
    assert text.endswith("\n") and "\r" not in text


def test_a_masked_cell_has_an_empty_count(community):
    text = run("--organisation", "asso", *PERIOD, "--by", "gender")  # the setting's threshold: 5
    assert text == "gender,count\nfemale,\nmale,\ninconnu,\n*,\n"


def test_it_prints_json(fund):
    text = run(
        "--organisation",
        "cpam-od",
        *PERIOD,
        "--by",
        "process,outcome",
        "--threshold",
        "1",
        "--format",
        "json",
    )
    data = json.loads(text)
    assert {key: data[key] for key in data if key != "rows"} == {
        "organisation": "cpam-od",
        "population": "saisines",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "threshold": 1,
        "dimensions": ["process", "outcome"],
    }
    assert {"process": "cash_benefits", "outcome": "en_cours", "count": 1} in data["rows"]
    assert data["rows"][-1] == {"process": "*", "outcome": "*", "count": 3}
    masked = json.loads(run("--organisation", "cpam-od", *PERIOD, "--by", "channel", "--format", "json"))
    assert masked["threshold"] == 5
    assert masked["rows"] == [
        {"channel": "email", "count": None},
        {"channel": "letter", "count": None},
        {"channel": "*", "count": None},
    ]


def test_it_journals_the_export_without_a_user(community):
    run("--organisation", "asso", *PERIOD, "--by", "gender,commune", "--threshold", "2")
    entry = JournalEntry.objects.get(action=Action.EXPORT)
    assert entry.user is None and entry.organisation == community.organisation and entry.person is None
    assert entry.detail == (
        "données ouvertes du 2026-01-01 au 2026-06-30 par gender, commune, seuil 2 (CSV, commande)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "nowhere", *PERIOD, "--by", "gender"], "Organisation inconnue : nowhere"),
        (["--organisation", "asso", *PERIOD, "--by", "channel"], "ne concerne que les saisines"),
        (["--organisation", "asso", *PERIOD, "--by", "gender,gender"], "demandée deux fois"),
        (["--organisation", "asso", *PERIOD, "--by", "colour"], "Dimension inconnue : « colour »"),
        (["--organisation", "asso", *PERIOD, "--by", ""], "Choisissez au moins une dimension."),
        (
            ["--organisation", "asso", "--start", "2026-06-30", "--end", "2026-01-01", "--by", "gender"],
            "La fin de la période précède son début.",
        ),
        (
            ["--organisation", "asso", "--start", "2026-02-30", "--end", "2026-06-30", "--by", "gender"],
            "Date invalide pour --start",
        ),
        (
            ["--organisation", "asso", "--start", "20260101", "--end", "2026-06-30", "--by", "gender"],
            "AAAA-MM-JJ",
        ),
        (["--organisation", "asso", *PERIOD, "--by", "gender", "--threshold", "0"], "au moins 1"),
        (["--organisation", "asso", *PERIOD, "--by", "gender", "--threshold", "deux"], "Seuil invalide"),
        (["--organisation", "asso", *PERIOD, "--by", "gender", "--format", "xml"], "Format inconnu"),
    ],
)
def test_it_refuses_bad_input_in_french_and_prints_nothing(community, args, message):
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("open_data", *args, stdout=out)
    assert out.getvalue() == ""
    assert not JournalEntry.objects.filter(action=Action.EXPORT).exists()
