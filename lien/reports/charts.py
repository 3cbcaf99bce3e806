"""Charts as inline SVG, drawn on the server: no JavaScript, no library, nothing fetched.

Each function returns a complete ``<svg role="img">`` with an ``aria-label`` and a
``<title>``; the page shows the same figures in a table next to it. Colours and sizes are
presentation attributes (never ``style=``, which the Content Security Policy refuses), so the
same markup renders in the browser and in the PDF.
"""

import math
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 600  # the month chart; bar charts are narrower so that their text stays legible on a phone
NARROW = 480
INK = "#1d2327"
MUTED = "#4f5a62"
ACCENT = "#0b5e55"
PREVIOUS = "#b9c2c7"
GRID = "#dde2e5"
OBJECTIVE = "#a4161a"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'


def nice_max(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _number(value: float, decimals: int = 0) -> str:
    return number_format(value, decimals) if decimals else str(int(value))


def _svg(title: str, width: int, height: float, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 — every text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" {FONT}>'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def month_bars(
    current: Sequence[int],
    previous: Sequence[int] | None,
    *,
    labels: Sequence[str],
    title: str,
    current_label: str,
    previous_label: str = "",
) -> SafeString:
    """Saisines per month, the previous year drawn as a wider pale bar behind each month."""
    height, top, bottom, left, right = 290, 38, 28, 40, 4
    plot_h, plot_w = height - top - bottom, WIDTH - left - right
    peak = nice_max(max([*current, *(previous or []), 0]))
    slot = plot_w / len(current)
    body = []
    for fraction in (0, 0.5, 1):  # grid lines and their values
        y = top + plot_h * (1 - fraction)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        tick = _number(peak * fraction, 1 if peak < 2 else 0)
        body.append(_text(left - 4, y + 4, tick, size=13, anchor="end", fill=MUTED))
    for i, value in enumerate(current):
        x = left + i * slot
        if previous is not None:
            h = plot_h * previous[i] / peak
            body.append(
                f'<rect x="{x + slot * 0.12:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.76:.1f}" '
                f'height="{h:.1f}" fill="{PREVIOUS}"/>'
            )
        h = plot_h * value / peak
        body.append(
            f'<rect x="{x + slot * 0.3:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.4:.1f}" '
            f'height="{h:.1f}" fill="{ACCENT}"/>'
        )
        if value:
            body.append(_text(x + slot / 2, top + plot_h - h - 3, str(value), size=13, anchor="middle"))
        body.append(_text(x + slot / 2, height - 8, labels[i], size=14, anchor="middle", fill=MUTED))
    body.append(f'<rect x="{left}" y="6" width="14" height="14" fill="{ACCENT}"/>')
    body.append(_text(left + 20, 18, current_label, size=14))
    if previous is not None:
        body.append(f'<rect x="{left + 120}" y="6" width="14" height="14" fill="{PREVIOUS}"/>')
        body.append(_text(left + 140, 18, previous_label, size=14))
    return _svg(title, WIDTH, height, body)


def horizontal_bars(
    items: Sequence[tuple[str, int, float | None]], *, title: str, skip_zeros: bool = True
) -> SafeString:
    """One labelled bar per (label, count, percentage) item, the label above its bar so that
    long French labels fit on a phone; the percentages are those of the table next to it."""
    items = [item for item in items if item[1] or not skip_zeros]
    if not items:
        return mark_safe("")
    row, bar_h, value_room = 42, 16, 110
    peak = max(value for _label, value, _percent in items) or 1
    body = []
    for i, (label, value, share) in enumerate(items):
        y = 6 + i * row
        w = (NARROW - value_room) * value / peak
        body.append(_text(0, y + 13, label, size=14))
        body.append(f'<rect x="0" y="{y + 19}" width="{max(w, 1):.1f}" height="{bar_h}" fill="{ACCENT}"/>')
        shown = str(value)
        if share is not None:
            shown += f" ({number_format(share, 1)}\u00a0%)"
        body.append(_text(w + 6, y + 32, shown, size=13, fill=MUTED))
    return _svg(title, NARROW, 10 + len(items) * row, body)


def delay_bars(
    *,
    mean: float | None,
    median: float | None,
    p90: float | None,
    objective: int,
    title: str,
    labels: Sequence[str],
    objective_label: str,
) -> SafeString:
    """Mean, median and 90th percentile of the processing delay, against the objective line."""
    values = [mean, median, p90]
    if all(value is None for value in values):
        return mark_safe("")
    row, bar_h, value_room, top = 42, 16, 20, 26
    peak = nice_max(max([*(v for v in values if v is not None), objective]) * 1.05)
    plot_w = NARROW - value_room
    height = top + row * len(values) + 4
    x = plot_w * objective / peak
    # The objective first, so that the bars are drawn over it; one dash per bar, so that it never
    # crosses the labels written above the bars.
    body = [
        f'<line x1="{x:.1f}" y1="{top + i * row + 16}" x2="{x:.1f}" y2="{top + i * row + 38}" '
        f'stroke="{OBJECTIVE}" stroke-width="2" stroke-dasharray="5 3"/>'
        for i in range(len(values))
    ]
    body.append(
        _text(min(max(x, 60), NARROW - 60), 14, objective_label, size=13, anchor="middle", fill=OBJECTIVE)
    )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        if value is None:
            body.append(_text(0, y + 13, f"{label}\u00a0: —", size=14))
            continue
        decimals = 0 if float(value).is_integer() else 1
        body.append(_text(0, y + 13, f"{label}\u00a0: {_number(value, decimals)}\u00a0j", size=14))
        fill = ACCENT if value <= objective else OBJECTIVE
        w = plot_w * value / peak
        body.append(f'<rect x="0" y="{y + 19}" width="{max(w, 1):.1f}" height="{bar_h}" fill="{fill}"/>')
    return _svg(title, NARROW, height, body)
