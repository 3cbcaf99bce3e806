"""Inline SVG charts: accessible, escaped, and within the Content Security Policy."""

import re

from lien.reports import charts


def _assert_accessible_svg(svg: str, title: str) -> None:
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert f'aria-label="{title}"' in svg and f"<title>{title}</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_it_draws_the_months_with_the_previous_year_behind():
    months = [80, 52, 40, 29, 46, 46, 46, 45, 51, 40, 25, 58]
    svg = charts.month_bars(
        months,
        [20] * 12,
        labels=[f"m{i}" for i in range(12)],
        title="Par mois",
        current_label="2022",
        previous_label="2021",
    )
    _assert_accessible_svg(svg, "Par mois")
    assert svg.count("<rect") == 24 + 2  # two bars a month, two legend keys
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill="#0b5e55"', svg)]
    assert max(heights[:12]) == heights[0]  # January is the tallest month


def test_it_draws_the_months_of_a_first_year_without_comparison():
    svg = charts.month_bars([0] * 12, None, labels=["m"] * 12, title="Vide", current_label="2022")
    _assert_accessible_svg(svg, "Vide")
    assert "2021" not in svg


def test_it_draws_horizontal_bars_and_escapes_the_labels():
    svg = charts.horizontal_bars(
        [("Courriel <b>", 3, 75.0), ("Courrier", 1, 25.0), ("Autre", 0, 0.0)], title="Canaux & co"
    )
    _assert_accessible_svg(svg, "Canaux &amp; co")
    assert "Courriel &lt;b&gt;" in svg and "<b>" not in svg
    assert "Autre" not in svg  # zeros are left to the table
    assert "75,0\u00a0%" in svg or "75.0\u00a0%" in svg


def test_it_draws_nothing_without_data():
    assert charts.horizontal_bars([("Courriel", 0, None)], title="x") == ""
    assert (
        charts.delay_bars(
            mean=None,
            median=None,
            p90=None,
            objective=21,
            title="x",
            labels=["a", "b", "c"],
            objective_label="o",
        )
        == ""
    )


def test_it_draws_the_delays_against_the_objective():
    svg = charts.delay_bars(
        mean=39.0,
        median=30.5,
        p90=80,
        objective=21,
        title="Délais",
        labels=["Moyenne", "Médiane", "P90"],
        objective_label="Objectif : 21 j",
    )
    _assert_accessible_svg(svg, "Délais")
    assert svg.count("<rect") == 3 and "stroke-dasharray" in svg
    assert "80\u00a0j" in svg


def test_it_rounds_axes_to_readable_values():
    assert [charts.nice_max(v) for v in (0, 0.3, 7, 80, 101, 867)] == [1, 0.5, 10, 100, 200, 1000]
