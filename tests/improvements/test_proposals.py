from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from lien.improvements.enums import Kind, Status
from lien.improvements.models import ImprovementProposal
from lien.improvements.services import improvement_create, improvement_send, improvement_update
from lien.journal.models import Action, JournalEntry
from lien.saisines.models import Saisine

pytestmark = pytest.mark.django_db

FORM = {
    "kind": Kind.DYSFUNCTION,
    "title": "Indemnités journalières versées avec trois mois de retard",
    "description": "Les arrêts transmis par courrier ne sont pas saisis.",
    "saisine_references": "A1, A3",
}


@pytest.fixture
def mediator(world):
    return world.users["institutional_mediator"]


@pytest.fixture
def proposal(world, fund_b, mediator):
    return improvement_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind=Kind.REGULATION,
        title="Simplifier l'entente préalable des transports",
        saisines=Saisine.objects.filter(reference__in=["A2"]),
    )


def test_it_records_a_proposal_with_its_evidence(world, fund_b, mediator, client_for):
    response = client_for(mediator).post(
        reverse("improvement_create"), FORM | {"organisation": world.organisation.pk}
    )
    proposal = ImprovementProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("improvement_detail", args=[proposal.pk])
    assert (proposal.organisation, proposal.status, proposal.created_by) == (
        world.organisation,
        Status.DRAFT,
        mediator,
    )
    assert sorted(proposal.saisines.values_list("reference", flat=True)) == ["A1", "A3"]
    assert JournalEntry.objects.filter(
        action=Action.CREATE, object_type="improvements.improvementproposal"
    ).exists()
    page = client_for(mediator).get(response.url).content.decode()
    assert "Indemnités journalières versées" in page and "A3" in page


def test_it_refuses_evidence_from_another_fund_or_unknown(world, fund_b, mediator, client_for):
    client = client_for(mediator)
    for references in ("A1, B1", "A1 Z999"):
        data = FORM | {"organisation": world.organisation.pk, "saisine_references": references}
        response = client.post(reverse("improvement_create"), data)
        assert response.status_code == 200
        assert "Saisines introuvables dans cette caisse" in response.content.decode()
    assert not ImprovementProposal.objects.exists()
    with pytest.raises(ValidationError):
        improvement_create(
            acting_user=mediator,
            organisation=world.organisation,
            kind=Kind.DYSFUNCTION,
            title="x",
            saisines=Saisine.objects.filter(reference="B1"),
        )


def test_it_creates_a_draft_whatever_status_is_posted(world, fund_b, mediator, client_for):
    data = FORM | {"organisation": world.organisation.pk, "status": Status.SENT, "sent_to": "CNAM"}
    response = client_for(mediator).post(reverse("improvement_create"), data)
    assert response.status_code == 302
    proposal = ImprovementProposal.objects.get()
    assert (proposal.status, proposal.sent_to) == (Status.DRAFT, "")


def test_the_edit_form_changes_what_the_proposal_says_never_its_status(proposal, mediator, client_for):
    client = client_for(mediator)
    url = reverse("improvement_edit", args=[proposal.pk])
    fields = set(client.get(url).context["form"].fields)
    assert fields == {"kind", "title", "description", "saisine_references"}
    data = FORM | {"saisine_references": "A4", "status": Status.SENT, "sent_to": "X", "sent_on": "2022-04-01"}
    response = client.post(url, data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sent_to, proposal.sent_on, proposal.title) == (
        Status.DRAFT,
        "",
        None,
        FORM["title"],
    )
    assert list(proposal.saisines.values_list("reference", flat=True)) == ["A4"]


def test_the_edit_form_corrects_the_facts_of_the_actions_taken(proposal, mediator, client_for):
    improvement_send(acting_user=mediator, proposal=proposal, sent_to="Direction", sent_on=date(2022, 4, 1))
    client = client_for(mediator)
    url = reverse("improvement_edit", args=[proposal.pk])
    assert {"sent_to", "sent_on"} <= set(client.get(url).context["form"].fields)
    assert "answered_on" not in client.get(url).context["form"].fields
    cleared = client.post(url, FORM | {"saisine_references": "A2", "sent_to": "", "sent_on": "2022-04-02"})
    assert cleared.status_code == 200 and "sent_to" in cleared.context["form"].errors
    client.post(
        url, FORM | {"saisine_references": "A2", "sent_to": "Direction générale", "sent_on": "2022-04-02"}
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.sent_to, proposal.sent_on) == (
        Status.SENT,
        "Direction générale",
        date(2022, 4, 2),
    )


def test_the_edit_service_refuses_a_status_and_facts_not_recorded_yet(proposal, mediator):
    with pytest.raises(ValidationError) as error:
        improvement_update(acting_user=mediator, proposal=proposal, status=Status.SENT)
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        improvement_update(acting_user=mediator, proposal=proposal, answered_on=date(2022, 1, 1))
    assert "answered_on" in error.value.message_dict
    proposal.refresh_from_db()
    assert (proposal.status, proposal.answered_on) == (Status.DRAFT, None)


def test_it_keeps_the_lifecycle_facts_in_the_database(proposal):
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementProposal.objects.filter(pk=proposal.pk).update(status=Status.SENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImprovementProposal.objects.filter(pk=proposal.pk).update(
            status=Status.ANSWERED, sent_on=date(2022, 5, 1), answered_on=date(2022, 4, 1)
        )


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status", "edit_status"),
    [
        ("institutional_mediator", 200, 200, 200),
        ("assistant", 200, 200, 200),
        ("deputy", 200, 200, 200),
        ("director", 200, 200, 404),
        ("coordinator", 404, 404, 404),
        ("regional_coordinator", 404, 404, 404),
        ("community_mediator", 404, 404, 404),
        ("outsider", 404, 404, 404),
        ("nobody", 404, 404, 404),
    ],
)
def test_it_answers_each_role_as_the_saisine_permissions_allow(
    who, list_status, detail_status, edit_status, world, proposal, client_for
):
    client = client_for(world.users[who])
    assert client.get(reverse("improvement_list")).status_code == list_status
    assert client.get(reverse("improvement_detail", args=[proposal.pk])).status_code == detail_status
    assert client.get(reverse("improvement_edit", args=[proposal.pk])).status_code == edit_status
    create_status = 200 if edit_status == 200 else 404
    assert client.get(reverse("improvement_create")).status_code == create_status


def test_it_hides_the_proposals_of_a_fund_from_another_fund(proposal, mediator_b, client_for):
    client = client_for(mediator_b)
    assert client.get(reverse("improvement_detail", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("improvement_list")).context["page"].paginator.count == 0
    with pytest.raises(PermissionDenied):
        improvement_update(acting_user=mediator_b, proposal=proposal, title="Piraté")


def test_it_lists_proposals_with_counts_and_a_status_filter(world, proposal, mediator, client_for):
    sent = improvement_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind=Kind.DYSFUNCTION,
        title="Courriers illisibles",
    )
    improvement_send(acting_user=mediator, proposal=sent, sent_to="Direction", sent_on=date(2022, 2, 1))
    client = client_for(world.users["director"])
    response = client.get(reverse("improvement_list"))
    assert response.context["page"].paginator.count == 2
    assert dict((code, n) for code, _label, n in response.context["counts"]) == {
        "draft": 1,
        "sent": 1,
        "answered": 0,
        "implemented": 0,
        "rejected": 0,
    }
    filtered = client.get(reverse("improvement_list"), {"status": Status.SENT})
    assert [p.title for p in filtered.context["page"]] == ["Courriers illisibles"]
    assert client.get(reverse("improvement_list"), {"status": "nope"}).context["page"].paginator.count == 2


def test_it_lists_the_year_proposals_in_the_annual_report(world, proposal, mediator, client_for):
    improvement_send(acting_user=mediator, proposal=proposal, sent_to="CNAM", sent_on=date(2022, 4, 1))
    url = reverse("report_annual")
    page = client_for(mediator).get(url, {"organisation": "asso", "year": 2022}).context["page"]
    assert page["proposals"]["total"] == 1
    assert ("Transmise", 1) in page["proposals"]["counts"]
    assert page["proposals"]["items"][0]["title"] == "Simplifier l'entente préalable des transports"
    coordinator = client_for(world.users["regional_coordinator"]).get(
        url, {"organisation": "regional", "year": 2022}
    )
    html = coordinator.content.decode()
    assert "Simplifier l&#x27;entente préalable des transports" in html
    assert reverse("improvement_detail", args=[proposal.pk]) not in html  # the title, not the file
    assert (
        client_for(mediator)
        .get(url, {"organisation": "asso", "year": 2019})
        .context["page"]["proposals"]["total"]
        == 0
    )
