"""Receivability suggestions (LR-DC-1/2019, DOMAIN.md §2.2): Lien suggests, the mediator decides."""

import pytest

from lien.saisines.enums import MATTER_PERIMETER, Matter, Perimeter
from lien.saisines.rules import suggest_receivability


@pytest.mark.parametrize("perimeter", Perimeter.values)
@pytest.mark.parametrize("prior_claim", [True, False, None])
def test_it_refuses_any_saisine_once_a_court_action_is_filed(perimeter, prior_claim):
    suggestion = suggest_receivability(
        perimeter=perimeter, prior_claim=prior_claim, court_action_pending=True
    )
    assert suggestion.receivable is False
    assert "recours contentieux" in suggestion.reason


@pytest.mark.parametrize("prior_claim", [False, None])
def test_it_refuses_an_after_claim_saisine_without_a_prior_claim(prior_claim):
    suggestion = suggest_receivability(
        perimeter=Perimeter.AFTER_CLAIM, prior_claim=prior_claim, court_action_pending=False
    )
    assert suggestion.receivable is False
    assert "service réclamations" in suggestion.reason


def test_it_accepts_an_after_claim_saisine_with_a_prior_claim():
    suggestion = suggest_receivability(
        perimeter=Perimeter.AFTER_CLAIM,
        matter=Matter.DEVICES_OVER_500,
        prior_claim=True,
        court_action_pending=False,
    )
    assert suggestion.receivable is True


@pytest.mark.parametrize("prior_claim", [True, False, None])
def test_it_accepts_a_first_intention_matter_without_a_prior_claim(prior_claim):
    suggestion = suggest_receivability(
        perimeter=Perimeter.FIRST_INTENTION,
        matter=Matter.GP_OR_SPECIALIST_ACCESS,
        prior_claim=prior_claim,
        court_action_pending=False,
    )
    assert suggestion.receivable is True
    assert "première intention" in suggestion.reason.lower()


def test_it_accepts_a_special_saisine_with_a_prior_claim():
    suggestion = suggest_receivability(
        perimeter=Perimeter.SPECIAL,
        matter=Matter.RIGHTS_DEFENDER,
        prior_claim=True,
        court_action_pending=False,
    )
    assert suggestion.receivable is True
    assert "particulière" in suggestion.reason


def test_it_refuses_a_special_saisine_without_a_prior_claim():
    suggestion = suggest_receivability(
        perimeter=Perimeter.SPECIAL,
        matter=Matter.FUND_DIRECTION,
        prior_claim=False,
        court_action_pending=False,
    )
    assert suggestion.receivable is False


def test_it_belongs_every_matter_to_exactly_one_perimeter():
    assert set(MATTER_PERIMETER) == set(Matter.values)
    assert set(MATTER_PERIMETER.values()) == set(Perimeter.values)


@pytest.mark.parametrize("matter", Matter.values)
@pytest.mark.parametrize("perimeter", Perimeter.values)
def test_it_refuses_a_matter_recorded_under_another_perimeter_and_names_the_right_one(matter, perimeter):
    suggestion = suggest_receivability(
        perimeter=perimeter, matter=matter, prior_claim=True, court_action_pending=False
    )
    expected = MATTER_PERIMETER[matter]
    if expected == perimeter:
        assert suggestion.receivable is True
    else:
        assert suggestion.receivable is False
        assert f"« {Perimeter(expected).label} »" in suggestion.reason
        assert f"« {Matter(matter).label} »" in suggestion.reason


def test_it_names_the_first_intention_perimeter_for_a_gp_search_recorded_after_claim():
    suggestion = suggest_receivability(
        perimeter=Perimeter.AFTER_CLAIM,
        matter=Matter.GP_OR_SPECIALIST_ACCESS,
        prior_claim=True,
        court_action_pending=False,
    )
    assert suggestion.receivable is False
    assert "Première intention" in suggestion.reason


def test_it_puts_the_court_action_before_the_perimeter():
    suggestion = suggest_receivability(
        perimeter=Perimeter.AFTER_CLAIM,
        matter=Matter.GP_OR_SPECIALIST_ACCESS,
        prior_claim=True,
        court_action_pending=True,
    )
    assert "recours contentieux" in suggestion.reason
