"""The named actions of an improvement proposal (workflow.IMPROVEMENTS), through their services
and the proposal's page: allowed, refused by the status, refused by the role. (The table has no
guard: what each action needs is the facts it records, checked by its service.)"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.improvements import enums, services
from lien.improvements.enums import Kind, Status
from lien.improvements.models import ImprovementProposal
from lien.improvements.services import (
    improvement_create,
    improvement_record_answer,
    improvement_record_implemented,
    improvement_reject,
    improvement_send,
)
from lien.improvements.workflow import IMPROVEMENTS
from lien.journal.models import Action, JournalEntry
from lien.workflow.engine import ActionRefused
from lien.workflow.models import ActionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["institutional_mediator"]


@pytest.fixture
def proposal(world, mediator):
    return improvement_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind=Kind.REGULATION,
        title="Simplifier l'entente préalable des transports",
    )


def _sent(mediator, proposal):
    return improvement_send(acting_user=mediator, proposal=proposal, sent_to="CNAM", sent_on=date(2022, 4, 1))


def _actions(proposal) -> list[str]:
    return list(ActionLog.objects.of("improvement", proposal.pk).values_list("action", flat=True))


def _message(response) -> str:
    return [str(m) for m in response.wsgi_request._messages][-1]


def test_the_generic_transition_is_gone():
    assert not hasattr(services, "check_transition") and not hasattr(enums, "TRANSITIONS")


def test_it_creates_a_draft_and_logs_the_action(mediator, proposal):
    assert proposal.status == Status.DRAFT
    log = ActionLog.objects.of("improvement", proposal.pk).get()
    assert (log.action, log.actor, log.from_state, log.to_state) == ("create", mediator, "", "draft")


def test_it_follows_the_lifecycle_one_action_at_a_time(mediator, proposal):
    _sent(mediator, proposal)
    improvement_record_answer(
        acting_user=mediator, proposal=proposal, answer=" Étude en cours. ", answered_on=date(2022, 6, 1)
    )
    improvement_record_implemented(acting_user=mediator, proposal=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answer, proposal.answered_on) == (
        Status.IMPLEMENTED,
        "Étude en cours.",
        date(2022, 6, 1),
    )
    assert _actions(proposal) == ["create", "send", "record_answer", "record_implemented"]
    details = (
        JournalEntry.objects.filter(action=Action.UPDATE).order_by("id").values_list("detail", flat=True)
    )
    assert details[0].startswith("statut : draft → sent")


def test_sending_says_to_whom_and_when(mediator, proposal):
    with pytest.raises(ValidationError) as error:
        improvement_send(acting_user=mediator, proposal=proposal, sent_to=" ", sent_on=None)
    assert set(error.value.message_dict) == {"sent_to", "sent_on"}
    proposal.refresh_from_db()
    assert (proposal.status, _actions(proposal)) == (Status.DRAFT, ["create"])


def test_an_answer_has_a_date_not_before_the_sending(mediator, proposal):
    _sent(mediator, proposal)
    for answered_on in [None, date(2022, 3, 1)]:
        with pytest.raises(ValidationError) as error:
            improvement_record_answer(acting_user=mediator, proposal=proposal, answered_on=answered_on)
        assert "answered_on" in error.value.message_dict
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == Status.SENT


@pytest.mark.parametrize(
    ("service", "status"),
    [(improvement_record_implemented, Status.IMPLEMENTED), (improvement_reject, Status.REJECTED)],
)
def test_the_decision_comes_with_its_answer_straight_after_the_sending(mediator, proposal, service, status):
    _sent(mediator, proposal)
    with pytest.raises(ValidationError) as error:
        service(acting_user=mediator, proposal=proposal)
    assert "answered_on" in error.value.message_dict
    service(acting_user=mediator, proposal=proposal, answered_on=date(2022, 5, 2), answer="Non.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answered_on, proposal.answer) == (status, date(2022, 5, 2), "Non.")


@pytest.mark.parametrize(
    ("call", "state"),
    [
        (
            lambda user, p: improvement_record_answer(
                acting_user=user, proposal=p, answered_on=date(2022, 6, 1)
            ),
            "draft",
        ),
        (
            lambda user, p: improvement_reject(acting_user=user, proposal=p, answered_on=date(2022, 6, 1)),
            "draft",
        ),
        (
            lambda user, p: improvement_send(
                acting_user=user, proposal=p, sent_to="X", sent_on=date(2022, 5, 1)
            ),
            "sent",
        ),
    ],
)
def test_it_refuses_an_action_the_status_does_not_open(mediator, proposal, call, state):
    if state == "sent":
        _sent(mediator, proposal)
    with pytest.raises(ActionRefused, match="n'est pas possible pour un dossier au statut"):
        call(mediator, proposal)
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == state


def test_a_decided_proposal_is_closed(mediator, proposal):
    _sent(mediator, proposal)
    improvement_reject(acting_user=mediator, proposal=proposal, answered_on=date(2022, 6, 1))
    assert IMPROVEMENTS.available(mediator, proposal) == []
    with pytest.raises(ActionRefused):
        improvement_record_implemented(acting_user=mediator, proposal=proposal)


@pytest.mark.parametrize("role", ["director", "coordinator", "community_mediator", "outsider"])
def test_roles_that_do_not_change_saisines_take_no_action(world, mediator, proposal, role):
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        improvement_create(
            acting_user=user, organisation=world.organisation, kind=Kind.DYSFUNCTION, title="X"
        )
    with pytest.raises(PermissionDenied):
        improvement_send(acting_user=user, proposal=proposal, sent_to="X", sent_on=date(2022, 4, 1))
    _sent(mediator, proposal)
    for service in [improvement_record_answer, improvement_record_implemented, improvement_reject]:
        with pytest.raises(PermissionDenied):
            service(acting_user=user, proposal=proposal, answered_on=date(2022, 6, 1))
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == Status.SENT


# -- the page -----------------------------------------------------------------------------------


def test_the_page_offers_the_actions_the_table_opens(world, mediator, proposal, client_for):
    url = reverse("improvement_detail", args=[proposal.pk])
    page = client_for(mediator).get(url).content.decode()
    assert reverse("improvement_send", args=[proposal.pk]) in page
    assert reverse("improvement_record_answer", args=[proposal.pk]) not in page
    _sent(mediator, proposal)
    page = client_for(mediator).get(url).content.decode()
    for name in ["record_answer", "record_implemented", "reject"]:
        assert reverse(f"improvement_{name}", args=[proposal.pk]) in page, name
    assert reverse("improvement_send", args=[proposal.pk]) not in page
    director_page = client_for(world.users["director"]).get(url).content.decode()
    assert reverse("improvement_record_answer", args=[proposal.pk]) not in director_page


def test_the_page_sends_then_records_the_answer_and_the_decision(mediator, proposal, client_for):
    client = client_for(mediator)
    sent = client.post(
        reverse("improvement_send", args=[proposal.pk]),
        {"send-sent_to": "CNAM", "send-sent_on": "2022-04-01"},
    )
    assert sent.url == reverse("improvement_detail", args=[proposal.pk])
    client.post(
        reverse("improvement_record_answer", args=[proposal.pk]),
        {"record_answer-answer": "À l'étude", "record_answer-answered_on": "2022-05-01"},
    )
    client.post(
        reverse("improvement_reject", args=[proposal.pk]),
        {"reject-answer": "Non retenue", "reject-answered_on": "2022-05-01"},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sent_to, proposal.answer) == (Status.REJECTED, "CNAM", "Non retenue")
    assert _actions(proposal) == ["create", "send", "record_answer", "reject"]


def test_the_page_shows_what_the_action_lacks(mediator, proposal, client_for):
    response = client_for(mediator).post(
        reverse("improvement_send", args=[proposal.pk]), {"send-sent_to": "", "send-sent_on": ""}
    )
    assert response.status_code == 422
    panel = next(p for p in response.context["panels"] if p["action"].name == "send")
    assert set(panel["form"].errors) == {"sent_to", "sent_on"}
    _sent_later = client_for(mediator).post(
        reverse("improvement_send", args=[proposal.pk]),
        {"send-sent_to": "CNAM", "send-sent_on": "2022-04-01"},
    )
    answer = client_for(mediator).post(
        reverse("improvement_record_answer", args=[proposal.pk]),
        {"record_answer-answered_on": "2022-03-01"},
    )
    assert answer.status_code == 422
    assert "La réponse ne peut précéder la transmission." in answer.content.decode()
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == Status.SENT


def test_the_page_refuses_an_action_not_open_now_with_its_reason(mediator, proposal, client_for):
    response = client_for(mediator).post(
        reverse("improvement_reject", args=[proposal.pk]), {"reject-answered_on": "2022-05-01"}
    )
    assert response.status_code == 302
    assert _message(response) == (
        "« Noter qu'elle n'est pas retenue » n'est pas possible pour un dossier au statut « En préparation »."
    )
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == Status.DRAFT


@pytest.mark.parametrize("who", ["director", "coordinator", "community_mediator", "outsider", "nobody"])
def test_the_actions_answer_404_to_those_who_cannot_change_the_proposal(world, proposal, client_for, who):
    client = client_for(world.users[who])
    for name in ["send", "record_answer", "record_implemented", "reject"]:
        response = client.post(reverse(f"improvement_{name}", args=[proposal.pk]), {f"{name}-sent_to": "X"})
        assert response.status_code == 404, name
    assert client.get(reverse("improvement_send", args=[proposal.pk])).status_code in {404, 405}
    assert ImprovementProposal.objects.get(pk=proposal.pk).status == Status.DRAFT
