"""The report as a spreadsheet, read back with openpyxl: a sheet per section, the header frozen,
columns fitted, the figures of the page beside the year before."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lien.journal.models import Action, JournalEntry
from tests.activity.conftest import QUERY

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(year, client_for):
    response = client_for(year.users["coordinator"]).get(reverse("activity:report_xlsx"), QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="activite-asso-2026-01-01-2026-06-30.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_it_has_a_sheet_per_section_each_with_a_frozen_bold_header_and_fitted_columns(workbook):
    assert workbook.sheetnames == [
        "Chiffres clés",
        "Personnes",
        "Territoire",
        "Aller-vers",
        "Besoins et EPICES",
        "Orientations et RDV",
        "Prévention",
        "Accès aux droits",
        "Orientations par structure",
        "Tests rapides (TROD)",
        "Glossaire",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.max_row >= 2, sheet.title
        for column in sheet.iter_cols():
            longest = max(len(str(cell.value)) for cell in column if cell.value is not None)
            width = sheet.column_dimensions[column[0].column_letter].width
            assert width == min(longest, 60) + 2, (sheet.title, column[0].value)


def test_the_key_figures_stand_beside_the_year_before(workbook):
    figures = {row["Indicateur"]: row for row in _rows(workbook["Chiffres clés"])}
    assert figures["Personnes accompagnées"]["Valeur"] == 3
    assert figures["Personnes accompagnées"]["Un an plus tôt"] == 3
    assert figures["Personnes accompagnées"]["Évolution"] == 0
    assert (figures["Kilomètres parcourus"]["Valeur"], figures["Kilomètres parcourus"]["Un an plus tôt"]) == (
        110,
        40,
    )
    assert figures["Kilomètres parcourus"]["Évolution"] == pytest.approx(1.75)
    assert workbook["Chiffres clés"]["E2"].number_format == "+0%;-0%;0%"


def test_the_shares_of_each_table_add_up_to_100_percent(workbook):
    rows = _rows(workbook["Personnes"])
    by_table: dict[str, list[dict]] = {}
    for row in rows:
        by_table.setdefault(row["Tableau"], []).append(row)
    ages = {row["Libellé"]: row for row in by_table["Personnes accompagnées par tranche d'âge"]}
    assert (ages["18 à 24 ans"]["Nombre"], ages["18 à 24 ans"]["Part"]) == (1, 0.34)
    assert ages["35 à 44 ans"]["Un an plus tôt"] == 1
    for table, lines in by_table.items():
        assert sum(row["Part"] for row in lines) == pytest.approx(1.0), table
    assert workbook["Personnes"]["D2"].number_format == "0%"


def test_it_has_the_rights_the_territory_and_the_glossary(workbook):
    rights = {row["Libellé"]: row for row in _rows(workbook["Accès aux droits"])}
    assert rights["Ouverture d'une couverture maladie (PUMa, AME)"]["Nombre"] == 1
    assert rights["Trois droits ou plus"]["Nombre"] == 1
    territory = {row["Libellé"]: row for row in _rows(workbook["Territoire"])}
    assert territory["Aude (11) : 4 communes"]["Nombre"] == 3
    assert territory["Aude (11) : 4 communes"]["Part"] == 0.75
    glossary = {row["Chiffre"]: row["Ce qu'il compte"] for row in _rows(workbook["Glossaire"])}
    assert glossary["Personnes accompagnées"].startswith("Personnes ayant une fiche dans le programme")


def test_the_export_is_journalled(workbook):
    assert JournalEntry.objects.filter(action=Action.EXPORT, detail__endswith="(XLSX)").count() == 1


@pytest.mark.parametrize("who", ["volunteer", "outsider", "nobody"])
def test_others_get_404(world, client_for, who):
    assert client_for(world.users[who]).get(reverse("activity:report_xlsx"), QUERY).status_code == 404
