"""The Encoded Polyline Algorithm Format (Google's, also read by OSRM and Leaflet plugins): a line of
(latitude, longitude) points as short text, each coordinate the difference from the previous one,
rounded to ``10 ** -precision`` degree and written with the characters ``?`` to ``~`` only (no
comma, quote or space: safe in a CSV cell, and a space can separate several lines).

The outlines of the communes shipped with Lien are stored so (``communes/data/communes-geo.csv.gz``,
precision 4: about 10 m).
"""

from collections.abc import Iterable

Point = tuple[float, float]  # (latitude, longitude)


def _encode_number(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chunks = []
    while value >= 0x20:
        chunks.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chunks.append(chr(value + 63))
    return "".join(chunks)


def encode(points: Iterable[Point], precision: int = 5) -> str:
    factor = 10**precision
    text = []
    previous_lat = previous_lon = 0
    for lat, lon in points:
        y, x = round(lat * factor), round(lon * factor)
        text.append(_encode_number(y - previous_lat) + _encode_number(x - previous_lon))
        previous_lat, previous_lon = y, x
    return "".join(text)


def decode(text: str, precision: int = 5) -> list[Point]:
    """The points of ``text``; ``ValueError`` on a character outside the format or a cut number."""
    factor = 10**precision
    numbers: list[int] = []
    value = shift = 0
    for char in text:
        chunk = ord(char) - 63
        if not 0 <= chunk < 64:
            raise ValueError(f"Not a character of an encoded polyline: {char!r}.")
        value |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            numbers.append(~(value >> 1) if value & 1 else value >> 1)
            value = shift = 0
    if shift or len(numbers) % 2:
        raise ValueError("An encoded polyline cut in the middle of a point.")
    points = []
    lat = lon = 0
    for index in range(0, len(numbers), 2):
        lat += numbers[index]
        lon += numbers[index + 1]
        points.append((lat / factor, lon / factor))
    return points
