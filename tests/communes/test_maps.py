"""The map of communes drawn as SVG on the server (lien/communes/maps.py)."""

import re

from lien.communes.maps import MASKED, ZERO, MapArea, classes, communes_map, legend
from lien.lib.polyline import encode


def _area(
    code: str, value: int | None, *, outline: bool = True, point: bool = True, name: str = ""
) -> MapArea:
    lat, lon = 43.0 + int(code[-1]) * 0.05, 2.0
    square = [(lat, lon), (lat + 0.04, lon), (lat + 0.04, lon + 0.04), (lat, lon + 0.04)]
    return MapArea(
        insee_code=code,
        name=name or f"Commune {code}",
        latitude=lat if point else None,
        longitude=lon if point else None,
        outline=encode(square, 4) if outline else "",
        value=value,
    )


def test_it_draws_a_shape_per_commune_it_can_place():
    svg = communes_map(
        [
            _area("11001", 3),
            _area("11002", 0, outline=False),
            _area("11003", None, outline=False, point=False),
        ],
        title="Carte",
        unit="personnes",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Carte</title>" in svg
    assert re.findall(r'<(path|circle) data-insee="(\w+)"', svg) == [("path", "11001"), ("circle", "11002")]
    assert "style=" not in svg


def test_it_shades_by_class_and_says_masked():
    svg = communes_map([_area("11001", 8), _area("11002", 0), _area("11003", None)], title="Carte", unit="p.")
    assert f'fill="{ZERO}"' in svg and f'fill="{MASKED}"' in svg
    assert [shade.label for shade in legend([8, 0, None])] == [
        "0",
        "1 – 2",
        "3 – 4",
        "5",
        "6 – 7",
        "8",
        "masqué",
    ]


def test_the_classes_cover_one_to_the_peak():
    assert classes(0) == []
    assert classes(1) == [(1, 1)]
    assert classes(3) == [(1, 1), (2, 2), (3, 3)]
    assert classes(10) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]


def test_it_escapes_the_names():
    svg = communes_map([_area("11001", 1, name="<script>")], title="<b>", unit="p.")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg


def test_it_draws_nothing_without_a_commune_to_place():
    assert communes_map([_area("11001", 1, outline=False, point=False)], title="Carte", unit="p.") == ""
