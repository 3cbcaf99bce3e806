"""Charts whose texts stay inside the drawing: long labels cut with their whole text as a tooltip,
a legend that goes on to a new line."""

import re
from html import unescape

from lien.activity import charts
from lien.activity.display import orientation_series
from lien.orientations.enums import Outcome

LONG = "Un·e autre professionnel·le de santé du territoire de la Haute Vallée de l'Aude, très loin d'ici"


def _texts(svg: str) -> list[tuple[float, str, str]]:
    """(x, tooltip, shown text) of each text of the drawing."""
    found = []
    for match in re.finditer(r'<text x="([\d.]+)"[^>]*>(?:<title>(.*?)</title>)?(.*?)</text>', svg):
        found.append((float(match.group(1)), unescape(match.group(2) or ""), unescape(match.group(3))))
    return found


def test_a_long_label_goes_on_two_lines_then_is_cut_and_keeps_its_whole_text_as_a_tooltip():
    svg = charts.bars([(LONG, 3, "75\u00a0%"), ("Court", 1, "25\u00a0%")], title="Titre")
    texts = _texts(svg)
    first, second = texts[0], texts[1]
    assert first[1] == second[1] == LONG
    assert LONG.startswith(first[2]) and second[2].endswith("…")
    assert texts[3][2] == "Court" and not texts[3][1]  # a short label: one line, no tooltip
    sizes = re.findall(r'font-size="(\d+)"', svg)
    for (x, _tooltip, shown), size in zip(texts, sizes, strict=True):
        assert x + charts.text_width(shown, int(size)) <= charts.NARROW, shown
    assert "3 (75\u00a0%)" in svg and "1 (25\u00a0%)" in svg
    assert 'viewBox="0 0 360 ' in svg


def test_the_legend_goes_on_to_a_new_line_and_stays_inside():
    series = [str(Outcome(code).label) for code in orientation_series()] + [LONG]
    svg = charts.stacked([("PASS", [1] * len(series))], series=series, title="Orientations")
    keys = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="12" height="12"', svg)
    assert len(keys) == len(series)
    assert len({y for _x, y in keys}) >= 2  # more than one line
    legend = _texts(svg)[: len(series)]
    for x, _tooltip, shown in legend:
        assert x + charts.text_width(shown, 11) <= charts.WIDTH
    assert legend[-1][1]  # the long name is cut, its whole text in the tooltip
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    last_bar = max(
        float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="16"', svg)
    )
    assert last_bar + 16 <= height


def test_every_outcome_has_its_colour():
    series = orientation_series()
    assert set(series) == set(Outcome.values) and series[0] == Outcome.WENT
    svg = charts.stacked([("PASS", [1] * len(series))], series=[str(code) for code in series], title="t")
    colours = re.findall(r'height="16" fill="(#[0-9a-f]{6})"', svg)
    assert len(set(colours)) == len(series)
