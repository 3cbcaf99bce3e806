import math

from hypothesis import given
from hypothesis import strategies as st

from lien.directory.geo import bounding_box, haversine_km


def test_it_measures_known_distances():
    # Quillan -> Carcassonne: 0.337° of latitude (37.5 km) and 0.167° of longitude at 43° N
    # (13.6 km), so about 39.9 km; Paris -> Lyon, about 392 km.
    assert abs(haversine_km(42.8756, 2.1819, 43.2130, 2.3491) - 39.9) < 0.2
    assert abs(haversine_km(48.8566, 2.3522, 45.7640, 4.8357) - 392) < 3
    assert haversine_km(45.0, 4.0, 45.0, 4.0) == 0


@given(
    lat=st.floats(-80, 80),
    lon=st.floats(-179, 179),
    radius=st.floats(0.1, 500),
    bearing=st.floats(0, 2 * math.pi),
    fraction=st.floats(0, 0.999),
)
def test_it_keeps_every_point_within_the_radius_in_the_box(lat, lon, radius, bearing, fraction):
    # A point at distance fraction * radius in any direction (destination formula).
    delta = fraction * radius / 6371.0088
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(bearing))
    lambda2 = lambda1 + math.atan2(
        math.sin(bearing) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    point_lat, point_lon = math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    assert min_lat - 1e-9 <= point_lat <= max_lat + 1e-9
    assert min_lon - 1e-9 <= point_lon <= max_lon + 1e-9
