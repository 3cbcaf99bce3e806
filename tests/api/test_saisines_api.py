"""/api/v1/saisines: the same services and access helper as the pages, with JSON errors."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.saisines.enums import EquityDecision, Status
from lien.saisines.models import FollowUpTask, Saisine, SaisineEvent
from lien.saisines.services import (
    saisine_declare_receivable,
    saisine_instruct,
    saisine_propose_equity,
    saisine_receive,
)
from lien.workflow.models import ActionLog
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/saisines"


@pytest.fixture
def fund():
    return OrganisationFactory(slug="cpam-api", name="CPAM de l'API", fund=True)


@pytest.fixture
def other_fund():
    return OrganisationFactory(slug="cpam-autre", name="Autre CPAM", fund=True)


def _member(organisation, role, email):
    user = UserFactory(email=email)
    membership_add(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def mediator(fund):
    return _member(fund, Role.INSTITUTIONAL_MEDIATOR, "mediatrice@cpam-api.example")


@pytest.fixture
def director(fund):
    return _member(fund, Role.DIRECTOR, "directeur@cpam-api.example")


@pytest.fixture
def outsider(other_fund):
    return _member(other_fund, Role.INSTITUTIONAL_MEDIATOR, "mediateur@cpam-autre.example")


@pytest.fixture
def requester(fund):
    return PersonFactory(organisation=fund, first_name="Martine", last_name="Dufour")


def _receive(user, organisation, received_on=date(2024, 2, 26), **fields) -> Saisine:
    values = {
        "channel": "email",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "after_claim",
        "process": "cash_benefits",
        "subprocess": "sickness",
    } | fields
    return saisine_receive(acting_user=user, organisation=organisation, received_on=received_on, **values)


@pytest.fixture
def saisine(mediator, fund, requester):
    return _receive(mediator, fund, requester=requester, subject="Indemnités journalières non versées")


def _post(client, path, payload):
    return client.post(path, payload, content_type="application/json")


def _in_instruction(saisine, mediator):
    saisine.prior_claim = True
    saisine.save(update_fields=["prior_claim"])
    saisine_declare_receivable(acting_user=mediator, saisine=saisine)
    return saisine_instruct(acting_user=mediator, saisine=saisine)


# Listing


def test_it_lists_the_saisines_of_the_fund_with_a_count(saisine, mediator, outsider, other_fund, client_for):
    _receive(outsider, other_fund)
    response = client_for(mediator).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["id"], item["organisation"], item["reference"], item["status"]) == (
        saisine.pk,
        "cpam-api",
        "2024-0001",
        "received",
    )
    assert (item["answer_due_on"], item["objective_due_on"], item["closed_on"]) == (
        "2024-03-04",
        "2024-03-18",
        None,
    )


def test_it_filters_the_list(mediator, fund, client_for):
    _receive(mediator, fund, received_on=date(2024, 1, 10), channel="letter", commune_insee="59606")
    _receive(mediator, fund, received_on=date(2024, 2, 10), process="other", subprocess="")
    _receive(
        mediator, fund, received_on=date(2024, 3, 10), perimeter="first_intention", commune_insee="2A004"
    )
    client = client_for(mediator)

    def references(**params):
        body = client.get(URL, params).json()
        assert body["count"] == len(body["items"])
        return sorted(item["reference"] for item in body["items"])

    assert references() == ["2024-0001", "2024-0002", "2024-0003"]
    assert references(channel="letter") == ["2024-0001"]
    assert references(process="other") == ["2024-0002"]
    assert references(perimeter="first_intention") == ["2024-0003"]
    assert references(commune="2A004") == ["2024-0003"]
    assert references(received_from="2024-02-01") == ["2024-0002", "2024-0003"]
    assert references(received_from="2024-02-01", received_to="2024-02-28") == ["2024-0002"]
    assert references(q="2024-0002") == ["2024-0002"]
    assert references(status="closed") == []


def test_it_refuses_bad_filters_with_422(mediator, client_for):
    client = client_for(mediator)
    for params in [{"channel": "fax"}, {"received_from": "10/02/2024"}, {"queue": "someday"}, {"page": 0}]:
        response = client.get(URL, params)
        assert response.status_code == 422, params
        assert set(response.json()) == {"detail"}


def test_it_paginates(mediator, fund, client_for):
    for day in range(1, 8):
        _receive(mediator, fund, received_on=date(2024, 1, day))
    client = client_for(mediator)
    first = client.get(URL, {"page_size": 3}).json()
    third = client.get(URL, {"page_size": 3, "page": 3}).json()
    assert (first["count"], len(first["items"])) == (7, 3)
    assert [item["received_on"] for item in first["items"]] == ["2024-01-07", "2024-01-06", "2024-01-05"]
    assert [item["received_on"] for item in third["items"]] == ["2024-01-01"]


def test_it_lists_nothing_to_an_outsider(saisine, outsider, client_for):
    assert client_for(outsider).get(URL).json() == {"items": [], "count": 0}


# Detail


def test_it_shows_a_saisine_and_journals_the_reading(saisine, mediator, requester, client_for):
    before = JournalEntry.objects.filter(action=Action.VIEW).count()
    response = client_for(mediator).get(f"{URL}/{saisine.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["reference"], body["requester_id"], body["subject"], body["subprocess"]) == (
        "2024-0001",
        requester.pk,
        "Indemnités journalières non versées",
        "sickness",
    )
    assert JournalEntry.objects.filter(action=Action.VIEW).count() == before + 1
    entry = JournalEntry.objects.filter(action=Action.VIEW).first()
    assert (entry.user, entry.person, entry.object_id) == (mediator, requester, str(saisine.pk))


def test_it_shows_the_saisine_to_the_director(saisine, director, client_for):
    assert client_for(director).get(f"{URL}/{saisine.pk}").status_code == 200


def test_it_answers_404_for_a_missing_saisine(mediator, client_for):
    response = client_for(mediator).get(f"{URL}/999999")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# Creation


def _payload(**changes):
    return {
        "organisation": "cpam-api",
        "received_on": "2024-02-26",
        "channel": "letter",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "first_intention",
        "process": "care_access_complaint",
        "subprocess": "gp_search",
        "commune_insee": "2A004",
        "subject": "Recherche d'un médecin traitant",
    } | changes


def test_it_creates_a_saisine(mediator, requester, client_for):
    response = _post(client_for(mediator), URL, _payload(requester_id=requester.pk))
    assert response.status_code == 201
    body = response.json()
    saisine = Saisine.objects.get(pk=body["id"])
    assert (saisine.organisation.slug, saisine.status, saisine.requester, saisine.received_on) == (
        "cpam-api",
        Status.RECEIVED,
        requester,
        date(2024, 2, 26),
    )
    assert (body["answer_due_on"], body["objective_due_on"]) == ("2024-03-04", "2024-03-18")
    assert SaisineEvent.objects.get(saisine=saisine).user == mediator


def test_it_answers_404_when_creating_in_another_fund(mediator, other_fund, client_for):
    response = _post(client_for(mediator), URL, _payload(organisation="cpam-autre"))
    assert response.status_code == 404
    assert not Saisine.objects.exists()


def test_it_refuses_creation_to_the_director(director, client_for):
    assert _post(client_for(director), URL, _payload()).status_code == 404
    assert not Saisine.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"subprocess": "sickness"},  # belongs to cash_benefits
        {"received_on": "2024-02-30"},
        {"received_on": "26/02/2024"},
        {"received_on": 0},
        {"channel": "fax"},
        {"commune_insee": "596060"},
        {"organisation": None},
    ],
)
def test_it_refuses_invalid_input_with_a_422_in_french(mediator, client_for, changes):
    response = _post(client_for(mediator), URL, _payload(**changes))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Données invalides")
    assert not Saisine.objects.exists()


def test_it_refuses_a_requester_of_another_fund(mediator, other_fund, client_for):
    stranger = PersonFactory(organisation=other_fund)
    response = _post(client_for(mediator), URL, _payload(requester_id=stranger.pk))
    assert response.status_code == 404
    assert "Requérant" in response.json()["detail"]
    assert not Saisine.objects.exists()


# Named actions (workflow.SAISINES): one route each, nothing generic


def _act(client, saisine, name, payload=None):
    return _post(client, f"{URL}/{saisine.pk}/actions/{name}", payload or {})


def test_it_has_no_generic_transition_endpoint_any_more(saisine, mediator, client_for):
    response = _post(client_for(mediator), f"{URL}/{saisine.pk}/transitions", {"to": "not_receivable"})
    assert response.status_code in {404, 405}
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED


def test_it_has_a_route_for_every_action_of_the_table():
    from lien.api.api import api
    from lien.saisines.workflow import SAISINES

    paths = set(api.get_openapi_schema()["paths"])
    for action in SAISINES.actions:
        if action.sources:  # "receive" is POST /saisines
            assert f"/api/v1/saisines/{{saisine_id}}/actions/{action.name}" in paths, action.name


def test_it_lists_the_actions_open_to_the_caller_now(saisine, mediator, director, client_for):
    names = [a["name"] for a in client_for(mediator).get(f"{URL}/{saisine.pk}/actions").json()]
    assert {"examine", "record_perimeter", "declare_receivable", "declare_not_receivable"} <= set(names)
    assert "close" not in names and "decide_equity" not in names
    assert client_for(director).get(f"{URL}/{saisine.pk}/actions").json() == []


def test_it_examines_a_saisine_and_logs_the_action_with_its_actor(saisine, mediator, client_for):
    response = _act(client_for(mediator), saisine, "examine")
    assert response.status_code == 200
    assert response.json()["status"] == "under_review"
    event = SaisineEvent.objects.filter(saisine=saisine, kind="examine").get()
    assert (event.user, event.from_status, event.to_status) == (mediator, "received", "under_review")
    log = ActionLog.objects.filter(workflow="saisine", object_id=saisine.pk, action="examine").get()
    assert (log.actor, log.from_state, log.to_state) == (mediator, "received", "under_review")


@pytest.mark.parametrize("name", ["close", "instruct", "propose_equity", "reopen", "resume_instruction"])
def test_it_refuses_an_action_the_status_does_not_open_with_a_409(saisine, mediator, client_for, name):
    payloads = {
        "close": {"closed_on": "2024-03-20", "outcome": "abandoned"},
        "propose_equity": {"proposal": "Remise"},
        "reopen": {"detail": "Élément nouveau"},
    }
    response = _act(client_for(mediator), saisine, name, payloads.get(name))
    assert response.status_code == 409
    assert "n'est pas possible" in response.json()["detail"]
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED
    assert not ActionLog.objects.filter(action=name).exists()


def test_it_declares_receivable_with_a_reason_outside_the_perimeter(saisine, mediator, client_for):
    client = client_for(mediator)
    refused = _act(client, saisine, "declare_receivable")
    assert refused.status_code == 409  # after claim, no prior claim: this case needs a reason
    assert "hors périmètre" in refused.json()["detail"]

    response = _act(client, saisine, "declare_receivable", {"reason": "Grande précarité"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["receivable"]) == ("receivable", True)


def test_it_declares_not_receivable_as_the_page_does(saisine, mediator, client_for):
    """The bypass of the generic endpoint: the API now records receivability, the claims-takeover
    task and the transfer, as the page's action does."""
    response = _act(client_for(mediator), saisine, "declare_not_receivable")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["receivable"]) == ("not_receivable", False)
    assert FollowUpTask.objects.get(saisine=saisine).kind == FollowUpTask.Kind.CLAIMS_TAKEOVER
    assert SaisineEvent.objects.filter(saisine=saisine, kind="transferred").exists()


def test_it_closes_with_an_outcome(saisine, mediator, client_for):
    _in_instruction(saisine, mediator)
    response = _act(
        client_for(mediator),
        saisine,
        "close",
        {"closed_on": "2024-03-20", "outcome": "decision_revised", "resolution_mode": "revision_request"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["closed_on"], body["outcome"], body["processing_delay_days"]) == (
        "closed",
        "2024-03-20",
        "decision_revised",
        23,
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"closed_on": "2024-02-25", "outcome": "abandoned"},  # before the receipt
        {"closed_on": "2024-03-20"},  # no outcome
        {"closed_on": "2024-03-20", "outcome": "satisfied"},
        {"closed_on": "2024-03-20", "outcome": "abandoned", "resolution_mode": "magic"},
    ],
)
def test_it_refuses_an_invalid_closure(saisine, mediator, client_for, payload):
    _in_instruction(saisine, mediator)
    response = _act(client_for(mediator), saisine, "close", payload)
    assert response.status_code == 422
    assert set(response.json()) == {"detail"}
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on) == (Status.IN_INSTRUCTION, None)


def test_it_refuses_to_close_in_equity_without_the_directors_acceptance(saisine, mediator, client_for):
    _in_instruction(saisine, mediator)
    response = _act(
        client_for(mediator),
        saisine,
        "close",
        {
            "closed_on": "2024-03-20",
            "outcome": "payment_or_right_granted",
            "resolution_mode": "equity_proposal",
        },
    )
    assert response.status_code == 409
    assert "acceptée par le directeur" in response.json()["detail"]
    saisine.refresh_from_db()
    assert (saisine.status, saisine.resolution_mode, saisine.closed_on) == (Status.IN_INSTRUCTION, "", None)


@pytest.fixture
def proposed(saisine, mediator):
    _in_instruction(saisine, mediator)
    return saisine_propose_equity(acting_user=mediator, saisine=saisine, proposal="Remise de la dette")


def test_it_closes_in_equity_once_the_director_accepted(proposed, mediator, director, client_for):
    assert (
        _act(client_for(director), proposed, "decide_equity", {"accept": True, "motive": "Oui"}).status_code
        == 200
    )
    response = _act(
        client_for(mediator),
        proposed,
        "close",
        {
            "closed_on": "2024-03-20",
            "outcome": "payment_or_right_granted",
            "resolution_mode": "equity_proposal",
        },
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["resolution_mode"]) == ("closed", "equity_proposal")


def test_it_refuses_a_second_equity_proposal_while_one_awaits_the_director(proposed, mediator, client_for):
    response = _act(client_for(mediator), proposed, "propose_equity", {"proposal": "Autre remise"})
    assert response.status_code == 409
    assert "attend la décision" in response.json()["detail"]
    proposed.refresh_from_db()
    assert proposed.equity_proposal == "Remise de la dette"


def test_it_lets_the_director_decide_on_equity(proposed, director, client_for):
    response = _act(
        client_for(director), proposed, "decide_equity", {"accept": True, "motive": "Effets disproportionnés"}
    )
    assert response.status_code == 200
    assert response.json()["equity_decision"] == "accepted"
    proposed.refresh_from_db()
    assert (proposed.equity_decided_by, proposed.equity_motive) == (director, "Effets disproportionnés")
    assert ActionLog.objects.filter(action="decide_equity", actor=director).exists()


def test_it_refuses_the_equity_decision_to_the_mediator_with_a_403(proposed, mediator, client_for):
    response = _act(client_for(mediator), proposed, "decide_equity", {"accept": True, "motive": "Oui"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail"} and response.json()["detail"]
    proposed.refresh_from_db()
    assert proposed.equity_decision == EquityDecision.PENDING


def test_it_requires_a_motive_for_the_equity_decision(proposed, director, client_for):
    response = _act(client_for(director), proposed, "decide_equity", {"accept": False, "motive": ""})
    assert response.status_code == 422
    proposed.refresh_from_db()
    assert proposed.equity_decision == EquityDecision.PENDING


def test_it_refuses_the_director_to_move_or_close_a_saisine(saisine, director, client_for):
    client = client_for(director)
    assert _act(client, saisine, "examine").status_code == 404
    assert _act(client, saisine, "declare_not_receivable").status_code == 404
    saisine.refresh_from_db()
    assert saisine.status == Status.RECEIVED


# Outsiders and anonymous users


def _every_request(saisine_id):
    return [
        ("get", f"{URL}/{saisine_id}", None),
        ("get", f"{URL}/{saisine_id}/actions", None),
        ("post", URL, _payload()),
        ("post", f"{URL}/{saisine_id}/actions/examine", {}),
        ("post", f"{URL}/{saisine_id}/actions/declare_not_receivable", {}),
        ("post", f"{URL}/{saisine_id}/actions/close", {"closed_on": "2024-03-20", "outcome": "abandoned"}),
        ("post", f"{URL}/{saisine_id}/actions/decide_equity", {"accept": True, "motive": "Oui"}),
    ]


def test_it_answers_404_everywhere_to_an_outsider(proposed, outsider, client_for):
    client = client_for(outsider)
    before = Saisine.objects.values().get(pk=proposed.pk)
    for method, path, payload in _every_request(proposed.pk):
        response = client.get(path) if method == "get" else _post(client, path, payload)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail"}
    assert Saisine.objects.values().get(pk=proposed.pk) == before
    assert Saisine.objects.count() == 1
    assert not JournalEntry.objects.filter(user=outsider).exists()


def test_it_answers_404_to_a_director_of_another_fund_deciding_on_equity(proposed, other_fund, client_for):
    stranger = _member(other_fund, Role.DIRECTOR, "directeur@cpam-autre.example")
    response = _act(client_for(stranger), proposed, "decide_equity", {"accept": True, "motive": "Oui"})
    assert response.status_code == 404


def test_it_adds_a_document_whose_bytes_hold_nul_but_not_its_name(saisine, mediator, client_for):
    client = client_for(mediator)
    path = f"{URL}/{saisine.pk}/actions/add_document"
    pdf = SimpleUploadedFile("courrier.pdf", b"%PDF-1.4\x00\x01", content_type="application/pdf")
    assert client.post(path, {"file": pdf}).status_code == 200
    pdf.seek(0)
    refused = client.post(path, {"file": pdf, "name": "Cour\x00rier"})
    assert refused.status_code == 422
    assert "caractère nul" in refused.json()["detail"]
    assert client.put(path).status_code == 405  # the route only takes POST
    assert [document.name for document in saisine.documents.all()] == ["courrier.pdf"]


def test_it_answers_401_to_anonymous_users(saisine, client):
    assert client.get(URL).status_code == 401
    for method, path, payload in _every_request(saisine.pk):
        response = client.get(path) if method == "get" else _post(client, path, payload)
        assert response.status_code == 401, path
        assert set(response.json()) == {"detail"}
