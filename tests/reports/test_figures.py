"""The plain functions that turn counts into what a person reads."""

import pytest

from lien.reports import figures


@pytest.mark.parametrize(
    ("counts", "total", "expected"),
    [
        ([1, 1, 1], None, [33.4, 33.3, 33.3]),
        ([2, 1], None, [66.7, 33.3]),
        ([1, 0, 0], None, [100.0, 0.0, 0.0]),
        ([0, 0], None, [None, None]),
        ([], 0, []),
        ([1, 1], 4, [25.0, 25.0]),  # a part of a larger total
        ([556, 1, 1], None, [99.6, 0.2, 0.2]),
    ],
)
def test_it_rounds_percentages_by_the_largest_remainder(counts, total, expected):
    assert figures.percentages(counts, total) == expected


@pytest.mark.parametrize(
    "counts", [[1] * 7, [3, 3, 3], [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58], [1, 2, 4, 8]]
)
def test_it_makes_percentages_of_a_whole_add_up_to_exactly_one_hundred(counts):
    assert round(sum(figures.percentages(counts)), 6) == 100.0


def test_it_computes_the_change_from_a_year_to_the_next():
    assert figures.evolution(558, 867) == -35.6
    assert figures.evolution(296, 249) == 18.9
    assert figures.evolution(3, 0) is None
    rows = figures.year_rows({2021: 867, 2019: 249, 2020: 296, 2022: 558})
    assert [(row["year"], row["evolution"]) for row in rows] == [
        (2019, None),
        (2020, 18.9),
        (2021, 192.9),
        (2022, -35.6),
    ]


def test_it_shows_what_the_total_has_beyond_the_codes_as_unknown():
    rows = figures.rows({"a": 2, "b": 1}, {"a": "A", "b": "B"}, total=4, unknown_label="Non renseignée")
    assert [(row.code, row.label, row.count, row.percent) for row in rows] == [
        ("a", "A", 2, 50.0),
        ("b", "B", 1, 25.0),
        ("unknown", "Non renseignée", 1, 25.0),
    ]
    assert [row.code for row in figures.rows({"a": 0, "b": 1}, {"a": "A", "b": "B"}, skip_zeros=True)] == [
        "b"
    ]


def test_it_ranks_communes_and_counts_the_others_and_the_unknown():
    top, others, unknown = figures.commune_rows(
        {"59606": 5, "59350": 7, "11304": 1, "2A004": 1}, {"59350": "Lille"}, total=20, limit=2
    )
    assert [(row.code, row.label, row.count, row.percent) for row in top] == [
        ("59350", "Lille", 7, 35.0),
        ("59606", "", 5, 25.0),
    ]
    assert (others, unknown) == (2, 6)


def test_it_compares_the_delay_with_the_objective():
    delay = figures.delay_figures(
        {"closed": 4, "mean": 39.0, "median": 30.0, "p90": 80}, objective_days=21, within_objective=1
    )
    assert (delay["gap"], delay["within_objective_percent"], delay["meets_objective"]) == (18.0, 25.0, False)
    empty = figures.delay_figures(
        {"closed": 0, "mean": None, "median": None, "p90": None}, objective_days=14, within_objective=0
    )
    assert (empty["gap"], empty["within_objective_percent"], empty["meets_objective"]) == (None, None, False)


def test_it_names_the_months_in_french():
    assert figures.month_labels()[:2] == ["janvier", "février"]
    assert figures.month_labels(short=True)[8] == "sept."
