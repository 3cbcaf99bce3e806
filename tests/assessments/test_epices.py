"""The EPICES score against the published coefficients and examples (standards/epices)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from lien.assessments import epices

DATA = Path(epices.__file__).parent / "data" / "epices.json"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards" / "epices" / "epices.json"
VECTORS = json.loads(DATA.read_text(encoding="utf-8"))["test_vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["note"] for vector in VECTORS])
def test_it_computes_the_published_test_vectors(vector):
    assert epices.epices_score(vector["answers"]) == Decimal(str(vector["score"])).quantize(Decimal("0.01"))


def test_it_reads_the_booleans_of_a_form_like_the_ones_and_zeros_of_the_vectors():
    assert epices.epices_score(
        [True, False, False, True, False, True, False, False, True, False, True]
    ) == Decimal("53.84")


def test_it_has_the_eleven_questions_and_coefficients_of_sass_2006():
    assert [float(question.coefficient) for question in epices.QUESTIONS] == [
        10.06,
        -11.83,
        -8.28,
        -8.28,
        14.8,
        -6.51,
        -7.1,
        -7.1,
        -9.47,
        -9.47,
        -7.1,
    ]
    assert epices.CONSTANT == Decimal("75.14")
    assert epices.QUESTIONS[0].text == "Rencontrez-vous parfois un travailleur social ?"


def test_it_stays_between_0_and_100():
    assert epices.CONSTANT + sum(q.coefficient for q in epices.QUESTIONS if q.coefficient > 0) == 100
    assert epices.CONSTANT + sum(q.coefficient for q in epices.QUESTIONS if q.coefficient < 0) == 0


@pytest.mark.parametrize(
    "answers",
    [[1] * 10, [1] * 12, [1, None, 0, 0, 0, 0, 0, 0, 0, 0, 0], []],
    ids=["10", "12", "missing", "none"],
)
def test_it_gives_no_score_unless_the_eleven_answers_are_given(answers):
    assert epices.epices_score(answers) is None


def test_it_refuses_an_answer_other_than_oui_or_non():
    with pytest.raises(ValueError):
        epices.epices_score([2] + [0] * 10)


@pytest.mark.parametrize(
    ("score", "precarious", "quintile"),
    [("30.17", True, 4), ("30.16", False, 3), ("0", False, 1), ("16.56", False, 3), ("100", True, 4)],
)
def test_it_places_precarity_at_30_17_and_above(score, precarious, quintile):
    assert epices.is_precarious(Decimal(score)) is precarious
    assert epices.quintile(Decimal(score)) == quintile


@pytest.mark.skipif(not SHARED.exists(), reason="the shared standards are not next to the repository")
def test_it_uses_the_shared_standard_unchanged():
    assert json.loads(DATA.read_text(encoding="utf-8")) == json.loads(SHARED.read_text(encoding="utf-8"))
