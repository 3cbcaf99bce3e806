"""The page of a saisine and its actions: each calls one service, says what it did, and writes
nothing when refused — by the transition table, by the role, or by the service's rules."""

import html
from datetime import timedelta
from pathlib import PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.saisines.enums import EquityDecision, Status
from lien.saisines.models import Document, FollowUpTask, Saisine, SaisineEvent
from lien.saisines.services import DOCUMENT_MAX_BYTES, exchange_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _today() -> str:
    return timezone.localdate().isoformat()


def _post(client, saisine, action, *ids, **fields):
    key = f"{action}-{ids[0]}" if ids else action
    data = {f"{key}-{name}": value for name, value in fields.items()}
    return client.post(reverse(f"saisines:{action}", args=[saisine.pk, *ids]), data)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _panels(client, saisine) -> list[str]:
    return [
        panel.key for panel in client.get(reverse("saisines:detail", args=[saisine.pk])).context["panels"]
    ]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_it_shows_the_saisine_and_journals_the_visit(team, receive, requester, client):
    saisine = receive(requester=requester, subject="Pas de réponse de la caisse.")
    response = client.get(reverse("saisines:detail", args=[saisine.pk]))
    page = _page(response)
    assert saisine.reference in page
    assert "Pas de réponse de la caisse." in page
    assert reverse("person_detail", args=[requester.pk]) in page
    assert "7 jours restants" in page
    entry = JournalEntry.objects.get(action=Action.VIEW)
    assert (entry.user, entry.person, entry.object_id) == (team.mediator, requester, str(saisine.pk))


def test_it_shows_the_suggestion_of_lien_while_receivability_is_open(receive, client):
    saisine = receive(perimeter="after_claim")
    page = _page(client.get(reverse("saisines:detail", args=[saisine.pk])))
    assert "Suggestion de Lien : non recevable" in page
    assert "Aucune démarche préalable" in page


def test_it_offers_only_the_actions_of_the_status_and_of_the_role(team, receive, advance, client_for):
    saisine = receive()
    mediator, assistant, director = (
        client_for(team.users[role]) for role in ("institutional_mediator", "assistant", "director")
    )
    assert _panels(mediator, saisine) == [
        "examine",
        "record_perimeter",
        "decide_receivability",
        "record_cra",
        "record_court_action",
        "declare_conflict",
    ]
    advance(saisine, Status.IN_INSTRUCTION)
    assert _panels(mediator, saisine) == [
        "acknowledge",
        "record_cra",
        "propose_equity",
        "close",
        "record_court_action",
        "declare_conflict",
    ]
    assert "propose_equity" not in _panels(assistant, saisine)
    assert "Proposer une solution en équité" not in _page(
        assistant.get(reverse("saisines:detail", args=[saisine.pk]))
    )
    assert _panels(director, saisine) == []
    advance(receive(), Status.PROPOSAL)
    proposal = Saisine.objects.get(status=Status.PROPOSAL)
    assert _panels(director, proposal) == ["decide_equity"]
    assert "decide_equity" not in _panels(mediator, proposal)


def test_it_records_the_perimeter(team, receive, client):
    saisine = receive()
    response = _post(
        client,
        saisine,
        "record_perimeter",
        perimeter="first_intention",
        matter="gp_or_specialist_access",
        prior_claim="false",
    )
    assert response.status_code == 302
    saisine.refresh_from_db()
    assert (saisine.perimeter, saisine.matter, saisine.prior_claim, saisine.court_action_pending) == (
        "first_intention",
        "gp_or_specialist_access",
        False,
        False,
    )
    assert _messages(client.get(response.url)) == ["Périmètre enregistré."]


def test_taking_a_case_lien_calls_not_receivable_needs_a_reason(receive, client):
    saisine = receive(perimeter="after_claim")  # no prior claim: Lien suggests "not receivable"
    response = _post(client, saisine, "decide_receivability", receivable="yes", reason="")
    assert response.status_code == 200
    assert "Indiquez pourquoi vous prenez ce dossier hors périmètre" in _page(response)
    assert [panel.key for panel in response.context["panels"] if panel.open] == ["decide_receivability"]
    assert '<a href="#panel-decide_receivability">corrigez le formulaire' in response.content.decode()
    saisine.refresh_from_db()
    assert (saisine.status, saisine.receivable) == (Status.RECEIVED, None)
    assert SaisineEvent.objects.filter(saisine=saisine).count() == 1

    response = _post(client, saisine, "decide_receivability", receivable="yes", reason="Grande précarité.")
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert (saisine.status, saisine.outside_perimeter_reason) == (Status.RECEIVABLE, "Grande précarité.")


def test_a_case_not_receivable_goes_to_the_claims_service_with_a_check_to_do(receive, client):
    saisine = receive()
    _post(client, saisine, "decide_receivability", receivable="no")
    saisine.refresh_from_db()
    task = FollowUpTask.objects.get(saisine=saisine)
    assert (saisine.status, task.kind) == (Status.NOT_RECEIVABLE, FollowUpTask.Kind.CLAIMS_TAKEOVER)

    response = _post(client, saisine, "complete_task", task.pk, done_on=_today(), note="Pris en charge.")
    task.refresh_from_db()
    assert response.status_code == 302
    assert (task.done_on, task.note) == (timezone.localdate(), "Pris en charge.")
    assert _post(client, saisine, "complete_task", task.pk, done_on=_today()).status_code == 404


def test_it_acknowledges_and_shows_the_suspension_of_appeal_deadlines(receive, advance, client):
    saisine = advance(receive(), Status.RECEIVABLE)
    data = {"acknowledge-acknowledged_on": _today(), "acknowledge-suspended_appeals": ["cra", "cmra"]}
    response = client.post(reverse("saisines:acknowledge", args=[saisine.pk]), data)
    assert response.status_code == 302
    saisine.refresh_from_db()
    assert (saisine.appeal_suspended_from, saisine.suspended_appeals) == (
        timezone.localdate(),
        ["cmra", "cra"],
    )
    page = _page(client.get(reverse("saisines:detail", args=[saisine.pk])))
    assert "communication des conclusions du médiateur (en cours)" in page
    assert "Commission de recours amiable (CRA)" in page


def test_it_refuses_an_acknowledgement_before_receipt_and_writes_nothing(receive, advance, client):
    saisine = advance(receive(), Status.RECEIVABLE)
    before = (saisine.received_on - timedelta(days=1)).isoformat()
    response = _post(client, saisine, "acknowledge", acknowledged_on=before)
    assert response.status_code == 200
    assert "L'accusé de réception ne peut précéder la réception." in _page(response)
    saisine.refresh_from_db()
    assert saisine.acknowledged_on is None


def test_it_asks_a_service_then_records_its_answer(receive, advance, client):
    saisine = advance(receive(), Status.RECEIVABLE)
    response = _post(
        client, saisine, "request_exchange", service="Service IJ", requested_on=_today(), question="?"
    )
    assert response.status_code == 302
    exchange = saisine.exchanges.get()
    saisine.refresh_from_db()
    assert (exchange.service, saisine.status) == ("Service IJ", Status.IN_INSTRUCTION)
    assert "En attente de réponse" in _page(client.get(reverse("saisines:detail", args=[saisine.pk])))

    response = _post(client, saisine, "answer_exchange", exchange.pk, answered_on=_today(), answer="Payé.")
    exchange.refresh_from_db()
    assert response.status_code == 302
    assert (exchange.answered_on, exchange.answer) == (timezone.localdate(), "Payé.")


def test_it_adds_a_note_and_refuses_an_empty_one(receive, client):
    saisine = receive()
    assert _post(client, saisine, "add_note", text="  ").status_code == 200
    assert _post(client, saisine, "add_note", text="Rappelée le matin.").status_code == 302
    assert [note.text for note in saisine.notes.all()] == ["Rappelée le matin."]


def test_it_adds_a_document_and_serves_it_to_the_fund_only(team, receive, client, client_for, media):
    saisine = receive()
    upload = SimpleUploadedFile("courrier.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("saisines:add_document", args=[saisine.pk]), {"add_document-file": upload})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.name, document.uploaded_by) == ("courrier.pdf", team.mediator)
    url = reverse("saisines:document", args=[saisine.pk, document.pk])
    download = client.get(url)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_for(team.users["director"]).get(url).status_code == 200
    assert client_for(team.users["outsider"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "Déposez un fichier PDF, une image"),
        ("logo.svg", b"<svg onload='alert(1)'/>", "Déposez un fichier PDF, une image"),
        ("courrier.pdf", b"<html><script>alert(1)</script>", "ne correspond pas à son extension"),
        ("archive.docx", b"PK\x03\x04 not an office document", "ne correspond pas à son extension"),
    ],
)
def test_it_refuses_a_document_that_is_not_a_pdf_an_image_or_an_office_file(
    receive, client, media, name, content, message
):
    saisine = receive()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(reverse("saisines:add_document", args=[saisine.pk]), {"add_document-file": upload})
    assert response.status_code == 200
    assert message in _page(response)
    assert Document.objects.count() == 0 and not any(media.rglob("*.*"))


def test_it_stores_a_document_under_a_generated_name_and_keeps_the_given_one(receive, client, media):
    saisine = receive()
    upload = SimpleUploadedFile(
        "Courrier Mme Éluard.PNG", b"\x89PNG\r\n\x1a\n image", content_type="text/html"
    )
    data = {"add_document-file": upload, "add_document-name": "Courrier de la caisse"}
    client.post(reverse("saisines:add_document", args=[saisine.pk]), data)
    document = Document.objects.get()
    assert (document.name, document.original_name, document.content_type, document.size) == (
        "Courrier de la caisse",
        "Courrier Mme Éluard.PNG",
        "image/png",
        len(b"\x89PNG\r\n\x1a\n image"),
    )
    stored = PurePosixPath(document.file.name)
    assert stored.parent.as_posix() == f"saisines/{saisine.organisation_id}/{saisine.pk}"
    assert len(stored.stem) == 32 and stored.suffix == ".png"
    assert [path.name for path in media.rglob("*.png")] == [stored.name]
    download = client.get(reverse("saisines:document", args=[saisine.pk, document.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="Courrier de la caisse.png"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_it_refuses_a_document_over_10_mb_and_says_so(receive, client, media):
    saisine = receive()
    upload = SimpleUploadedFile("scan.pdf", b"0" * (DOCUMENT_MAX_BYTES + 1))
    response = client.post(reverse("saisines:add_document", args=[saisine.pk]), {"add_document-file": upload})
    assert response.status_code == 200
    assert "Le fichier dépasse 10 Mo" in _page(response)
    assert Document.objects.count() == 0


def test_it_records_the_cra_and_a_court_action_that_ends_the_mediation(receive, advance, client):
    saisine = advance(receive(), Status.IN_INSTRUCTION)
    _post(client, saisine, "record_cra", informed_on=_today(), appeal_maintained="true")
    saisine.refresh_from_db()
    assert (saisine.cra_informed_on, saisine.cra_appeal_maintained) == (timezone.localdate(), True)

    response = _post(client, saisine, "record_court_action", on=_today())
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert (saisine.status, saisine.court_action_pending) == (Status.ENDED_COURT_ACTION, True)
    assert _panels(client, saisine) == []


def test_the_mediator_proposes_equity_and_only_the_director_decides(
    team, receive, advance, client, client_for
):
    saisine = advance(receive(), Status.IN_INSTRUCTION)
    assert (
        _post(client_for(team.users["assistant"]), saisine, "propose_equity", proposal="X").status_code == 403
    )
    response = _post(client, saisine, "propose_equity", proposal="Remise de l'indu.")
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert (saisine.status, saisine.equity_decision) == (Status.PROPOSAL, EquityDecision.PENDING)

    for role in ("institutional_mediator", "assistant", "deputy"):
        refused = _post(client_for(team.users[role]), saisine, "decide_equity", accept="yes", motive="Oui.")
        assert refused.status_code == 403
    director = client_for(team.users["director"])
    response = _post(director, saisine, "decide_equity", accept="yes", motive="")
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _page(response)
    saisine.refresh_from_db()
    assert saisine.equity_decision == EquityDecision.PENDING

    response = _post(director, saisine, "decide_equity", accept="no", motive="Pas de disproportion.")
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert (saisine.equity_decision, saisine.equity_decided_by) == (
        EquityDecision.REFUSED,
        team.users["director"],
    )
    again = _post(director, saisine, "decide_equity", accept="yes", motive="Finalement oui.")
    assert _messages(director.get(again.url))[-1] == "Aucune proposition en équité n'attend de décision."


def test_it_closes_and_reopens_a_saisine(receive, advance, client):
    saisine = advance(receive(), Status.IN_INSTRUCTION)
    response = _post(client, saisine, "close", closed_on=_today(), resolution_mode="explanation", outcome="")
    assert response.status_code == 200
    saisine.refresh_from_db()
    assert saisine.status == Status.IN_INSTRUCTION

    _post(
        client, saisine, "close", closed_on=_today(), resolution_mode="explanation", outcome="decision_upheld"
    )
    saisine.refresh_from_db()
    assert (saisine.status, saisine.outcome, saisine.closed_on) == (
        Status.CLOSED,
        "decision_upheld",
        timezone.localdate(),
    )
    assert _panels(client, saisine) == ["reopen"]

    response = _post(client, saisine, "reopen", detail="Nouvel élément du requérant.")
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert (saisine.status, saisine.closed_on) == (Status.UNDER_REVIEW, None)
    assert saisine.events.last().detail == "Nouvel élément du requérant."


def test_it_refuses_to_close_while_the_director_has_not_decided_on_equity(receive, advance, client):
    saisine = advance(receive(), Status.PROPOSAL)
    assert "close" not in _panels(client, saisine)
    response = _post(client, saisine, "close", closed_on=_today(), outcome="decision_revised")
    assert response.status_code == 302
    assert _messages(client.get(response.url)) == [
        "Une proposition en équité attend la décision du directeur."
    ]
    saisine.refresh_from_db()
    assert (saisine.status, saisine.closed_on, saisine.outcome) == (Status.PROPOSAL, None, "")


@pytest.mark.parametrize(
    ("status", "action", "fields"),
    [
        (Status.CLOSED, "decide_receivability", {"receivable": "yes", "reason": "x"}),
        (Status.CLOSED, "record_perimeter", {"perimeter": "special"}),
        (Status.RECEIVED, "close", {"closed_on": "today", "outcome": "abandoned"}),
        (Status.RECEIVED, "acknowledge", {"acknowledged_on": "today"}),
        (Status.RECEIVED, "propose_equity", {"proposal": "Remise."}),
        (Status.IN_INSTRUCTION, "reopen", {"detail": "?"}),
        (Status.ENDED_COURT_ACTION, "request_exchange", {"service": "IJ", "requested_on": "today"}),
        (Status.ENDED_COURT_ACTION, "record_court_action", {"on": "today"}),
    ],
)
def test_it_refuses_an_action_the_status_does_not_allow_says_why_and_changes_nothing(
    status, action, fields, receive, advance, client
):
    saisine = advance(receive(), status)
    before = (Saisine.objects.filter(pk=saisine.pk).values().get(), SaisineEvent.objects.count())
    data = {name: _today() if value == "today" else value for name, value in fields.items()}
    response = _post(client, saisine, action, **data)
    assert response.status_code == 302
    label = Saisine.objects.get(pk=saisine.pk).get_status_display()
    [message] = _messages(client.get(response.url))
    assert message.endswith(f"n'est pas possible pour un dossier au statut « {label} ».")
    assert (Saisine.objects.filter(pk=saisine.pk).values().get(), SaisineEvent.objects.count()) == before


def test_a_declared_conflict_hands_the_case_to_the_deputy(team, receive, client, client_for):
    saisine = receive()
    response = _post(client, saisine, "declare_conflict", link="Voisine du requérant.")
    saisine.refresh_from_db()
    assert response.status_code == 302
    assert saisine.assigned_to == team.users["deputy"]
    # The declarant steps off the case: refused with its reference only, and journalled.
    refused = client.get(reverse("saisines:detail", args=[saisine.pk]))
    assert refused.status_code == 403
    assert saisine.reference in _page(refused)
    assert "Voisine" not in _page(refused)
    assert JournalEntry.objects.filter(
        user=team.mediator, object_id=str(saisine.pk), detail__startswith="accès refusé"
    ).exists()
    page = _page(client_for(team.users["deputy"]).get(reverse("saisines:detail", args=[saisine.pk])))
    assert "Voisine du requérant." in page
    assert "Conflits d'intérêts déclarés" in page


def test_a_conflict_cannot_be_declared_without_a_deputy(team, receive, client_for):
    saisine = receive()  # the deputy is the only one: nobody else to hand the case to
    response = _post(client_for(team.users["deputy"]), saisine, "declare_conflict", link="Cousin.")
    assert "Aucun·e suppléant·e actif·ve" in _page(response)
    assert saisine.conflicts.count() == 0


def test_a_second_deputy_takes_the_case_when_the_deputy_declares(team, receive, client_for):
    other_deputy = UserFactory(email="suppleant2@cpam-lien.example")
    membership_add(user=other_deputy, organisation=team.fund, role=Role.DEPUTY)
    saisine = receive()
    _post(client_for(team.users["deputy"]), saisine, "declare_conflict", link="Cousin.")
    saisine.refresh_from_db()
    assert saisine.assigned_to == other_deputy


def test_a_task_or_exchange_of_another_saisine_is_not_found(team, receive, client):
    saisine, other = receive(), receive()
    exchange = exchange_request(
        acting_user=team.mediator, saisine=other, service="IJ", requested_on=timezone.localdate()
    )
    response = _post(client, saisine, "answer_exchange", exchange.pk, answered_on=_today())
    assert response.status_code == 404
    assert client.get(reverse("saisines:add_note", args=[saisine.pk])).status_code == 405


def test_it_refuses_a_closure_in_equity_that_the_director_never_decided(receive, advance, client):
    """The page offered "Proposition en équité" as a mode of closure with no proposal ever sent:
    the case then counted as an equity case in the annual report."""
    saisine = advance(receive(), Status.IN_INSTRUCTION)
    response = _post(
        client,
        saisine,
        "close",
        closed_on=_today(),
        outcome="payment_or_right_granted",
        resolution_mode="equity_proposal",
    )
    assert response.status_code == 200
    assert "Une clôture en équité suppose une proposition acceptée par le directeur." in _page(response)
    saisine.refresh_from_db()
    assert (saisine.status, saisine.resolution_mode, saisine.closed_on) == (Status.IN_INSTRUCTION, "", None)


def test_it_offers_no_second_equity_proposal_while_one_awaits_the_director(receive, advance, client):
    saisine = advance(receive(), Status.PROPOSAL)
    assert "propose_equity" not in _panels(client, saisine)
    response = _post(client, saisine, "propose_equity", proposal="Une autre remise.")
    assert response.status_code == 302
    assert _messages(client.get(response.url)) == [
        "Une proposition en équité attend la décision du directeur."
    ]
    saisine.refresh_from_db()
    assert saisine.equity_proposal == "Remise de dette."
