"""Distances on the sphere, for ranking structures around a point.

The coordinates are those of the structures themselves (from data·inclusion, HSDS or typed in)
and the centroids of the communes shipped with Lien (``communes/data/communes-geo.csv.gz``). A search
filters a bounding box in SQL, then computes the exact distance in Python on that small set.
"""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) containing every point within ``radius_km``."""
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = max(-90.0, lat - d_lat), min(90.0, lat + d_lat)
    if min_lat <= -90.0 or max_lat >= 90.0:
        return min_lat, max_lat, -180.0, 180.0
    # The widest longitude span is reached at the latitude of the box closest to a pole.
    widest = max(abs(min_lat), abs(max_lat))
    d_lon = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(widest))))
    if d_lon >= 180.0 or not -180.0 <= lon - d_lon <= lon + d_lon <= 180.0:
        return min_lat, max_lat, -180.0, 180.0  # across the antimeridian: no longitude filter
    return min_lat, max_lat, lon - d_lon, lon + d_lon
