"""A map of communes as inline SVG drawn on the server: no JavaScript, no tile server, nothing
fetched — the outlines and centroids shipped with Lien (``data/communes-geo.csv.gz``).

Each commune with an outline is one ``<path>`` (its parts in one path), shaded by its value; a
commune known by its centroid only is a dot sized by its value. The drawing is an ``<svg
role="img">`` with a ``<title>``, and every shape has its own ``<title>`` (name and value, as a
tooltip); the page puts the same figures in a table beside it, the accessible alternative.
Presentation attributes only: the CSP refuses ``style=``.

The projection is equirectangular around the territory's middle latitude (the longitudes shrunk
by its cosine): true enough for a territory of a few dozen kilometres, and a département.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lien.lib.polyline import decode

OUTLINE_PRECISION = 4
WIDTH = 640
MAX_HEIGHT = 560
MARGIN = 8
INK = "#1d2327"
BORDER = "#6b767d"
# From light to dark (the programme report's green): legible in grey scale too.
SHADES = ["#d9efe9", "#a8d5cb", "#6db3a5", "#2f8a7c", "#0b5e55"]
ZERO = "#f7f7f4"
MASKED = "#b9c2c7"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class MapArea:
    insee_code: str
    name: str
    latitude: float | None
    longitude: float | None
    outline: str
    value: int | None  # None: masked (a small count, not shown)


@dataclass(frozen=True)
class Shade:
    label: str
    colour: str


def classes(peak: int) -> list[tuple[int, int]]:
    """Up to five classes ``(low, high)`` of equal width covering 1 … ``peak``."""
    if peak <= 0:
        return []
    count = min(len(SHADES), peak)
    bounds = sorted({math.ceil(peak * index / count) for index in range(1, count + 1)})
    result, low = [], 1
    for high in bounds:
        result.append((low, high))
        low = high + 1
    return result


def _shade_of(value: int | None, bands: list[tuple[int, int]]) -> str:
    if value is None:
        return MASKED
    if value <= 0:
        return ZERO
    for index, (_low, high) in enumerate(bands):
        if value <= high:
            # Fewer classes than shades: spread over the whole range, the last the darkest.
            step = (len(SHADES) - 1) / (len(bands) - 1) if len(bands) > 1 else 0
            return SHADES[round(index * step)] if len(bands) > 1 else SHADES[-1]
    return SHADES[-1]


def legend(values: Sequence[int | None]) -> list[Shade]:
    """The classes the map uses, in the order of the shades, then zero and « masqué » if any."""
    known = [value for value in values if value is not None]
    bands = classes(max(known, default=0))
    shades = [
        Shade(str(low) if low == high else f"{low} – {high}", _shade_of(high, bands)) for low, high in bands
    ]
    if any(value == 0 for value in known):
        shades.insert(0, Shade("0", ZERO))
    if any(value is None for value in values):
        shades.append(Shade(_("masqué"), MASKED))
    return shades


def _parts(area: MapArea) -> list[list[tuple[float, float]]]:
    try:
        return [decode(part, OUTLINE_PRECISION) for part in area.outline.split()]
    except ValueError:
        return []


def communes_map(areas: Sequence[MapArea], *, title: str, unit: str) -> SafeString:
    """The communes of ``areas`` that have an outline or a centroid, shaded by their value; the
    others are left out (the table beside says so). ``unit`` names what the values count."""
    shapes = [(area, _parts(area)) for area in areas]
    drawable = [(area, parts) for area, parts in shapes if parts or area.latitude is not None]
    if not drawable:
        return mark_safe("")
    points = [point for _area, parts in drawable for part in parts for point in part]
    points += [
        (area.latitude, area.longitude)
        for area, parts in drawable
        if not parts and area.latitude is not None and area.longitude is not None
    ]
    min_lat, max_lat = min(p[0] for p in points), max(p[0] for p in points)
    min_lon, max_lon = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * shrink, 0.02)
    span_y = max(max_lat - min_lat, 0.02)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - 2 * MARGIN) / span_y)
    width = span_x * scale + 2 * MARGIN
    height = span_y * scale + 2 * MARGIN

    def xy(lat: float, lon: float) -> str:
        return f"{MARGIN + (lon - min_lon) * shrink * scale:.1f} {MARGIN + (max_lat - lat) * scale:.1f}"

    values = [area.value for area, _parts in drawable]
    bands = classes(max((value for value in values if value is not None), default=0))
    peak = max((value for value in values if value is not None), default=0)
    body = []
    # The largest first, so that an enclave is drawn over the commune around it.
    ordered = sorted(drawable, key=lambda item: -sum(len(part) for part in item[1]))
    for area, parts in ordered:
        value = "—" if area.value is None else str(area.value)
        tooltip = (
            f"<title>{escape(area.name)} ({escape(area.insee_code)}) : {escape(value)} {escape(unit)}</title>"
        )
        fill = _shade_of(area.value, bands)
        if parts:
            path = " ".join("M" + " L".join(xy(lat, lon) for lat, lon in part) + " Z" for part in parts)
            body.append(
                f'<path data-insee="{escape(area.insee_code)}" d="{path}" fill="{fill}" stroke="{BORDER}" '
                f'stroke-width="0.6" stroke-linejoin="round">{tooltip}</path>'
            )
        elif area.latitude is not None and area.longitude is not None:
            cx, cy = xy(area.latitude, area.longitude).split()
            radius = 4 + (10 * math.sqrt(area.value / peak) if area.value and peak else 0)
            body.append(
                f'<circle data-insee="{escape(area.insee_code)}" cx="{cx}" cy="{cy}" r="{radius:.1f}" '
                f'fill="{fill}" stroke="{BORDER}" stroke-width="0.8">{tooltip}</circle>'
            )
    # The legend, under the map: one key per class.
    y = height + 6
    x = float(MARGIN)
    for shade in legend(values):
        label_width = len(shade.label) * 7.5 + 30
        if x + label_width > max(width, 320):
            x, y = float(MARGIN), y + 22
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{shade.colour}" stroke="{BORDER}" '
            'stroke-width="0.6"/>'
        )
        body.append(
            f'<text x="{x + 20:.1f}" y="{y + 12:.1f}" font-size="12" fill="{INK}">'
            f"{escape(shade.label)}</text>"
        )
        x += label_width
    total_width = max(width, 320)
    total_height = y + 22
    label = escape(title)
    return mark_safe(  # noqa: S308 — every text inside went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map" role="img" aria-label="{label}" '
        f'viewBox="0 0 {total_width:.0f} {total_height:.0f}" width="{total_width:.0f}" '
        f'height="{total_height:.0f}" {FONT}><title>{label}</title>{"".join(body)}</svg>'
    )
