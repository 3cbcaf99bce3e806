"""Writes on saisines: the transition table, receivability, court action, equity, closure,
conflicts of interest and reiterations (DOMAIN.md §2)."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.saisines.enums import TRANSITIONS, EquityDecision, ResolutionMode, Status
from lien.saisines.models import ConflictDeclaration, FollowUpTask, Saisine, SaisineEvent
from lien.saisines.services import (
    CLAIMS_TAKEOVER_CHECK_DAYS,
    earlier_saisines,
    saisine_acknowledge,
    saisine_close,
    saisine_decide_equity,
    saisine_decide_receivability,
    saisine_declare_conflict,
    saisine_propose_equity,
    saisine_receive,
    saisine_record_court_action,
    saisine_record_perimeter,
    saisine_transition,
)
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return OrganisationFactory(slug="cpam-services", name="CPAM des Services", fund=True)


def _member(fund, role: Role, email: str):
    user = UserFactory(email=email)
    membership_add(user=user, organisation=fund, role=role)
    return user


@pytest.fixture
def mediator(fund):
    return _member(fund, Role.INSTITUTIONAL_MEDIATOR, "mediatrice@cpam-services.example")


@pytest.fixture
def assistant(fund):
    return _member(fund, Role.ASSISTANT, "assistant@cpam-services.example")


@pytest.fixture
def deputy(fund):
    return _member(fund, Role.DEPUTY, "suppleante@cpam-services.example")


@pytest.fixture
def director(fund):
    return _member(fund, Role.DIRECTOR, "directeur@cpam-services.example")


@pytest.fixture
def outsider():
    other = OrganisationFactory(slug="cpam-ailleurs", fund=True)
    return _member(other, Role.INSTITUTIONAL_MEDIATOR, "mediateur@cpam-ailleurs.example")


@pytest.fixture
def requester(fund):
    return PersonFactory(organisation=fund, first_name="Martine", last_name="Dufour")


def _receive(mediator, fund, *, received_on=date(2024, 2, 26), requester=None, **fields) -> Saisine:
    values = {
        "channel": "letter",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "after_claim",
        "process": "cash_benefits",
        "subprocess": "sickness",
    } | fields
    return saisine_receive(
        acting_user=mediator, organisation=fund, received_on=received_on, requester=requester, **values
    )


@pytest.fixture
def saisine(mediator, fund, requester):
    return _receive(mediator, fund, requester=requester)


def _in_instruction(saisine, user) -> Saisine:
    saisine.prior_claim = True
    saisine.save(update_fields=["prior_claim"])
    saisine_decide_receivability(acting_user=user, saisine=saisine, receivable=True)
    return saisine_transition(acting_user=user, saisine=saisine, to_status=Status.IN_INSTRUCTION)


def _put_in(saisine: Saisine, status: str) -> Saisine:
    """Set up a saisine in ``status`` with what that status implies (closure, court action)."""
    fields = {"status": status}
    if status in {Status.CLOSED, Status.ENDED_COURT_ACTION}:
        fields |= {"closed_on": date(2024, 3, 10), "outcome": "decision_upheld"}
    Saisine.objects.filter(pk=saisine.pk).update(**fields)
    saisine.refresh_from_db()
    return saisine


def _prepare_target(saisine: Saisine, to_status: str) -> None:
    """What a service sets before moving to ``to_status`` (a closure, a court action)."""
    if to_status == Status.CLOSED and saisine.status != Status.CLOSED:
        saisine.closed_on, saisine.outcome = date(2024, 3, 10), "decision_upheld"
    if to_status == Status.ENDED_COURT_ACTION:
        saisine.court_action_pending = True
        saisine.closed_on = saisine.closed_on or date(2024, 3, 10)


ALLOWED = sorted((a, b) for a, targets in TRANSITIONS.items() for b in targets)
REFUSED = sorted(
    (a, b) for a, b in itertools.product(Status.values, repeat=2) if b not in TRANSITIONS.get(a, set())
)


def test_it_has_a_row_for_every_status_and_no_unknown_target():
    assert set(TRANSITIONS) == set(Status.values)
    assert set().union(*TRANSITIONS.values()) <= set(Status.values)
    assert TRANSITIONS[Status.ENDED_COURT_ACTION] == set()
    assert len(ALLOWED) + len(REFUSED) == len(Status.values) ** 2


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_it_moves_along_the_table_and_logs_who_from_and_to(saisine, mediator, from_status, to_status):
    _put_in(saisine, from_status)
    _prepare_target(saisine, to_status)
    saisine_transition(acting_user=mediator, saisine=saisine, to_status=to_status, detail="motif")

    saisine.refresh_from_db()
    assert saisine.status == to_status
    event = SaisineEvent.objects.filter(saisine=saisine).last()
    assert (event.kind, event.user, event.from_status, event.to_status, event.detail) == (
        "transition",
        mediator,
        from_status,
        to_status,
        "motif",
    )


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_it_refuses_every_move_outside_the_table_and_changes_nothing(
    saisine, mediator, from_status, to_status
):
    _put_in(saisine, from_status)
    _prepare_target(saisine, to_status)
    before = Saisine.objects.values().get(pk=saisine.pk)
    events = SaisineEvent.objects.count()

    with pytest.raises(ValidationError, match="Passage impossible"):
        saisine_transition(acting_user=mediator, saisine=saisine, to_status=to_status)

    assert Saisine.objects.values().get(pk=saisine.pk) == before
    assert SaisineEvent.objects.count() == events


def test_it_refuses_a_transition_to_someone_of_another_fund(saisine, outsider):
    with pytest.raises(PermissionDenied):
        saisine_transition(acting_user=outsider, saisine=saisine, to_status=Status.UNDER_REVIEW)
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED


def test_it_refuses_to_mark_closed_without_a_closure_date_and_an_outcome(saisine, mediator):
    """Closing goes through saisine_close: a bare transition cannot leave a closed case undated."""
    _in_instruction(saisine, mediator)
    with pytest.raises(ValidationError):
        saisine_transition(acting_user=mediator, saisine=saisine, to_status=Status.CLOSED)
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on) == (Status.IN_INSTRUCTION, None)


def test_it_refuses_to_end_by_court_action_without_a_recorded_court_action(saisine, mediator):
    with pytest.raises(ValidationError):
        saisine_transition(acting_user=mediator, saisine=saisine, to_status=Status.ENDED_COURT_ACTION)
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED


# Receivability


def test_it_makes_a_receivable_saisine_through_review(saisine, mediator):
    saisine_record_perimeter(
        acting_user=mediator,
        saisine=saisine,
        perimeter="after_claim",
        matter="other_matter",
        prior_claim=True,
        court_action_pending=False,
    )
    saisine_decide_receivability(acting_user=mediator, saisine=saisine, receivable=True)
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable, saisine.outside_perimeter_reason) == (
        Status.RECEIVABLE,
        True,
        "",
    )
    moves = list(SaisineEvent.objects.filter(kind="transition").values_list("from_status", "to_status"))
    assert moves == [(Status.RECEIVED, Status.UNDER_REVIEW), (Status.UNDER_REVIEW, Status.RECEIVABLE)]
    assert not FollowUpTask.objects.exists()


def test_it_requires_a_reason_to_take_a_case_the_rules_call_not_receivable(saisine, mediator):
    saisine.prior_claim = False
    saisine.save(update_fields=["prior_claim"])
    with pytest.raises(ValidationError) as error:
        saisine_decide_receivability(acting_user=mediator, saisine=saisine, receivable=True, reason="  ")
    assert "reason" in error.value.message_dict
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.RECEIVED, None)

    saisine_decide_receivability(
        acting_user=mediator, saisine=saisine, receivable=True, reason=" Grande précarité "
    )
    saisine.refresh_from_db()
    assert (saisine.status, saisine.outside_perimeter_reason) == (Status.RECEIVABLE, "Grande précarité")


def test_it_transfers_a_not_receivable_saisine_to_the_claims_service(saisine, mediator):
    saisine_decide_receivability(
        acting_user=mediator, saisine=saisine, receivable=False, today=date(2024, 2, 28)
    )
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.NOT_RECEIVABLE, False)
    task = FollowUpTask.objects.get(saisine=saisine)
    assert task.kind == FollowUpTask.Kind.CLAIMS_TAKEOVER
    assert task.due_on == date(2024, 2, 28) + timedelta(days=CLAIMS_TAKEOVER_CHECK_DAYS)
    assert task.done_on is None
    assert SaisineEvent.objects.filter(saisine=saisine, kind="transferred").exists()


def test_it_forbids_a_receivable_decision_while_a_court_action_is_pending(saisine, mediator):
    saisine.court_action_pending = True
    saisine.save(update_fields=["court_action_pending"])
    with pytest.raises(ValidationError, match="recours contentieux"):
        saisine_decide_receivability(
            acting_user=mediator, saisine=saisine, receivable=True, reason="Je le prends quand même"
        )
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.RECEIVED, None)


def test_it_refuses_the_receivability_decision_to_the_director(saisine, director):
    with pytest.raises(PermissionDenied):
        saisine_decide_receivability(acting_user=director, saisine=saisine, receivable=False)
    assert not FollowUpTask.objects.exists()


# Court action


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.IN_INSTRUCTION, Status.PROPOSAL])
def test_it_ends_an_open_mediation_when_a_court_action_is_filed(saisine, mediator, status):
    _put_in(saisine, status)
    saisine_record_court_action(acting_user=mediator, saisine=saisine, on=date(2024, 3, 15))
    saisine.refresh_from_db()
    assert saisine.status == Status.ENDED_COURT_ACTION
    assert saisine.court_action_pending is True
    assert saisine.closed_on == date(2024, 3, 15)
    assert saisine.processing_delay_days == 18
    assert not saisine.is_open


def test_it_ends_the_appeal_suspension_with_the_court_action(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_acknowledge(
        acting_user=mediator, saisine=saisine, acknowledged_on=date(2024, 2, 28), suspended_appeals=["cra"]
    )
    saisine_record_court_action(acting_user=mediator, saisine=saisine, on=date(2024, 3, 15))
    saisine.refresh_from_db()
    assert (saisine.appeal_suspended_from, saisine.appeal_suspended_until) == (
        date(2024, 2, 28),
        date(2024, 3, 15),
    )


def test_it_keeps_a_closed_saisine_closed_when_a_court_action_follows(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_close(
        acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 1), outcome="decision_upheld"
    )
    saisine_record_court_action(acting_user=mediator, saisine=saisine, on=date(2024, 4, 1))
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on, saisine.court_action_pending) == (
        Status.CLOSED,
        date(2024, 3, 1),
        True,
    )


# Equity


def test_it_sends_an_equity_proposal_to_the_director(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_propose_equity(acting_user=mediator, saisine=saisine, proposal="  Remise de la dette  ")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.resolution_mode, saisine.equity_decision, saisine.equity_proposal) == (
        Status.PROPOSAL,
        ResolutionMode.EQUITY_PROPOSAL,
        EquityDecision.PENDING,
        "Remise de la dette",
    )


def test_it_refuses_the_equity_proposal_to_the_assistant(saisine, mediator, assistant):
    _in_instruction(saisine, mediator)
    with pytest.raises(PermissionDenied):
        saisine_propose_equity(acting_user=assistant, saisine=saisine, proposal="Remise de la dette")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.equity_decision) == (Status.IN_INSTRUCTION, "")


def test_it_lets_the_deputy_propose_in_equity(saisine, mediator, deputy):
    _in_instruction(saisine, mediator)
    saisine_propose_equity(acting_user=deputy, saisine=saisine, proposal="Remise partielle")
    saisine.refresh_from_db()
    assert saisine.equity_decision == EquityDecision.PENDING


def test_it_requires_a_proposal_text(saisine, mediator):
    _in_instruction(saisine, mediator)
    with pytest.raises(ValidationError):
        saisine_propose_equity(acting_user=mediator, saisine=saisine, proposal="   ")


@pytest.fixture
def proposed(saisine, mediator):
    _in_instruction(saisine, mediator)
    return saisine_propose_equity(acting_user=mediator, saisine=saisine, proposal="Remise de la dette")


@pytest.mark.parametrize("accept", [True, False])
def test_it_lets_the_director_decide_with_a_motive(proposed, director, accept):
    saisine_decide_equity(
        acting_user=director,
        saisine=proposed,
        accept=accept,
        motive="Situation disproportionnée",
        today=date(2024, 3, 5),
    )
    proposed.refresh_from_db()
    assert proposed.equity_decision == (EquityDecision.ACCEPTED if accept else EquityDecision.REFUSED)
    assert (proposed.equity_motive, proposed.equity_decided_by, proposed.equity_decided_on) == (
        "Situation disproportionnée",
        director,
        date(2024, 3, 5),
    )
    event = SaisineEvent.objects.get(saisine=proposed, kind="equity_decided")
    assert event.user == director and "Situation disproportionnée" in event.detail


@pytest.mark.parametrize("role", ["mediator", "deputy", "assistant", "outsider"])
def test_it_refuses_the_equity_decision_to_anyone_but_the_director(proposed, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        saisine_decide_equity(acting_user=user, saisine=proposed, accept=True, motive="Pourquoi pas")
    proposed.refresh_from_db()
    assert (proposed.equity_decision, proposed.equity_decided_by) == (EquityDecision.PENDING, None)


def test_it_requires_a_motive_for_the_equity_decision(proposed, director):
    with pytest.raises(ValidationError) as error:
        saisine_decide_equity(acting_user=director, saisine=proposed, accept=False, motive=" ")
    assert "motive" in error.value.message_dict
    proposed.refresh_from_db()
    assert proposed.equity_decision == EquityDecision.PENDING


def test_it_refuses_a_decision_when_no_proposal_waits(saisine, mediator, director):
    _in_instruction(saisine, mediator)
    with pytest.raises(ValidationError):
        saisine_decide_equity(acting_user=director, saisine=saisine, accept=True, motive="Oui")


@pytest.mark.parametrize("resolution_mode", [ResolutionMode.EQUITY_PROPOSAL, ""])
def test_it_refuses_to_close_an_equity_proposal_before_the_director_decides(
    proposed, mediator, resolution_mode
):
    with pytest.raises(ValidationError, match="directeur"):
        saisine_close(
            acting_user=mediator,
            saisine=proposed,
            closed_on=date(2024, 3, 20),
            outcome="amicable_agreement",
            resolution_mode=resolution_mode,
        )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.closed_on) == (Status.PROPOSAL, None)


def test_it_closes_an_equity_proposal_once_decided(proposed, mediator, director):
    saisine_decide_equity(
        acting_user=director, saisine=proposed, accept=True, motive="Effets disproportionnés"
    )
    saisine_close(
        acting_user=mediator, saisine=proposed, closed_on=date(2024, 3, 20), outcome="amicable_agreement"
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.resolution_mode, proposed.outcome) == (
        Status.CLOSED,
        ResolutionMode.EQUITY_PROPOSAL,
        "amicable_agreement",
    )


def test_it_refuses_to_close_with_another_mode_while_a_proposal_waits(proposed, mediator):
    # Closing would leave the proposal undecided forever, counted in "awaiting the director".
    with pytest.raises(ValidationError):
        saisine_close(
            acting_user=mediator,
            saisine=proposed,
            closed_on=date(2024, 3, 20),
            outcome="resolved_by_explanation",
            resolution_mode=ResolutionMode.EXPLANATION,
        )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.closed_on) == (Status.PROPOSAL, None)


# Closure and reopening


@pytest.mark.parametrize("outcome", ["", "satisfied", None])
def test_it_requires_an_outcome_to_close(saisine, mediator, outcome):
    _in_instruction(saisine, mediator)
    with pytest.raises(ValidationError) as error:
        saisine_close(acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 20), outcome=outcome)
    assert "outcome" in error.value.message_dict
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on) == (Status.IN_INSTRUCTION, None)


def test_it_refuses_a_closure_before_the_receipt(saisine, mediator):
    _in_instruction(saisine, mediator)
    with pytest.raises(ValidationError) as error:
        saisine_close(acting_user=mediator, saisine=saisine, closed_on=date(2024, 2, 25), outcome="abandoned")
    assert "closed_on" in error.value.message_dict
    saisine.refresh_from_db()
    assert saisine.closed_on is None


def test_it_closes_on_the_day_of_receipt(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_close(acting_user=mediator, saisine=saisine, closed_on=date(2024, 2, 26), outcome="abandoned")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on, saisine.processing_delay_days) == (
        Status.CLOSED,
        date(2024, 2, 26),
        0,
    )


def test_it_closes_a_receivable_saisine_through_instruction(saisine, mediator):
    saisine.prior_claim = True
    saisine.save(update_fields=["prior_claim"])
    saisine_decide_receivability(acting_user=mediator, saisine=saisine, receivable=True)
    saisine_close(
        acting_user=mediator,
        saisine=saisine,
        closed_on=date(2024, 3, 1),
        outcome="decision_revised",
        resolution_mode="revision_request",
    )
    saisine.refresh_from_db()
    assert (saisine.status, saisine.outcome, saisine.resolution_mode) == (
        Status.CLOSED,
        "decision_revised",
        "revision_request",
    )
    assert list(SaisineEvent.objects.filter(kind="transition").values_list("to_status", flat=True))[-2:] == [
        Status.IN_INSTRUCTION,
        Status.CLOSED,
    ]


def test_it_sets_the_end_of_the_appeal_suspension_on_closure(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_acknowledge(
        acting_user=mediator,
        saisine=saisine,
        acknowledged_on=date(2024, 2, 29),
        suspended_appeals=["cra", "expertise", "cra"],
    )
    saisine_close(
        acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 25), outcome="decision_upheld"
    )
    saisine.refresh_from_db()
    assert (saisine.appeal_suspended_from, saisine.appeal_suspended_until, saisine.suspended_appeals) == (
        date(2024, 2, 29),
        date(2024, 3, 25),
        ["cra", "expertise"],
    )


def test_it_leaves_no_suspension_when_there_was_no_acknowledgement(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_close(
        acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 25), outcome="decision_upheld"
    )
    saisine.refresh_from_db()
    assert (saisine.appeal_suspended_from, saisine.appeal_suspended_until) == (None, None)


def test_it_reopens_a_closed_saisine_and_clears_its_closure(saisine, mediator):
    _in_instruction(saisine, mediator)
    saisine_acknowledge(
        acting_user=mediator, saisine=saisine, acknowledged_on=date(2024, 2, 29), suspended_appeals=["cra"]
    )
    saisine_close(
        acting_user=mediator, saisine=saisine, closed_on=date(2024, 3, 25), outcome="decision_upheld"
    )
    saisine_transition(
        acting_user=mediator, saisine=saisine, to_status=Status.UNDER_REVIEW, detail="Élément nouveau"
    )
    saisine.refresh_from_db()
    assert (
        saisine.status,
        saisine.closed_on,
        saisine.appeal_suspended_until,
        saisine.processing_delay_days,
    ) == (
        Status.UNDER_REVIEW,
        None,
        None,
        None,
    )
    assert saisine.is_open


# Conflict of interest


def test_it_hands_the_case_to_the_deputy_on_a_declared_conflict(saisine, mediator, deputy, requester):
    declaration = saisine_declare_conflict(acting_user=mediator, saisine=saisine, link="Voisine de palier")
    saisine.refresh_from_db()
    assert saisine.assigned_to == deputy
    assert (declaration.declared_by, declaration.handed_to, declaration.link) == (
        mediator,
        deputy,
        "Voisine de palier",
    )
    entry = JournalEntry.objects.filter(action=Action.UPDATE).get()
    assert (entry.user, entry.person, entry.organisation, entry.object_id) == (
        mediator,
        requester,
        saisine.organisation,
        str(saisine.pk),
    )
    assert "conflit" in entry.detail


def test_it_refuses_a_conflict_declaration_without_a_deputy(saisine, mediator):
    with pytest.raises(ValidationError, match="suppléant"):
        saisine_declare_conflict(acting_user=mediator, saisine=saisine, link="Cousin")
    assert not ConflictDeclaration.objects.exists()
    saisine.refresh_from_db()
    assert saisine.assigned_to == mediator


def test_it_requires_the_nature_of_the_link(saisine, mediator, deputy):
    with pytest.raises(ValidationError):
        saisine_declare_conflict(acting_user=mediator, saisine=saisine, link=" ")
    assert not ConflictDeclaration.objects.exists()


# Receipt and reiterations


def test_it_records_the_receipt_and_journals_the_requester(saisine, mediator, requester):
    assert (saisine.status, saisine.requester_key, saisine.assigned_to) == (
        Status.RECEIVED,
        f"person-{requester.pk}",
        mediator,
    )
    event = SaisineEvent.objects.get(saisine=saisine)
    assert (event.kind, event.user, event.to_status, event.detail) == (
        "received",
        mediator,
        Status.RECEIVED,
        "",
    )
    entry = JournalEntry.objects.get(action=Action.CREATE)
    assert (entry.person, entry.object_id) == (requester, str(saisine.pk))


def test_it_refuses_a_subprocess_of_another_process(mediator, fund):
    with pytest.raises(ValidationError) as error:
        _receive(mediator, fund, process="cash_benefits", subprocess="gp_search")
    assert "subprocess" in error.value.message_dict
    assert not Saisine.objects.exists()


def test_it_refuses_a_requester_of_another_organisation(mediator, fund, outsider):
    stranger = PersonFactory(organisation=OrganisationFactory(slug="cpam-ailleurs"))
    with pytest.raises(ValidationError):
        _receive(mediator, fund, requester=stranger)
    assert not Saisine.objects.exists()


def test_it_refuses_the_receipt_to_the_director(director, fund):
    with pytest.raises(PermissionDenied):
        _receive(director, fund)


def test_it_links_a_second_saisine_of_the_same_requester(saisine, mediator, fund, requester):
    second = _receive(mediator, fund, requester=requester, received_on=date(2024, 5, 2))
    assert list(earlier_saisines(second)) == [saisine]
    assert list(earlier_saisines(saisine)) == []
    event = SaisineEvent.objects.get(saisine=second, kind="received")
    assert event.detail == f"Réitération de : {saisine.reference}"


def test_it_does_not_link_saisines_of_different_requesters_or_of_the_same_day(
    saisine, mediator, fund, requester
):
    other = _receive(mediator, fund, requester=PersonFactory(organisation=fund), received_on=date(2024, 5, 2))
    same_day = _receive(mediator, fund, requester=requester, received_on=saisine.received_on)
    anonymous = _receive(mediator, fund, received_on=date(2024, 6, 1))
    assert list(earlier_saisines(other)) == []
    assert list(earlier_saisines(same_day)) == []
    assert list(earlier_saisines(anonymous)) == []
    assert SaisineEvent.objects.filter(kind="received").exclude(detail="").count() == 0


def test_it_gives_each_saisine_a_new_reference_per_year(mediator, fund):
    first = _receive(mediator, fund, received_on=date(2024, 1, 5))
    second = _receive(mediator, fund, received_on=date(2024, 1, 6))
    third = _receive(mediator, fund, received_on=date(2025, 1, 2))
    assert [first.reference, second.reference, third.reference] == ["2024-0001", "2024-0002", "2025-0001"]
