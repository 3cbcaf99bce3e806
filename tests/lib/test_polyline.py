import pytest
from hypothesis import given
from hypothesis import strategies as st

from lien.lib.polyline import decode, encode


def test_it_encodes_as_google_s_reference_example():
    # developers.google.com/maps/documentation/utilities/polylinealgorithm
    points = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    assert encode(points) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert decode("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == points


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-90, max_value=90, allow_nan=False),
            st.floats(min_value=-180, max_value=180, allow_nan=False),
        ),
        max_size=20,
    )
)
def test_it_gives_back_the_points_rounded_to_its_precision(points):
    decoded = decode(encode(points, 4), 4)
    assert len(decoded) == len(points)
    for (lat, lon), (back_lat, back_lon) in zip(points, decoded, strict=True):
        assert back_lat == pytest.approx(lat, abs=0.00006) and back_lon == pytest.approx(lon, abs=0.00006)


def test_it_refuses_a_broken_text():
    with pytest.raises(ValueError):
        decode("_p~iF~ps|U_ulL")  # a latitude without its longitude
    with pytest.raises(ValueError):
        decode("a b")
