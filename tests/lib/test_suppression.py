"""Small-cell suppression of a table with its margins: no small count published, none recoverable
by subtraction along a line, every published count the input's."""

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lien.lib.suppression import MARGIN, cube, suppress

# -- what an attacker does with the published table, written apart from the library -------------


def lines(dimensions):
    """Every line: for one dimension, its value cells then its margin cell, the other dimensions
    fixed to one of their values or to the margin."""
    for axis, values in enumerate(dimensions):
        others = [[*dimension, MARGIN] for index, dimension in enumerate(dimensions) if index != axis]
        for fixed in product(*others):

            def at(value, fixed=fixed, axis=axis):
                return (*fixed[:axis], value, *fixed[axis:])

            yield [at(value) for value in values], at(MARGIN)


def attack(dimensions, published):
    """Take any line with exactly one unknown cell and deduce it by subtraction (as if the line
    were additive), again and again until nothing more comes: the cells deduced, with the value."""
    known = {cell: count for cell, count in published.items() if count is not None}
    deduced = {}
    progress = True
    while progress:
        progress = False
        for values, margin in lines(dimensions):
            unknown = [cell for cell in [*values, margin] if cell not in known]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            if cell == margin:
                value = sum(known[other] for other in values)
            else:
                value = known[margin] - sum(known[other] for other in values if other != cell)
            known[cell] = deduced[cell] = value
            progress = True
    return deduced


# -- random tables ------------------------------------------------------------------------------


def _cells_within(cell, dimensions):
    """The cells one step inside ``cell``: one of its margins replaced by each value."""
    for axis, value in enumerate(cell):
        if value == MARGIN:
            for inner in dimensions[axis]:
                yield (*cell[:axis], inner, *cell[axis + 1 :])


@st.composite
def tables(draw, *, additive: bool):
    sizes = draw(st.lists(st.integers(min_value=2, max_value=6), min_size=1, max_size=3))
    dimensions = [
        [f"{chr(ord('a') + axis)}{index}" for index in range(size)] for axis, size in enumerate(sizes)
    ]
    counts = {}
    for cell in product(*dimensions):
        counts[cell] = draw(st.integers(min_value=0, max_value=30))
    # Margins from the fewest stars to the most: each from the cells one step inside it.
    margins = sorted((cell for cell in cube(dimensions) if MARGIN in cell), key=lambda c: c.count(MARGIN))
    for cell in margins:
        axis = cell.index(MARGIN)
        inner = [(*cell[:axis], value, *cell[axis + 1 :]) for value in dimensions[axis]]
        if additive:
            counts[cell] = sum(counts[c] for c in inner)
        else:  # distinct people of a multi-valued dimension: at least the largest cell, not the sum
            largest = max(counts[c] for c in _cells_within(cell, dimensions))
            counts[cell] = largest + draw(st.integers(min_value=0, max_value=10))
    threshold = draw(st.integers(min_value=2, max_value=10))
    return dimensions, counts, threshold


def _check(dimensions, counts, threshold):
    published = suppress(dimensions, counts, threshold)
    assert list(published) == list(cube(dimensions))
    for cell, count in published.items():
        # (a) nothing small is printed; (c) what is printed is the input
        assert count is None or not 0 < count < threshold, (cell, count)
        assert count is None or count == counts[cell]
        if 0 < counts[cell] < threshold:
            assert count is None
    # (b) nothing masked comes back by subtraction, even through a chain of deductions
    assert attack(dimensions, published) == {}
    return published


@settings(max_examples=300, deadline=None)
@given(tables(additive=True))
def test_no_masked_count_comes_back_from_a_table_and_its_sums(table):
    _check(*table)


@settings(max_examples=300, deadline=None)
@given(tables(additive=False))
def test_no_masked_count_comes_back_when_margins_are_not_sums(table):
    _check(*table)


# -- by hand ------------------------------------------------------------------------------------

FM, AB = ["f", "m"], ["a", "b"]


def test_a_small_cell_of_a_2x2_masks_the_whole_rectangle():
    counts = {
        ("f", "a"): 2,
        ("f", "b"): 10,
        ("m", "a"): 8,
        ("m", "b"): 12,
        ("f", "*"): 12,
        ("m", "*"): 20,
        ("*", "a"): 10,
        ("*", "b"): 22,
        ("*", "*"): 32,
    }
    published = suppress([FM, AB], counts, 5)
    assert published == {
        ("f", "a"): None,
        ("f", "b"): None,
        ("f", "*"): 12,
        ("m", "a"): None,
        ("m", "b"): None,
        ("m", "*"): 20,
        ("*", "a"): 10,
        ("*", "b"): 22,
        ("*", "*"): 32,
    }


def test_a_small_cell_whose_siblings_are_zero_masks_its_margin_too():
    counts = {("x",): 3, ("y",): 0, ("z",): 0, ("*",): 3}
    assert suppress([["x", "y", "z"]], counts, 5) == {("x",): None, ("y",): 0, ("z",): 0, ("*",): None}


def test_the_second_mask_is_the_smallest_positive_sibling():
    counts = {("x",): 3, ("y",): 10, ("z",): 7, ("w",): 0, ("*",): 20}
    assert suppress([["x", "y", "z", "w"]], counts, 5) == {
        ("x",): None,
        ("y",): 10,
        ("z",): None,
        ("w",): 0,
        ("*",): 20,
    }


def test_a_zero_sibling_is_masked_before_the_margin():
    # Not additive (a multi-valued dimension): 3 people, all with the value x, none with y.
    counts = {("x",): 3, ("y",): 0, ("*",): 9}
    assert suppress([["x", "y"]], counts, 5) == {("x",): None, ("y",): None, ("*",): 9}


def test_the_margin_is_masked_when_no_sibling_is_left():
    counts = {("x",): 3, ("*",): 8}  # one value: the margin is all that is left
    assert suppress([["x"]], counts, 5) == {("x",): None, ("*",): None}


def test_zeros_are_published_and_a_threshold_of_one_masks_nothing():
    counts = {("x",): 0, ("y",): 1, ("*",): 1}
    assert suppress([["x", "y"]], counts, 1) == counts
    assert suppress([["x", "y"]], {("x",): 0, ("y",): 0, ("*",): 0}, 5) == {("x",): 0, ("y",): 0, ("*",): 0}


def test_a_table_without_values_is_its_total():
    assert suppress([[]], {("*",): 0}, 5) == {("*",): 0}
    assert suppress([[], ["a"]], {("*", "a"): 2, ("*", "*"): 2}, 5) == {("*", "a"): None, ("*", "*"): None}


def test_the_attacker_of_these_tests_does_recover_a_primary_mask_alone():
    """Primary suppression alone is not enough: the attacker of these tests finds the cell back."""
    counts = {("x",): 3, ("y",): 10, ("*",): 13}
    assert attack([["x", "y"]], {("x",): None, ("y",): 10, ("*",): 13}) == {("x",): 3}
    assert attack([["x", "y"]], suppress([["x", "y"]], counts, 5)) == {}


def test_it_refuses_a_cube_with_cells_missing_or_a_bad_threshold():
    with pytest.raises(ValueError, match="cube"):
        suppress([["x", "y"]], {("x",): 1, ("*",): 1}, 5)
    with pytest.raises(ValueError, match="threshold"):
        suppress([["x"]], {("x",): 1, ("*",): 1}, 0)
    with pytest.raises(ValueError, match="negative"):
        suppress([["x"]], {("x",): -1, ("*",): 1}, 5)
    with pytest.raises(ValueError, match="distinct"):
        suppress([["x", "*"]], {}, 5)
