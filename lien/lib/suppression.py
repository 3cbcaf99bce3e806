"""Small-cell suppression of a table published with its margins (statistical disclosure control).

A table crosses dimensions (commune × gender…); each cell names one value of every dimension, or
``MARGIN`` (``"*"``: all values) for some of them. The caller gives the counts of the *whole cube*:
every combination of values and margins — for two dimensions (a, b), (a, *), (*, b) and (*, *).

- **Primary suppression**: a count from 1 to ``threshold - 1`` is masked (a 0 is published).
- **Secondary suppression**: a *line* is, for one dimension and a fixed choice (a value or the
  margin) of every other one, the cells of each value of that dimension and its margin cell. A
  line with exactly one masked cell gives it away by subtraction (margin − the others), so one more
  cell of the line is masked: its smallest positive value cell, else one of its zero value cells,
  else its margin. Each new mask may open another line: this goes on until no line has exactly
  one masked cell. Masks only grow, so it ends.

Every line is treated as additive (margin = sum of its cells), even when it is not: the margin of
a multi-valued dimension (a person with two barriers counts in two cells, once in the margin) is
smaller than the sum of its cells. Masking as if it were the sum is the conservative choice.

What this guarantees: no line has exactly one masked cell, so no masked count can be deduced by
subtracting published counts along a line, even in a chain of such deductions (each deduction
needs a line with a single unknown). It does not claim more (a combination of several lines can
still pin a count in some patterns of masks).
"""

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from itertools import product

MARGIN = "*"

Cell = tuple[str, ...]
# A line: the dimension it runs along, and its margin cell (which names the fixed choices).
Line = tuple[int, Cell]


def cube(dimensions: Sequence[Sequence[str]]) -> Iterator[Cell]:
    """Every cell of the table with its margins: each dimension's values, then its margin."""
    return product(*[[*values, MARGIN] for values in dimensions])


def _line_cells(dimensions: Sequence[Sequence[str]], line: Line) -> list[Cell]:
    """The cells of a line: one per value of its dimension, then its margin."""
    axis, margin = line
    return [(*margin[:axis], value, *margin[axis + 1 :]) for value in dimensions[axis]] + [margin]


def _lines_of(cell: Cell) -> Iterator[Line]:
    """The lines a cell belongs to: one per dimension where it names a value."""
    for axis, value in enumerate(cell):
        if value != MARGIN:
            yield axis, (*cell[:axis], MARGIN, *cell[axis + 1 :])


def _check(dimensions: Sequence[Sequence[str]], counts: Mapping[Cell, int], threshold: int) -> None:
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    for values in dimensions:
        if MARGIN in values or len(set(values)) != len(values):
            raise ValueError(f"The values of a dimension are distinct and never {MARGIN!r}: {values!r}.")
    expected = set(cube(dimensions))
    if set(counts) != expected:
        missing, extra = expected - set(counts), set(counts) - expected
        raise ValueError(
            f"The counts cover exactly the cube: {len(missing)} cells missing, {len(extra)} unknown."
        )
    if any(count < 0 for count in counts.values()):
        raise ValueError("Counts are not negative.")


def _second_mask(cells: list[Cell], counts: Mapping[Cell, int], masked: set[Cell]) -> Cell:
    """The cell to mask beside the only masked one of a line: the smallest positive value cell,
    else a zero value cell, else the margin (the last cell of the line)."""
    open_values = [cell for cell in cells[:-1] if cell not in masked]
    positive = [cell for cell in open_values if counts[cell] > 0]
    if positive:
        return min(positive, key=lambda cell: counts[cell])  # the first of equal ones
    return open_values[0] if open_values else cells[-1]


def suppress(
    dimensions: Sequence[Sequence[str]], counts: Mapping[Cell, int], threshold: int
) -> dict[Cell, int | None]:
    """The counts of the cube (``cube(dimensions)``, margins included) with ``None`` in place of
    every masked count, in the order of ``cube``."""
    _check(dimensions, counts, threshold)
    masked = {cell for cell, count in counts.items() if 0 < count < threshold}
    # Lines of one cell (a dimension without any value) relate nothing: left out.
    pending: deque[Line] = deque(
        (axis, margin)
        for margin in cube(dimensions)
        for axis, value in enumerate(margin)
        if value == MARGIN and dimensions[axis]
    )
    queued = set(pending)
    while pending:
        line = pending.popleft()
        queued.discard(line)
        cells = _line_cells(dimensions, line)
        if sum(cell in masked for cell in cells) != 1:
            continue
        extra = _second_mask(cells, counts, masked)
        masked.add(extra)
        # The new mask changes every line through that cell: its own lines, and the lines along
        # each dimension where it is the margin.
        touched = [*_lines_of(extra)]
        touched += [(axis, extra) for axis, value in enumerate(extra) if value == MARGIN and dimensions[axis]]
        for other in touched:
            if other not in queued:
                queued.add(other)
                pending.append(other)
    return {cell: None if cell in masked else counts[cell] for cell in cube(dimensions)}
