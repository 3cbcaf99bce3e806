"""The one rounding rule of the programme report: shares that add up to 100, rates to the nearest."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lien.activity.shares import evolution, evolution_text, percent_text, rate, shares

counts = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30)


@given(counts, st.integers(min_value=0, max_value=2))
def test_the_shares_of_any_counts_add_up_to_100(values, places):
    result = shares(values, places=places)
    if sum(values) == 0:
        assert result == [None] * len(values)
        return
    assert sum(result) == 100  # exactly: Decimals, no float residue
    for value, share in zip(values, result, strict=True):
        exact = Fraction(value * 100, sum(values))
        # Rounded, never truncated further than the nearest unit: each share within one unit.
        assert abs(Fraction(share) - exact) < Fraction(1, 10**places)
        assert share.as_tuple().exponent == -places


def test_it_rounds_to_the_nearest_not_down():
    assert shares([2, 1]) == [Decimal(67), Decimal(33)]  # 66.67 → 67, not 66
    assert shares([1, 1, 1]) == [Decimal(34), Decimal(33), Decimal(33)]  # the first of equal ones
    assert shares([1, 1, 1], places=1) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert shares([0, 0]) == [None, None]
    assert shares([7, 0]) == [Decimal(100), Decimal(0)]


def test_the_largest_remainder_goes_up_first():
    # 18.75, 31.25, 50 → 18 + 31 + 50 = 99: the missing unit goes to the largest remainder, 0.75
    assert shares([3, 5, 8]) == [Decimal(19), Decimal(31), Decimal(50)]


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        shares([1, -1])


def test_a_rate_and_an_evolution_are_rounded_half_up():
    assert rate(2, 3) == Decimal(67)
    assert rate(1, 8) == Decimal(13)  # 12.5 → 13 (round() would give 12)
    assert rate(1, 0) is None
    assert evolution(3, 2) == Decimal(50)
    assert evolution(1, 8) == Decimal(-88)  # −87.5 → −88, away from zero
    assert evolution(5, 0) is None and evolution(5, None) is None


def test_it_prints_french_percentages():
    with translation.override("fr"):
        assert percent_text(Decimal("42")) == "42\u00a0%"
        assert percent_text(Decimal("33.4")) == "33,4\u00a0%"
        assert percent_text(None) == "—"
        assert evolution_text(5, 4) == "+25\u00a0%"
        assert evolution_text(3, 4) == "\u221225\u00a0%"
        assert evolution_text(4, 4) == "="
        assert evolution_text(3, 0) == "+3"
        assert evolution_text(3, None) == ""
