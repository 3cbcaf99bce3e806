"""The script that makes communes-geo.csv.gz (lien/communes/data/build_geometry.py): WKB read with
``struct``, the centroid weighted by area with its holes taken out, Douglas–Peucker, the file."""

import csv
import gzip
import io
import lzma
import struct

import pytest

from lien.communes.data import build_geometry
from lien.communes.data.build_geometry import build, centroid, outline, parse_wkb, simplify
from lien.lib.polyline import decode

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
HOLE = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]


def _polygon(rings, order: str = "<", srid: int | None = None) -> bytes:
    kind = 3 | (0x20000000 if srid is not None else 0)
    data = bytes([1 if order == "<" else 0]) + struct.pack(order + "I", kind)
    if srid is not None:
        data += struct.pack(order + "I", srid)
    data += struct.pack(order + "I", len(rings))
    for ring in rings:
        data += struct.pack(order + "I", len(ring))
        data += b"".join(struct.pack(order + "dd", x, y) for x, y in ring)
    return data


def _multipolygon(*polygons: bytes) -> bytes:
    return bytes([1]) + struct.pack("<II", 6, len(polygons)) + b"".join(polygons)


def test_it_reads_a_multipolygon_in_either_byte_order_and_with_an_srid():
    data = _multipolygon(_polygon([SQUARE, HOLE]), _polygon([SQUARE], ">"))
    assert parse_wkb(data) == [[SQUARE, HOLE], [SQUARE]]
    assert parse_wkb(_polygon([SQUARE], srid=4326)) == [[SQUARE]]


def test_it_refuses_what_is_not_a_polygon():
    point = bytes([1]) + struct.pack("<Idd", 1, 2.0, 43.0)
    with pytest.raises(ValueError, match="Not a polygon"):
        parse_wkb(point)
    with pytest.raises(ValueError, match="bytes after"):
        parse_wkb(_polygon([SQUARE]) + b"\x00")


def test_the_centroid_is_weighted_by_area_and_takes_the_holes_out():
    # The 2 × 2 square less its lower-left unit square: area 3, moment 4 × 1 − 1 × 0.5 = 3.5.
    lat, lon = centroid([[SQUARE, HOLE]])
    assert lat == pytest.approx(3.5 / 3) and lon == pytest.approx(3.5 / 3)
    # Two squares side by side, one four times larger: the centroid leans to the larger one.
    small = [(4.0, 0.0), (5.0, 0.0), (5.0, 1.0), (4.0, 1.0), (4.0, 0.0)]
    lat, lon = centroid([[SQUARE], [small]])
    assert lon == pytest.approx((4 * 1 + 1 * 4.5) / 5) and lat == pytest.approx((4 * 1 + 1 * 0.5) / 5)


def test_douglas_peucker_drops_the_points_close_to_the_line():
    ring = [(0.0, 0.0), (1.0, 0.00001), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert simplify(ring, 0.0005) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
    assert simplify(ring, 0.000001) == ring[:-1]


def test_the_outline_keeps_the_large_parts_as_encoded_polylines():
    island = [(3.0, 3.0), (3.01, 3.0), (3.01, 3.01), (3.0, 3.01), (3.0, 3.0)]
    text = outline([[SQUARE, HOLE], [island]])
    assert " " not in text  # the island, 0.0025 % of the square, is left out
    assert decode(text, 4) == [(0.0, 0.0), (0.0, 2.0), (2.0, 2.0), (2.0, 0.0)]  # (lat, lon)
    half = [(3.0, 3.0), (4.0, 3.0), (4.0, 4.0), (3.0, 4.0), (3.0, 3.0)]
    assert len(outline([[SQUARE], [half]]).split()) == 2


def _source(tmp_path, rows) -> tuple:
    source = tmp_path / "communes.csv.lzma"
    with lzma.open(source, "wt", encoding="utf-8") as text:
        writer = csv.writer(text)
        writer.writerow(["id", "code", "type", "commune_parent_id", "geometry"])
        writer.writerows(rows)
    referential = tmp_path / "communes.csv.gz"
    with gzip.open(referential, "wt", encoding="utf-8") as text:
        text.write("insee,name\n11304,Quillan\n12218,Conques-en-Rouergue\n98711,Anaa\n")
    return source, referential


def test_it_builds_a_row_per_commune_known_of_the_referential(tmp_path):
    quillan = _multipolygon(_polygon([[(2.1, 42.8), (2.2, 42.8), (2.2, 42.9), (2.1, 42.9), (2.1, 42.8)]]))
    delegated = _polygon([[(2.3, 44.5), (2.4, 44.5), (2.4, 44.6), (2.3, 44.6), (2.3, 44.5)]])
    source, referential = _source(
        tmp_path,
        [
            ["1", "11304", "COM", r"\N", quillan.hex()],
            ["2", "12218", "COM", r"\N", ""],  # a commune nouvelle: its délégués' geometries
            ["3", "12076", "COMD", "2", delegated.hex()],
            ["4", "75056", "COM", r"\N", quillan.hex()],  # not in the referential
        ],
    )
    rows, missing = build(source, referential)
    assert [row[:3] for row in rows] == [["11304", "42.85000", "2.15000"], ["12218", "44.55000", "2.35000"]]
    assert decode(rows[0][3], 4)[0] == (42.8, 2.1)
    assert missing == ["98711"]


def test_it_writes_the_file_byte_identical_from_one_run_to_the_next(tmp_path, monkeypatch):
    source, referential = _source(tmp_path, [["1", "11304", "COM", r"\N", _polygon([SQUARE]).hex()]])
    monkeypatch.setattr(build_geometry, "REFERENTIAL", referential)
    monkeypatch.setattr(build_geometry, "OUTPUT", tmp_path / "communes-geo.csv.gz")
    monkeypatch.setattr(build_geometry, "build", lambda path: build(path, referential))
    build_geometry.main(source)
    first = (tmp_path / "communes-geo.csv.gz").read_bytes()
    build_geometry.main(source)
    assert (tmp_path / "communes-geo.csv.gz").read_bytes() == first
    header = io.TextIOWrapper(gzip.open(tmp_path / "communes-geo.csv.gz"), encoding="utf-8").readline()
    assert header.strip() == "insee,latitude,longitude,outline"
