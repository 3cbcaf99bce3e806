"""Writes on saisines: the transition table, receivability, court action, equity, closure,
conflicts of interest and reiterations (DOMAIN.md §2)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.saisines.enums import EquityDecision, ResolutionMode, Status
from lien.saisines.models import ConflictDeclaration, FollowUpTask, Saisine, SaisineEvent
from lien.saisines.services import (
    CLAIMS_TAKEOVER_CHECK_DAYS,
    earlier_saisines,
    later_saisines,
    saisine_acknowledge,
    saisine_close,
    saisine_decide_equity,
    saisine_declare_conflict,
    saisine_declare_not_receivable,
    saisine_declare_receivable,
    saisine_examine,
    saisine_instruct,
    saisine_propose_equity,
    saisine_receive,
    saisine_record_court_action,
    saisine_record_later_court_action,
    saisine_record_letter_sent,
    saisine_record_perimeter,
    saisine_reopen,
)
from lien.saisines.workflow import SAISINES
from lien.workflow.engine import ActionRefused
from lien.workflow.models import ActionLog
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
    saisine_declare_receivable(acting_user=user, saisine=saisine)
    return saisine_instruct(acting_user=user, saisine=saisine)


def _put_in(saisine: Saisine, status: str) -> Saisine:
    """Set up a saisine in ``status`` with what that status implies (closure, court action)."""
    fields = {"status": status}
    if status in {Status.CLOSED, Status.ENDED_COURT_ACTION}:
        fields |= {"closed_on": date(2024, 3, 10), "outcome": "decision_upheld"}
    Saisine.objects.filter(pk=saisine.pk).update(**fields)
    saisine.refresh_from_db()
    return saisine


# Every action the table declares, from every status: open exactly where the table says.
CASES = [(action.name, status) for action in SAISINES.actions if action.sources for status in Status.values]


def test_it_declares_every_status_and_ends_court_action_for_good():
    reachable = {a.target for a in SAISINES.actions if a.target}
    assert reachable <= set(Status.values)
    moving = [a for a in SAISINES.actions if a.target and Status.ENDED_COURT_ACTION in a.sources]
    assert moving == []


@pytest.mark.parametrize(("name", "status"), CASES)
def test_it_opens_each_action_only_from_its_statuses(saisine, mediator, name, status):
    _put_in(saisine, status)
    reason = SAISINES.refusal(saisine, name, mediator)
    if status in SAISINES[name].sources:
        assert reason is None or "n'est pas possible" not in reason
    else:
        assert "n'est pas possible" in reason
        before, logs = Saisine.objects.values().get(pk=saisine.pk), ActionLog.objects.count()
        with pytest.raises(ActionRefused):
            SAISINES.perform(None, saisine, name, system=True)
        assert Saisine.objects.values().get(pk=saisine.pk) == before
        assert ActionLog.objects.count() == logs


def test_it_refuses_an_action_to_someone_of_another_fund(saisine, outsider):
    with pytest.raises(PermissionDenied):
        saisine_examine(acting_user=outsider, saisine=saisine)
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED
    assert list(ActionLog.objects.values_list("action", flat=True)) == ["receive"]


def test_it_logs_each_action_with_its_name_and_actor(saisine, mediator):
    saisine_examine(acting_user=mediator, saisine=saisine)
    log = ActionLog.objects.get(workflow="saisine", object_id=saisine.pk, action="examine")
    assert (log.actor, log.from_state, log.to_state) == (mediator, Status.RECEIVED, Status.UNDER_REVIEW)
    event = SaisineEvent.objects.filter(saisine=saisine).last()
    assert (event.kind, event.user, event.from_status, event.to_status) == (
        "examine",
        mediator,
        Status.RECEIVED,
        Status.UNDER_REVIEW,
    )


def test_it_has_no_generic_status_service_any_more():
    from lien.saisines import services

    assert not hasattr(services, "saisine_transition")
    assert not hasattr(services, "saisine_decide_receivability")


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
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable, saisine.outside_perimeter_reason) == (
        Status.RECEIVABLE,
        True,
        "",
    )
    moves = list(SaisineEvent.objects.exclude(to_status="").values_list("kind", "from_status", "to_status"))
    assert moves == [
        ("received", "", Status.RECEIVED),
        ("record_perimeter", Status.RECEIVED, Status.UNDER_REVIEW),
        ("declare_receivable", Status.UNDER_REVIEW, Status.RECEIVABLE),
    ]
    assert not FollowUpTask.objects.exists()


def test_it_requires_a_reason_to_take_a_case_the_rules_call_not_receivable(saisine, mediator):
    saisine.prior_claim = False
    saisine.save(update_fields=["prior_claim"])
    with pytest.raises(ValidationError) as error:
        saisine_declare_receivable(acting_user=mediator, saisine=saisine, reason="  ")
    assert "reason" in error.value.message_dict
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.RECEIVED, None)

    saisine_declare_receivable(acting_user=mediator, saisine=saisine, reason=" Grande précarité ")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.outside_perimeter_reason) == (Status.RECEIVABLE, "Grande précarité")


def test_it_transfers_a_not_receivable_saisine_to_the_claims_service(saisine, mediator):
    saisine_declare_not_receivable(acting_user=mediator, saisine=saisine, today=date(2024, 2, 28))
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
        saisine_declare_receivable(acting_user=mediator, saisine=saisine, reason="Je le prends quand même")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.RECEIVED, None)


def test_it_refuses_the_receivability_decision_to_the_director(saisine, director):
    with pytest.raises(PermissionDenied):
        saisine_declare_not_receivable(acting_user=director, saisine=saisine)
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
    # Its own outcome; neither a first answer nor a processing delay.
    assert saisine.outcome == "court_action"
    assert saisine.get_outcome_display() == "Fin de la médiation : recours contentieux engagé"
    assert (saisine.first_answer_on, saisine.answer_delay_days, saisine.processing_delay_days) == (
        None,
        None,
        None,
    )
    assert not saisine.is_open
    assert not saisine.owes_first_answer


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
    with pytest.raises(ActionRefused):
        saisine_record_court_action(acting_user=mediator, saisine=saisine, on=date(2024, 4, 1))
    saisine_record_later_court_action(acting_user=mediator, saisine=saisine, on=date(2024, 4, 1))
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
    event = SaisineEvent.objects.get(saisine=proposed, kind="decide_equity")
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
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
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
    assert list(SaisineEvent.objects.exclude(to_status="").values_list("kind", "to_status"))[-2:] == [
        ("declare_receivable", Status.RECEIVABLE),
        ("close", Status.CLOSED),
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
    # A closure without a letter leaves the appeals suspended: the conclusions were not sent.
    assert (saisine.appeal_suspended_from, saisine.appeal_suspended_until, saisine.suspended_appeals) == (
        date(2024, 2, 29),
        None,
        ["cra", "expertise"],
    )
    saisine_record_letter_sent(
        acting_user=mediator, saisine=saisine, kind="closure", sent_on=date(2024, 3, 27)
    )
    saisine.refresh_from_db()
    assert saisine.appeal_suspended_until == date(2024, 3, 27)
    assert saisine.events.filter(kind="conclusions_sent").count() == 1


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
    saisine_reopen(acting_user=mediator, saisine=saisine, detail="Élément nouveau")
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


def test_it_does_not_link_saisines_of_different_requesters(saisine, mediator, fund, requester):
    other = _receive(mediator, fund, requester=PersonFactory(organisation=fund), received_on=date(2024, 5, 2))
    anonymous = _receive(mediator, fund, received_on=date(2024, 6, 1))
    assert list(earlier_saisines(other)) == []
    assert list(earlier_saisines(anonymous)) == []
    assert SaisineEvent.objects.filter(kind="received").exclude(detail="").count() == 0


def test_it_links_same_day_reiterations_in_their_order_of_registration(saisine, mediator, fund, requester):
    """Two saisines of the same requester received the same day: the second registered is a
    reiteration of the first; each earlier case lists its later ones."""
    earlier = _receive(mediator, fund, requester=requester, received_on=date(2024, 1, 5))
    same_day = _receive(mediator, fund, requester=requester, received_on=saisine.received_on)
    later = _receive(mediator, fund, requester=requester, received_on=date(2024, 6, 1))
    assert list(earlier_saisines(same_day)) == [earlier, saisine]
    assert list(earlier_saisines(saisine)) == [earlier]
    assert list(later_saisines(saisine)) == [same_day, later]
    assert list(later_saisines(earlier)) == [saisine, same_day, later]
    assert list(later_saisines(later)) == []
    assert saisine.reference in same_day.events.get(kind="received").detail


def test_it_gives_each_saisine_a_new_reference_per_year(mediator, fund):
    first = _receive(mediator, fund, received_on=date(2024, 1, 5))
    second = _receive(mediator, fund, received_on=date(2024, 1, 6))
    third = _receive(mediator, fund, received_on=date(2025, 1, 2))
    assert [first.reference, second.reference, third.reference] == ["2024-0001", "2024-0002", "2025-0001"]


def test_it_refuses_a_second_equity_proposal_while_one_awaits_the_director(proposed, mediator):
    with pytest.raises(ActionRefused, match="attend la décision du directeur"):
        saisine_propose_equity(acting_user=mediator, saisine=proposed, proposal="Une autre remise")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.equity_decision) == (Status.PROPOSAL, EquityDecision.PENDING)


def test_it_closes_in_equity_only_after_the_directors_acceptance(proposed, mediator, director):
    with pytest.raises(ActionRefused):
        saisine_close(
            acting_user=mediator,
            saisine=proposed,
            closed_on=date(2024, 3, 20),
            outcome="payment_or_right_granted",
            resolution_mode=ResolutionMode.EQUITY_PROPOSAL,
        )
    saisine_decide_equity(acting_user=director, saisine=proposed, accept=False, motive="Non")
    proposed.refresh_from_db()
    assert proposed.resolution_mode == ""  # refused: the mode is chosen again at closure
    with pytest.raises(ValidationError, match="acceptée par le directeur"):
        saisine_close(
            acting_user=mediator,
            saisine=proposed,
            closed_on=date(2024, 3, 20),
            outcome="decision_upheld",
            resolution_mode=ResolutionMode.EQUITY_PROPOSAL,
        )
    proposed.refresh_from_db()  # a refused service may leave its object changed in memory
    assert (proposed.status, proposed.closed_on) == (Status.PROPOSAL, None)
    saisine_close(
        acting_user=mediator,
        saisine=proposed,
        closed_on=date(2024, 3, 20),
        outcome="decision_upheld",
        resolution_mode=ResolutionMode.EXPLANATION,
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.resolution_mode) == (Status.CLOSED, ResolutionMode.EXPLANATION)


def test_it_takes_an_equity_proposal_as_soon_as_the_case_is_receivable(saisine, mediator):
    saisine.prior_claim = True
    saisine.save(update_fields=["prior_claim"])
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    saisine_propose_equity(acting_user=mediator, saisine=saisine, proposal="Remise de l'indu")
    saisine.refresh_from_db()
    assert (saisine.status, saisine.equity_decision) == (Status.PROPOSAL, EquityDecision.PENDING)
