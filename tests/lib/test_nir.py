import pytest
from hypothesis import given
from hypothesis import strategies as st

from lien.lib import nir

DEPARTEMENTS = st.one_of(st.integers(1, 95).map(lambda n: f"{n:02d}"), st.sampled_from(["2A", "2B"]))
BODIES = st.builds(
    lambda sex, year, month, dep, commune, order: f"{sex}{year:02d}{month:02d}{dep}{commune:03d}{order:03d}",
    st.sampled_from("12"),
    st.integers(0, 99),
    st.integers(1, 12),
    DEPARTEMENTS,
    st.integers(1, 999),
    st.integers(1, 999),
)


def test_it_accepts_a_published_example():
    # Example of the INSEE documentation: 1 85 05 78 006 048, key 30.
    assert nir.is_valid("1 85 05 78 006 048 30")
    assert not nir.is_valid("1 85 05 78 006 048 31")


def test_it_counts_corsica_as_19_and_18():
    assert nir.key("255082A004123") == 97 - int("2550819004123") % 97
    assert nir.key("255082B004123") == 97 - int("2550818004123") % 97


@given(BODIES)
def test_it_accepts_any_number_with_its_key(body):
    assert nir.is_valid(body + f"{nir.key(body):02d}")


@given(BODIES, st.integers(0, 12), st.integers(1, 9))
def test_it_rejects_any_single_digit_error(body, position, shift):
    valid = body + f"{nir.key(body):02d}"
    if not valid[position].isdigit():
        return
    wrong = valid[:position] + str((int(valid[position]) + shift) % 10) + valid[position + 1 :]
    assert not nir.is_valid(wrong)


@pytest.mark.parametrize(
    "text", ["", "123", "1850578006048", "9 85 05 78 006 048 30", "1 85 13 78 006 048 30x"]
)
def test_it_rejects_malformed_numbers(text):
    assert not nir.is_valid(text)
