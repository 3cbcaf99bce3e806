"""The EPICES deprivation score (Évaluation de la Précarité et des Inégalités de santé dans les
Centres d'Examens de Santé).

Source: Sass C, Moulin JJ, Guéguen R, et al. « Le score Epices : un score individuel de
précarité. Construction du score et mesure des relations avec des données de santé, dans une
population de 197 389 personnes ». BEH 2006 ; n°14 : 93-96. The questions, coefficients and
thresholds are read from ``data/epices.json`` (a copy of ``standards/epices/epices.json``).

Score = 75.14 + Σ coefficient × answer (oui = 1, non = 0), between 0 and 100; a person is
considered in precarity from 30.17 (lower bound of the 4th quintile). A missing answer gives no
score: the 11 questions are asked together or the score is not computed.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "epices.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Question:
    number: int
    coefficient: Decimal
    text: str


QUESTIONS: tuple[Question, ...] = tuple(
    Question(item["n"], Decimal(str(item["coefficient"])), item["question_fr"]) for item in _DATA["items"]
)
CONSTANT = Decimal(str(_DATA["constant"]))
PRECARITY_THRESHOLD = Decimal(str(_DATA["threshold_precarity"]))
QUINTILE_LOWER_BOUNDS = tuple(Decimal(str(bound)) for bound in _DATA["quintile_lower_bounds"])


def epices_score(answers: list[bool | int | None] | tuple) -> Decimal | None:
    """The score to two decimals, or ``None`` unless all 11 answers are given (True/1 = oui)."""
    if len(answers) != len(QUESTIONS) or any(answer is None for answer in answers):
        return None
    if any(answer not in (0, 1) for answer in answers):  # True == 1 and False == 0
        raise ValueError("EPICES answers are oui (1) or non (0).")
    total = CONSTANT + sum(
        (question.coefficient for question, answer in zip(QUESTIONS, answers, strict=True) if answer),
        Decimal(0),
    )
    return total.quantize(Decimal("0.01"))


def is_precarious(score: Decimal | None) -> bool | None:
    return None if score is None else score >= PRECARITY_THRESHOLD


def quintile(score: Decimal | None) -> int | None:
    """1 to 4, where 4 means 30.17 or more (the upper bound of Q4 is not verified, see SOURCE)."""
    if score is None:
        return None
    return sum(1 for bound in QUINTILE_LOWER_BOUNDS if score >= bound)
