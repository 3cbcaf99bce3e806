"""A signature drawn on screen, kept as the strokes of the pen rather than as an image the browser
made: a list of strokes, each a list of points ``[x, y]`` in a box of ``WIDTH`` × ``HEIGHT``.

The browser sends the strokes as JSON; ``parse_strokes`` accepts only whole numbers inside the
box, within bounds on the number of strokes and points, and enough ink to be a signature rather
than a click. The picture is drawn back by ``strokes_svg`` from those numbers alone, so nothing
the browser wrote (markup, a script in an SVG) is ever stored or shown.
"""

import json
import math
from html import escape

WIDTH = 600
HEIGHT = 200
MAX_STROKES = 60
MAX_POINTS = 3000
MAX_TEXT = 60_000
# Less ink than this (in units of the box) is a tap or a dot, not a signature.
MIN_INK = 40.0

type Point = tuple[int, int]
type Strokes = list[list[Point]]


class SignatureError(ValueError):
    """A French sentence for the person who signs or records the signature."""


def _point(value: object) -> Point:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(c, int) and not isinstance(c, bool) for c in value)
    ):
        raise SignatureError("La signature n'est pas lisible : redessinez-la.")
    x, y = value
    if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
        raise SignatureError("La signature déborde du cadre : redessinez-la.")
    return (x, y)


def ink(strokes: Strokes) -> float:
    """The length of the lines drawn, in units of the box."""
    return sum(math.dist(a, b) for stroke in strokes for a, b in zip(stroke, stroke[1:], strict=False))


def parse_strokes(text: str) -> Strokes:
    """The strokes of ``text`` (JSON), or ``SignatureError`` with what to do."""
    if not text or not text.strip():
        raise SignatureError("Le ou la patient·e signe dans le cadre.")
    if len(text) > MAX_TEXT:
        raise SignatureError("La signature est trop longue : effacez-la et signez plus simplement.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise SignatureError("La signature n'est pas lisible : redessinez-la.") from None
    if not isinstance(data, list) or not data:
        raise SignatureError("Le ou la patient·e signe dans le cadre.")
    if len(data) > MAX_STROKES:
        raise SignatureError("La signature compte trop de traits : effacez-la et signez plus simplement.")
    strokes: Strokes = []
    for stroke in data:
        if not isinstance(stroke, list) or not stroke:
            raise SignatureError("La signature n'est pas lisible : redessinez-la.")
        strokes.append([_point(value) for value in stroke])
    if sum(len(stroke) for stroke in strokes) > MAX_POINTS:
        raise SignatureError("La signature est trop longue : effacez-la et signez plus simplement.")
    if ink(strokes) < MIN_INK:
        raise SignatureError("La signature est trop courte : le ou la patient·e signe dans le cadre.")
    return strokes


def strokes_svg(strokes: Strokes, *, title: str = "") -> str:
    """The strokes drawn as an SVG element (numbers only, plus an escaped title)."""
    paths = []
    for stroke in strokes:
        (x0, y0), rest = stroke[0], stroke[1:] or [stroke[0]]
        path = f"M{x0} {y0}" + "".join(f"L{x} {y}" for x, y in rest)
        paths.append(f'<path d="{path}"/>')
    label = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="signature" '
        f'role="img" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        f'stroke-linejoin="round">{label}{"".join(paths)}</svg>'
    )
