"""The signature drawn on screen: only numbers inside the box are kept, the picture is drawn back
from them, and whatever the browser sends either parses or gets a French sentence."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lien.lib.signature import HEIGHT, MAX_STROKES, WIDTH, SignatureError, ink, parse_strokes, strokes_svg
from tests.factories import DRAWN_SIGNATURE


def test_a_signature_parses_and_is_drawn_back_from_its_numbers():
    strokes = parse_strokes(DRAWN_SIGNATURE)
    assert len(strokes) == 2 and strokes[0][0] == (40, 150)
    svg = strokes_svg(strokes, title="Signature <de> Mme Q")
    assert svg.count("<path ") == 2
    assert 'd="M40 150L90 60L140 150L190 70"' in svg
    assert "&lt;de&gt;" in svg and "<de>" not in svg


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "signe dans le cadre"),
        ("[]", "signe dans le cadre"),
        ("pas du json", "pas lisible"),
        ('[[["a", 1], [2, 3]]]', "pas lisible"),
        ("[[[1.5, 2], [300, 3]]]", "pas lisible"),
        ("[[[true, 2], [300, 3]]]", "pas lisible"),
        ("[[[10, 10], [700, 10]]]", "déborde"),
        ("[[[10, -1], [200, 10]]]", "déborde"),
        ("[[[10, 10], [12, 11]]]", "trop courte"),
        ('{"d": "M0 0"}', "signe dans le cadre"),
        ("[[[10, 10, 10], [200, 10]]]", "pas lisible"),
        ("[[]]", "pas lisible"),
        ("[" * 5000 + "]" * 5000, "pas lisible"),
        (json.dumps([[[0, 0], [WIDTH, HEIGHT]]] * (MAX_STROKES + 1)), "trop de traits"),
        (json.dumps([[[i % WIDTH, i % HEIGHT] for i in range(3001)]]), "trop longue"),
        ('<svg onload="alert(1)"/>', "pas lisible"),
    ],
)
def test_what_is_not_a_signature_is_refused_in_french(text, message):
    with pytest.raises(SignatureError, match=message):
        parse_strokes(text)


points = st.lists(st.tuples(st.integers(0, WIDTH), st.integers(0, HEIGHT)).map(list), min_size=1, max_size=40)


@given(st.lists(points, min_size=1, max_size=10))
def test_any_strokes_in_the_box_either_parse_to_themselves_or_are_too_short(strokes):
    text = json.dumps(strokes)
    try:
        parsed = parse_strokes(text)
    except SignatureError as error:
        assert ink([[tuple(p) for p in s] for s in strokes]) < 40 and "trop courte" in str(error)
    else:
        assert [[list(p) for p in s] for s in parsed] == strokes
        assert strokes_svg(parsed).count("<path ") == len(strokes)


@given(st.text(max_size=300))
def test_any_text_parses_or_gets_a_sentence(text):
    try:
        parse_strokes(text)
    except SignatureError as error:
        assert str(error)
