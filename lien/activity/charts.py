"""Charts as inline SVG drawn on the server: no JavaScript, nothing fetched, the same markup in
the page and in the PDF. Each chart is a ``<svg role="img">`` with a title; the page shows the
same figures in a table next to it. Presentation attributes only (the CSP refuses ``style=``).
"""

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
INK = "#1d2327"
MUTED = "#4f5a62"
# Outcomes: went, did not go, refused, pending — distinguishable in grey scale too.
SERIES = ["#0b5e55", "#c2571a", "#a4161a", "#b9c2c7"]
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'


def _svg(title: str, height: float, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 — every text inside went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" {FONT}>'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, size: int = 12, fill: str = INK, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
        f"{escape(text)}</text>"
    )


def bars(items: Sequence[tuple[str, int]], *, title: str, total: int | None = None) -> SafeString:
    """One bar per item, its label above it (long French labels fit on a phone); zeros left out."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return mark_safe("")
    row, bar_h, room = 36, 14, 110
    peak = max(value for _label, value in items)
    body = []
    for i, (label, value) in enumerate(items):
        y = 6 + i * row
        width = (WIDTH - room) * value / peak
        body.append(_text(0, y + 11, label))
        body.append(
            f'<rect x="0" y="{y + 16}" width="{max(width, 1):.1f}" height="{bar_h}" fill="{SERIES[0]}"/>'
        )
        shown = str(value) + (f" ({number_format(value * 100 / total, 1)} %)" if total else "")
        body.append(_text(width + 6, y + 27, shown, size=11, fill=MUTED))
    return _svg(title, 10 + len(items) * row, body)


def stacked(rows: Sequence[tuple[str, Sequence[int]]], *, series: Sequence[str], title: str) -> SafeString:
    """One bar per row split into its series (outcomes of the orientations to each kind of structure)."""
    rows = [(label, values) for label, values in rows if sum(values)]
    if not rows:
        return mark_safe("")
    row_h, bar_h, legend_h = 38, 16, 26
    peak = max(sum(values) for _label, values in rows)
    body = []
    x = 0.0
    for index, name in enumerate(series):
        body.append(f'<rect x="{x:.1f}" y="4" width="12" height="12" fill="{SERIES[index]}"/>')
        body.append(_text(x + 16, 14, name, size=11))
        x += 24 + 7 * len(name)
    for i, (label, values) in enumerate(rows):
        y = legend_h + i * row_h
        body.append(_text(0, y + 11, f"{label} ({sum(values)})"))
        x = 0.0
        for index, value in enumerate(values):
            width = (WIDTH - 10) * value / peak
            if value:
                colour = SERIES[index]
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 16}" width="{width:.1f}" height="{bar_h}" fill="{colour}"/>'
                )
            x += width
    return _svg(title, legend_h + len(rows) * row_h + 6, body)
