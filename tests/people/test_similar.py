"""Names that may be the same person's (lien.people.similar): the score, the ranking, and the
bounded search behind person_find_similar."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lien.people.models import Person
from lien.people.services import person_find_similar
from lien.people.similar import PARTICLES, SIMILAR_FROM, name_prefixes, name_score, rank_similar
from tests.factories import PersonFactory

# -- the score, without the database -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Josette Maury",
        "Maury Josette",  # first and last names swapped
        "Josette Maurie",  # a letter off
        "Josete Maury",  # a letter missing
        "JOSETTE MAÜRY",  # case and accents
        "josette-maury",  # hyphens
        "Maurie Josette",  # swapped and a letter off
        "Josette Maury-Dupont",  # a compound name
        "Marie-Josette Maury",
    ],
)
def test_it_finds_josette_maury_however_the_name_is_typed(typed):
    assert name_score(typed, "Josette Maury") >= SIMILAR_FROM


@pytest.mark.parametrize(
    "a,b",
    [
        ("Josette", "Josette Maury"),  # a first name alone is not enough
        ("Paul Éluard", "Hélène Éluard"),  # a family name alone is not enough
        ("Marie Dubois", "Marie Dupont"),
        ("Ali", "Alo"),  # too short to allow a letter off
        ("Jean Martin", ""),
    ],
)
def test_it_keeps_apart_names_that_only_share_a_part(a, b):
    assert name_score(a, b) < SIMILAR_FROM


def test_it_ranks_the_closest_first_and_keeps_the_given_order_on_ties():
    candidates = [
        (1, "josette maury dupont"),
        (2, "paul martin"),
        (3, "josette maurie"),
        (4, "maury josette"),
    ]
    # 4: the same words (100); 1 (a compound name) and 3 (two letters off): 90 each, as given.
    assert rank_similar("Josette Maury", candidates) == [4, 1, 3]
    assert rank_similar("Josette Maury", candidates, limit=1) == [4]
    assert rank_similar("", candidates) == []


def test_the_prefilter_looks_for_the_first_letters_of_each_word():
    assert name_prefixes("Marie de la Tour-Dupont") == ["dup", "mar", "tou"]
    assert name_prefixes("Li") == ["li"]
    assert name_prefixes("  ") == []


_letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12).filter(
    lambda word: word not in PARTICLES
)
_names = st.lists(_letters, min_size=2, max_size=4).map(" ".join)
_distinct_names = st.lists(_letters, min_size=2, max_size=3, unique=True).map(" ".join)
_any_names = st.text(max_size=40)
_ACCENTED = {"a": "à", "e": "é", "i": "ï", "o": "ô", "u": "ü", "c": "ç"}


def _dressed(name: str, data) -> str:
    """The same name as someone else might type it: case, accents, hyphens, spaces."""
    if data.draw(st.booleans()):
        name = "".join(_ACCENTED.get(char, char) for char in name)
    if data.draw(st.booleans()):
        name = name.upper()
    return name.replace(" ", data.draw(st.sampled_from([" ", "-", "  ", " - "])))


@given(a=_any_names, b=_any_names)
def test_the_score_is_symmetric_and_bounded(a, b):
    score = name_score(a, b)
    assert 0.0 <= score <= 100.0
    assert score == name_score(b, a)


@given(name=_names, other=_names, data=st.data())
def test_the_score_ignores_order_case_accents_and_hyphens(name, other, data):
    words = name.split()
    reordered = " ".join(data.draw(st.permutations(words)))
    assert name_score(_dressed(reordered, data), other) == name_score(name, other)
    assert name_score(_dressed(reordered, data), name) == 100.0


@given(name=_names, data=st.data())
def test_a_letter_off_or_missing_still_looks_like_the_same_person(name, data):
    positions = [i for i, char in enumerate(name) if char != " "]
    position = data.draw(st.sampled_from(positions))
    if data.draw(st.booleans()):
        changed = (
            name[:position] + data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz")) + name[position + 1 :]
        )
    else:
        changed = name[:position] + name[position + 1 :]
    assert name_score(changed, name) >= SIMILAR_FROM


@given(name=_distinct_names, extra=_letters, data=st.data())
def test_a_compound_name_still_looks_like_the_same_person(name, extra, data):
    words = name.split()
    compound = words[:]
    compound.insert(data.draw(st.integers(0, len(words))), extra)
    assert name_score(" ".join(compound), name) >= SIMILAR_FROM


# -- person_find_similar: the database ----------------------------------------------------------


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def josette(world):
    return PersonFactory(organisation=world.organisation, first_name="Josette", last_name="Maury")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "first_name,last_name",
    [("Maury", "Josette"), ("Josette", "Maurie"), ("JOSETTE", "maury-dupont"), ("Josétte", "Maury")],
)
def test_it_finds_the_file_however_the_name_is_typed(world, mediator, josette, first_name, last_name):
    PersonFactory(organisation=world.organisation, first_name="Paul", last_name="Martin")
    assert person_find_similar(user=mediator, first_name=first_name, last_name=last_name) == [josette]


@pytest.mark.django_db
def test_it_proposes_nobody_the_user_cannot_see_or_whose_file_is_anonymised(world, mediator, josette):
    PersonFactory(organisation=world.other_organisation, first_name="Josette", last_name="Maury")
    Person.objects.filter(pk=josette.pk).update(anonymised_at=timezone.now())
    assert person_find_similar(user=mediator, first_name="Josette", last_name="Maury") == []


@pytest.mark.django_db
def test_the_same_phone_or_email_comes_first_whatever_the_name(world, mediator, josette):
    known = PersonFactory(
        organisation=world.organisation, first_name="Jo", last_name="", email="jo@example.org"
    )
    found = person_find_similar(
        user=mediator, first_name="Josette", last_name="Maury", email="JO@example.org"
    )
    assert found == [known, josette]


@pytest.mark.django_db
def test_it_reads_the_same_number_of_queries_whatever_the_number_of_people(world, mediator, josette):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = person_find_similar(
                user=mediator, first_name="Maury", last_name="Josette", phone="06 12 34 56 78"
            )
        assert found == [josette]
        return len(captured)

    queries()  # the user's roles, read once per user object
    few = queries()
    for index in range(40):
        PersonFactory(organisation=world.organisation, first_name=f"Joseph{index}", last_name="Mauriac")
        PersonFactory(organisation=world.organisation, first_name="Marc", last_name=f"Martin{index}")
    assert queries() == few == 2
