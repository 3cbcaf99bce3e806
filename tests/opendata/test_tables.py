"""The open data table: exact counts of a small known half-year (tests/opendata/conftest.py), for
the people accompanied and for a fund's saisines; margins, zeros, unknown values, refusals."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lien.opendata import tables
from lien.opendata.tables import open_data_table
from tests.factories import OrganisationFactory
from tests.opendata.conftest import END, START

pytestmark = pytest.mark.django_db


def counts(table):
    """``{cell: count}``, a one-dimension cell as its value alone."""
    return {(cell[0] if len(cell) == 1 else cell): count for cell, count in table.rows}


def community_table(world, by, threshold=1, organisation=None):
    return open_data_table(organisation or world.organisation, START, END, by, threshold)


# -- the people accompanied ------------------------------------------------------------------------


def test_it_counts_the_people_met_in_the_period_by_gender(community):
    table = community_table(community, ["gender"])
    assert table.population == "people"
    assert table.dimensions == ("gender",)
    # ``former`` (2025 only) and ``stranger`` (another association) are not counted.
    assert counts(table) == {"female": 1, "male": 1, "inconnu": 1, "*": 3}
    assert table.total == 3 and table.masked == 0


def test_it_gives_the_codes_of_each_single_valued_dimension(community):
    assert counts(community_table(community, ["age_band"])) == {"18-24": 1, "75+": 1, "inconnu": 1, "*": 3}
    assert counts(community_table(community, ["commune"])) == {"11021": 1, "11304": 2, "*": 3}
    assert counts(community_table(community, ["departement"])) == {"11": 3, "*": 3}
    assert counts(community_table(community, ["coverage"])) == {"none": 1, "puma": 1, "inconnu": 1, "*": 3}


def test_a_multi_valued_dimension_counts_each_person_once_in_its_margin(community):
    # female: mobility and no_gp; male: mobility; unknown: no assessment.
    assert counts(community_table(community, ["barrier"])) == {
        "mobility": 2,
        "no_gp": 1,
        "aucun": 1,
        "*": 3,  # distinct people, not the sum of the cells (4)
    }
    # female: went; male: pending and refused (the orientation of 2025 is not counted); unknown: none.
    assert counts(community_table(community, ["outcome"])) == {
        "pending": 1,
        "refused": 1,
        "went": 1,
        "aucun": 1,
        "*": 3,
    }
    # Every contact source: a call, an assessment, an orientation, an attended appointment (April).
    assert counts(community_table(community, ["month"])) == {"2026-02": 1, "2026-03": 2, "2026-04": 1, "*": 3}


def test_it_crosses_dimensions_in_the_order_given_with_zeros_and_margins(community):
    table = community_table(community, ["barrier", "gender"])
    assert table.dimensions == ("barrier", "gender")
    assert counts(table) == {
        ("mobility", "female"): 1,
        ("mobility", "male"): 1,
        ("mobility", "inconnu"): 0,
        ("mobility", "*"): 2,
        ("no_gp", "female"): 1,
        ("no_gp", "male"): 0,
        ("no_gp", "inconnu"): 0,
        ("no_gp", "*"): 1,
        ("aucun", "female"): 0,
        ("aucun", "male"): 0,
        ("aucun", "inconnu"): 1,
        ("aucun", "*"): 1,
        ("*", "female"): 1,
        ("*", "male"): 1,
        ("*", "inconnu"): 1,
        ("*", "*"): 3,
    }
    assert [cell for cell, _count in community_table(community, ["gender", "barrier"]).rows][:4] == [
        ("female", "mobility"),
        ("female", "no_gp"),
        ("female", "aucun"),
        ("female", "*"),
    ]


def test_it_aggregates_every_organisation_below(community):
    table = community_table(community, ["gender", "commune"], organisation=community.regional)
    assert counts(table)[("female", "*")] == 2  # the antenna's person too
    assert counts(table)[("female", "11021")] == 1
    assert counts(table)[("*", "*")] == 4


def test_it_masks_small_counts_and_enough_others(community):
    table = community_table(community, ["gender"], threshold=5)
    assert counts(table) == {"female": None, "male": None, "inconnu": None, "*": None}
    assert table.masked == 4 and table.total is None
    # 2026-02 and 2026-04 (1 each) are below 2; they are two in their line, nothing more to mask.
    assert counts(community_table(community, ["month"], threshold=2)) == {
        "2026-02": None,
        "2026-03": 2,
        "2026-04": None,
        "*": 3,
    }


def test_it_reads_with_one_query_per_dimension_whatever_the_number_of_people(community):
    with CaptureQueriesContext(connection) as queries:
        community_table(community, ["gender", "barrier", "month"])
    # the tree, the population's kind, the people, then one per dimension
    assert len(queries.captured_queries) == 6


def test_nobody_met_makes_a_table_of_its_total(community):
    table = open_data_table(community.organisation, date(2020, 1, 1), date(2020, 12, 31), ["gender"], 5)
    assert table.rows == [(("*",), 0)]


# -- the saisines of a fund --------------------------------------------------------------------------


def fund_table(fund, by, threshold=1):
    return open_data_table(fund["fund"], START, END, by, threshold)


def test_a_fund_counts_its_saisines(fund):
    table = fund_table(fund, ["channel"])
    assert table.population == "saisines"
    # two saisines of one requester count twice: saisines, not people
    assert counts(table) == {"email": 2, "letter": 1, "*": 3}
    assert counts(fund_table(fund, ["process"])) == {"benefits_in_kind": 1, "cash_benefits": 2, "*": 3}
    assert counts(fund_table(fund, ["month"])) == {"2026-01": 2, "2026-02": 1, "*": 3}


def test_a_saisine_outcome_is_en_cours_while_open(fund):
    assert counts(fund_table(fund, ["outcome"])) == {
        "decision_upheld": 1,
        "en_cours": 1,
        "inconnu": 1,
        "*": 3,
    }


def test_a_saisine_takes_its_commune_and_its_requester(fund):
    assert counts(fund_table(fund, ["commune"])) == {"11304": 1, "59606": 1, "inconnu": 1, "*": 3}
    assert counts(fund_table(fund, ["departement"])) == {"11": 1, "59": 1, "inconnu": 1, "*": 3}
    assert counts(fund_table(fund, ["age_band"])) == {"45-54": 2, "inconnu": 1, "*": 3}
    assert counts(fund_table(fund, ["gender", "coverage"])) == {
        ("female", "inconnu"): 2,
        ("female", "*"): 2,
        ("inconnu", "inconnu"): 1,
        ("inconnu", "*"): 1,
        ("*", "inconnu"): 3,
        ("*", "*"): 3,
    }


def test_an_organisation_above_a_fund_counts_saisines(fund):
    regional = OrganisationFactory(slug="region-od", regional=True)
    fund["fund"].parent = regional
    fund["fund"].save(update_fields=["parent"])
    table = open_data_table(regional, START, END, ["channel"], 1)
    assert table.population == "saisines" and counts(table)["*"] == 3


# -- refusals -----------------------------------------------------------------------------------------


def refusal(organisation, by, *, start=START, end=END, threshold=5) -> str:
    with pytest.raises(ValidationError) as raised:
        open_data_table(organisation, start, end, by, threshold)
    return " ".join(raised.value.messages)


def test_it_refuses_a_dimension_that_does_not_apply(community, fund):
    assert refusal(community.organisation, ["channel"]) == (
        "La dimension « channel » ne concerne que les saisines."
    )
    assert refusal(community.organisation, ["gender", "process"]) == (
        "La dimension « process » ne concerne que les saisines."
    )
    assert refusal(fund["fund"], ["barrier"]) == (
        "La dimension « barrier » ne concerne que les personnes accompagnées."
    )


def test_it_refuses_what_makes_no_table(community):
    org = community.organisation
    assert refusal(org, ["colour"]).startswith(
        "Dimension inconnue : « colour ». Dimensions possibles : commune,"
    )
    assert refusal(org, ["gender", "gender"]) == "La dimension « gender » est demandée deux fois."
    assert refusal(org, []) == "Choisissez au moins une dimension."
    assert refusal(org, ["gender"], start=END, end=START) == "La fin de la période précède son début."
    assert refusal(org, ["gender"], threshold=0) == "Le seuil est un nombre entier d'au moins 1."


def test_it_refuses_a_table_too_large(community, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 12)
    assert len(community_table(community, ["gender", "commune"]).rows) == 12  # (3 + 1) × (2 + 1)
    with pytest.raises(ValidationError, match="Le tableau compterait 16 lignes, 12 au plus"):
        community_table(community, ["gender", "barrier"])


def test_the_threshold_defaults_to_the_setting_and_may_only_be_raised(settings):
    settings.LIEN_OPEN_DATA_THRESHOLD = 7
    assert tables.chosen_threshold(None, minimum=7) == 7
    assert tables.chosen_threshold(12, minimum=7) == 12
    assert tables.chosen_threshold(2, minimum=1) == 2  # the command: any threshold from 1
    with pytest.raises(ValidationError, match="ne peut être inférieur à 7"):
        tables.chosen_threshold(6, minimum=7)
