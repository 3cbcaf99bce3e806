"""Percentages of the programme report: the one rounding rule of the page, the PDF, the charts
and the spreadsheet.

- The shares of a distribution (people by age band, by gender…) are rounded by the largest
  remainder, so that they add up to exactly 100 % (rounding each one alone gives 99 or 101).
- A single rate (orientations that went through, appointments attended) and an evolution are
  rounded half up, to the nearest: 66.67 % is 67 %, never 66 % (``number_format`` truncates).

Values are ``Decimal``: their sum is exact, and they print with the French decimal comma.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format

PLACES = 0  # the report prints whole percentages


def _units(places: int) -> int:
    return 100 * 10**places


def shares(counts: Sequence[int], *, places: int = PLACES) -> list[Decimal | None]:
    """Each count as a percentage of their sum, the percentages adding up to exactly 100.

    Each share is its exact value rounded down or up (never further away); the units missing after
    rounding down go to the largest remainders, ties to the larger count, then to the first.
    ``None`` for every count when their sum is 0 (a share of nothing is not 0 %).
    """
    if any(count < 0 for count in counts):
        raise ValueError("Counts are not negative.")
    total = sum(counts)
    if not total:
        return [None] * len(counts)
    exact = [Fraction(count * _units(places), total) for count in counts]
    floors = [int(value) for value in exact]  # exact values are not negative: int() rounds down
    missing = _units(places) - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (exact[i] - floors[i], counts[i], -i), reverse=True)
    for i in order[:missing]:
        floors[i] += 1
    return [Decimal(units).scaleb(-places) for units in floors]


def _half_up(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rate(part: int, whole: int, *, places: int = PLACES) -> Decimal | None:
    """``part`` as a percentage of ``whole``, rounded to the nearest (half up); ``None`` if no whole."""
    if not whole:
        return None
    return _half_up(Fraction(part * 100, whole), places)


def evolution(
    current: int | Decimal, previous: int | Decimal | None, *, places: int = PLACES
) -> Decimal | None:
    """The change from ``previous`` to ``current`` in %, rounded to the nearest (half away from
    zero); ``None`` when there is nothing to compare with (no previous figure, or 0). Counts, or
    ``Decimal`` quantities (hours to the tenth)."""
    if not previous:
        return None
    change = _half_up(abs(Fraction(current) - Fraction(previous)) * 100 / Fraction(previous), places)
    return change if current >= previous else -change


def percent_text(value: Decimal | None) -> str:
    """« 42 % » (a no-break space before the sign, as French typography wants); « — » for none."""
    if value is None:
        return "—"
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{number_format(value, places)}\u00a0%"


def evolution_text(current: int | Decimal, previous: int | Decimal | None) -> str:
    """« +25 % », « −10 % », « = »; « +3 » when the year before had none; « » without a year before."""
    if previous is None:
        return ""
    if current == previous:
        return "="
    change = evolution(current, previous)
    if change is None:
        return f"+{number_format(current) if isinstance(current, Decimal) else current}"
    sign = "+" if change >= 0 else "\u2212"
    return f"{sign}{percent_text(abs(change))}"
