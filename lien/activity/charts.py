"""Charts as inline SVG drawn on the server: no JavaScript, nothing fetched, the same markup in
the page and in the PDF. Each chart is a ``<svg role="img">`` with a title; the page shows the
same figures in a table next to it. Presentation attributes only (the CSP refuses ``style=``).

A text never runs out of the drawing: a label too long for its room is cut with « … » and keeps
its whole text as a tooltip (``<title>``); the legend goes on to a new line when it is full. The
percentages are those of the table, computed once (``shares.py``).
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640  # the stacked chart, printed wide
NARROW = 360  # the bar charts, printed beside their table
INK = "#1d2327"
MUTED = "#4f5a62"
# Outcomes: went, then the failures, then the others (pending…) — distinguishable in grey scale
# too; a series beyond these takes the colours again.
SERIES = ["#0b5e55", "#c2571a", "#a4161a", "#6b4c9a", "#b9c2c7", "#7a8a2e"]
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'
# The advance of a character, as a share of the font size: wide enough for the capitals and the
# digits of DejaVu Sans, the widest of the fonts named above.
CHAR_WIDTH = 0.62


def text_width(text: str, size: int) -> float:
    return len(text) * size * CHAR_WIDTH


def fit(text: str, room: float, size: int) -> str:
    """``text``, or its start and « … » if it is wider than ``room`` pixels."""
    if text_width(text, size) <= room:
        return text
    keep = max(int(room / (size * CHAR_WIDTH)) - 1, 1)
    return text[:keep].rstrip() + "…"


def _svg(title: str, height: float, body: list[str], *, width: int = WIDTH) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 — every text inside went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" {FONT}>'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 12,
    fill: str = INK,
    anchor: str = "start",
    room: float | None = None,
) -> str:
    """A text; cut to ``room`` pixels (default: up to the right edge), its whole text as a tooltip."""
    room = WIDTH - x if room is None else room
    shown = fit(text, room, size)
    tooltip = f"<title>{escape(text)}</title>" if shown != text else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
        f"{tooltip}{escape(shown)}</text>"
    )


def wrap(text: str, room: float, size: int, *, lines: int = 2) -> list[str]:
    """``text`` on at most ``lines`` lines of ``room`` pixels, cut with « … » beyond."""
    result: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if not current or text_width(candidate, size) <= room:
            current = candidate
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    return [fit(line, room, size) for line in result]


def bars(items: Sequence[tuple[str, int, str]], *, title: str) -> SafeString:
    """One bar per item ``(label, value, share)``, its label above it on one or two lines (long
    French labels fit on a phone and beside a table on paper), the value and its share (as the
    table prints it) after it; zeros left out. Narrow, so that its text stays legible when the
    drawing is printed small."""
    items = [item for item in items if item[1]]
    if not items:
        return mark_safe("")
    size, line_h, bar_h, room = 14, 17, 16, 120
    peak = max(value for _label, value, _share in items)
    body = []
    y = 4.0
    for label, value, share in items:
        lines = wrap(label, NARROW, size)
        tooltip = f"<title>{escape(label)}</title>" if " ".join(lines) != " ".join(label.split()) else ""
        for line in lines:
            y += line_h
            body.append(
                f'<text x="0" y="{y - 4:.1f}" font-size="{size}" fill="{INK}">{tooltip}{escape(line)}</text>'
            )
        width = (NARROW - room) * value / peak
        body.append(
            f'<rect x="0" y="{y:.1f}" width="{max(width, 1):.1f}" height="{bar_h}" fill="{SERIES[0]}"/>'
        )
        shown = f"{value} ({share})" if share else str(value)
        body.append(_text(width + 6, y + bar_h - 3, shown, size=13, fill=MUTED, room=NARROW - width - 6))
        y += bar_h + 10
    return _svg(title, y, body, width=NARROW)


def stacked(rows: Sequence[tuple[str, Sequence[int]]], *, series: Sequence[str], title: str) -> SafeString:
    """One bar per row split into its series (outcomes of the orientations to each kind of structure)."""
    rows = [(label, values) for label, values in rows if sum(values)]
    if not rows:
        return mark_safe("")
    row_h, bar_h, line_h, size = 38, 16, 18, 11
    peak = max(sum(values) for _label, values in rows)
    body = []
    # The legend: one key after the other, on a new line when the next would run out of the drawing.
    x, y, longest = 0.0, 4.0, WIDTH / 2 - 28
    for index, name in enumerate(series):
        shown = fit(name, longest, size)
        width = 16 + text_width(shown, size) + 12
        if x and x + width > WIDTH:
            x, y = 0.0, y + line_h
        colour = SERIES[index % len(SERIES)]
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(x + 16, y + 10, name, size=size, room=longest))
        x += width
    legend_h = y + line_h + 8
    for i, (label, values) in enumerate(rows):
        y = legend_h + i * row_h
        total = f" ({sum(values)})"
        shown = fit(label, WIDTH - text_width(total, 12), 12) + total
        tooltip = f"<title>{escape(label + total)}</title>" if shown != label + total else ""
        body.append(f'<text x="0" y="{y + 11}" font-size="12" fill="{INK}">{tooltip}{escape(shown)}</text>')
        x = 0.0
        for index, value in enumerate(values):
            width = (WIDTH - 10) * value / peak
            if value:
                colour = SERIES[index % len(SERIES)]
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 16}" width="{width:.1f}" height="{bar_h}" fill="{colour}"/>'
                )
            x += width
    return _svg(title, legend_h + len(rows) * row_h + 6, body)
