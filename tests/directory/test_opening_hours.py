import pytest
from hypothesis import given
from hypothesis import strategies as st

from lien.directory.opening_hours import (
    FULL_DAY,
    describe_fr,
    format_opening_hours,
    open_days,
    parse_opening_hours,
)

MONDAY_TO_FRIDAY_MORNINGS = (((540, 720),),) * 5 + ((), ())


@pytest.mark.parametrize(
    ("text", "expected_days"),
    [
        ("Mo-Fr 09:00-12:00", "12345"),
        ("Mo-Fr 08:30-12:30; PH off", "12345"),
        ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00", "123456"),
        ("Tu,Th 14:00-17:00", "24"),
        ("Mo-We,Fr 09:00-12:00", "1235"),
        ("Fr-Mo 10:00-18:00", "1567"),
        ("24/7", "1234567"),
        ("Mo-Su 08:00-20:00; We off", "124567"),
        ("mo-fr 9:00-12:00", "12345"),
        ("Mo - Fr 09:00 - 12:00 , 14:00 - 17:00", "12345"),
        ("Mo-Fr 09:00-12:00, Sa 10:00-12:00", "123456"),
        ("09:00-18:00", "1234567"),
        ("Sa", "6"),
        ("off", ""),
    ],
)
def test_it_reads_the_common_forms(text, expected_days):
    hours = parse_opening_hours(text)
    assert hours is not None
    assert open_days(hours) == expected_days


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Nov-Mar: Tu,Fr 09:00-11:30",
        'Mo-Fr 09:00-12:00 || "sur rendez-vous"',
        '"sur rendez-vous"',
        "Mo-Fr 22:00-02:00",
        "Mo-Fr sunrise-sunset",
        "week 1-53/2 Fr 09:00-12:00",
        "lundi au vendredi de 9h à 12h",
        "Mo-Fr 09:00-25:00",
        "Mo-Fr 12:00-09:00",
    ],
)
def test_it_answers_unknown_for_what_it_cannot_read(text):
    assert parse_opening_hours(text) is None


def test_it_lets_a_later_rule_replace_an_earlier_one_and_an_additional_rule_add():
    replaced = parse_opening_hours("Mo-Fr 09:00-12:00; Mo 14:00-16:00")
    assert replaced[0] == ((840, 960),)
    added = parse_opening_hours("Mo-Fr 09:00-12:00, Mo 14:00-16:00")
    assert added[0] == ((540, 720), (840, 960))


def test_it_writes_the_canonical_form_and_plain_french():
    hours = parse_opening_hours("Mo,Tu,We,Th,Fr 09:00-12:00")
    assert hours == MONDAY_TO_FRIDAY_MORNINGS
    assert format_opening_hours(hours) == "Mo-Fr 09:00-12:00"
    assert describe_fr(hours) == ["Du lundi au vendredi : de 9 h à 12 h"]
    mixed = parse_opening_hours("Mo,We 13:30-17:00; Fr 09:00-12:00")
    assert describe_fr(mixed) == ["Lundi et mercredi : de 13 h 30 à 17 h", "Vendredi : de 9 h à 12 h"]
    assert describe_fr(parse_opening_hours("24/7")) == ["tous les jours, 24 h sur 24"]


@st.composite
def weeks(draw):
    """A week of sorted, separated spans (touching spans would merge when read back)."""
    days = []
    for _ in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, FULL_DAY), max_size=6)))
        if len(cuts) % 2:
            cuts = cuts[:-1]
        spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        days.append(tuple(spans))
    return tuple(days)


@given(weeks())
def test_it_reads_back_any_week_it_writes(hours):
    text = format_opening_hours(hours)
    assert parse_opening_hours(text) == hours
    assert format_opening_hours(parse_opening_hours(text)) == text
    assert describe_fr(hours)


@given(st.text(max_size=80))
def test_it_never_fails_on_any_text(text):
    hours = parse_opening_hours(text)
    assert hours is None or (len(hours) == 7 and all(start < end for day in hours for start, end in day))


@given(st.text(alphabet="MoTuWeThFrSaSu-,;: 0123456789offPH/", max_size=60))
def test_it_never_fails_on_text_that_looks_like_hours(text):
    hours = parse_opening_hours(text)
    if hours is not None:
        assert parse_opening_hours(format_opening_hours(hours)) == hours
