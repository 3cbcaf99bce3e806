"""Procedures of access to rights: checklist, explicit steps, person's file kept current, renewal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.journal.models import JournalEntry
from lien.rights.enums import Status
from lien.rights.models import Procedure
from lien.rights.services import (
    one_year_after,
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_renew,
    procedure_return_to_documents,
    procedure_start,
)
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return consented_person(world, coverage="none")


def granted(mediator, person, kind="ame", decided_on=date(2025, 3, 1), **extra):
    started_on = decided_on - timedelta(days=50)
    procedure = procedure_start(acting_user=mediator, person=person, kind=kind, started_on=started_on)
    filed_on = started_on + timedelta(days=10)
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=filed_on)
    procedure_grant(acting_user=mediator, procedure=procedure, decision_on=decided_on, **extra)
    return procedure


def test_it_starts_a_procedure_with_the_usual_documents(person, mediator):
    procedure = procedure_start(acting_user=mediator, person=person, kind="ame", started_on=date(2025, 1, 10))
    assert procedure.status == Status.DOCUMENTS
    assert procedure.followed_by == mediator
    labels = list(procedure.documents.values_list("label", flat=True))
    assert labels[0].startswith("Formulaire de demande d'AME")
    assert "Justificatif de présence en France depuis plus de 3 mois" in labels
    procedure_documents_update(
        acting_user=mediator,
        procedure=procedure,
        gathered_ids={procedure.documents.first().pk},
        on=date(2025, 1, 12),
        new_label="Attestation d'hébergement",
    )
    assert procedure.documents.filter(gathered_on=date(2025, 1, 12)).count() == 1
    assert procedure.documents.filter(label="Attestation d'hébergement").exists()


def test_it_follows_the_documents_to_the_filing_the_decision_and_the_renewal_date(person, mediator):
    procedure = granted(mediator, person, kind="ame", decided_on=date(2025, 3, 1))
    procedure.refresh_from_db()
    assert (procedure.filed_on, procedure.decision_on, procedure.rights_start, procedure.rights_end) == (
        date(2025, 1, 20),  # ten days after the start, fifty days before the decision
        date(2025, 3, 1),
        date(2025, 3, 1),
        date(2026, 2, 28),  # the AME is renewed every year
    )
    assert [(event.action, event.from_status, event.to_status) for event in procedure.events.all()] == [
        ("start", "", "documents"),
        ("file", "documents", "filed"),
        ("grant", "filed", "granted"),
    ]


def test_it_opens_c2s_for_a_year_and_keeps_the_end_given_for_an_mdph_decision(person, mediator):
    c2s = granted(mediator, person, kind="c2s", decided_on=date(2024, 2, 29))
    assert c2s.rights_end == date(2025, 2, 28)
    mdph = granted(mediator, person, kind="mdph", rights_end=date(2030, 1, 31))
    assert mdph.rights_end == date(2030, 1, 31)
    gp = granted(mediator, person, kind="gp_declaration")
    assert gp.rights_end is None


def test_it_computes_one_year_of_rights():
    assert one_year_after(date(2025, 3, 1)) == date(2026, 2, 28)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("puma", "coverage", "puma"),
        ("ame", "coverage", "ame"),
        ("c2s", "complementary", "c2s"),
        ("gp_declaration", "has_gp", True),
    ],
)
def test_it_keeps_the_persons_file_current_when_rights_are_granted(kind, field, value, person, mediator):
    granted(mediator, person, kind=kind)
    person.refresh_from_db()
    assert getattr(person, field) == value


def test_it_refuses_a_step_dated_in_the_future_or_before_the_start(person, mediator):
    procedure = procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 1, 10))
    for on in (date(2099, 1, 1), date(2025, 1, 1)):
        with pytest.raises(ValidationError) as error:
            procedure_file(acting_user=mediator, procedure=procedure, filed_on=on)
        assert "filed_on" in error.value.message_dict
    assert Procedure.objects.get(pk=procedure.pk).status == Status.DOCUMENTS


def test_it_sends_a_file_back_to_the_documents_when_one_is_missing(person, mediator):
    procedure = procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 1, 10))
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=date(2025, 1, 20))
    procedure_return_to_documents(
        acting_user=mediator, procedure=procedure, on=date(2025, 2, 1), detail="RIB"
    )
    assert procedure.status == Status.DOCUMENTS
    assert (procedure.events.last().action, procedure.events.last().detail) == ("return_to_documents", "RIB")


def test_it_renews_granted_rights_once(person, mediator):
    procedure = granted(mediator, person)
    renewal = procedure_renew(acting_user=mediator, procedure=procedure, started_on=date(2026, 1, 2))
    assert (renewal.kind, renewal.renewal_of, renewal.status) == ("ame", procedure, Status.DOCUMENTS)
    with pytest.raises(ValidationError):
        procedure_renew(acting_user=mediator, procedure=procedure, started_on=date(2026, 1, 3))


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "outsider", "coordinator"])
def test_it_keeps_procedures_from_other_roles(role, world, person, mediator, client_for):
    procedure = granted(mediator, person)
    client = client_for(world.users[role])
    assert client.get(reverse("rights:detail", args=[procedure.pk])).status_code == 404
    assert client.get(reverse("rights:create", args=[person.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        procedure_start(acting_user=world.users[role], person=person, kind="c2s", started_on=date(2025, 1, 1))


@pytest.mark.parametrize("role", ["assistant", "deputy"])
def test_it_lets_the_assistant_and_the_deputy_carry_on_the_procedures(role, world, person, client_for):
    client = client_for(world.users[role])
    response = client.post(
        reverse("rights:create", args=[person.pk]), {"kind": "c2s", "started_on": "2025-01-10"}
    )
    procedure = Procedure.objects.get()
    assert response.url == reverse("rights:detail", args=[procedure.pk])
    client.post(reverse("rights:file", args=[procedure.pk]), {"file-filed_on": "2025-01-20"})
    procedure.refresh_from_db()
    assert procedure.status == Status.FILED
    assert JournalEntry.objects.filter(user=world.users[role], person=person).exists()


def test_it_runs_a_procedure_through_the_pages(world, person, mediator, client_for):
    client = client_for(mediator)
    client.post(reverse("rights:create", args=[person.pk]), {"kind": "ame", "started_on": "2025-01-10"})
    procedure = Procedure.objects.get()
    ids = [str(pk) for pk in procedure.documents.values_list("pk", flat=True)]
    client.post(reverse("rights:documents", args=[procedure.pk]), {"gathered": ids})
    assert not procedure.documents.filter(gathered_on__isnull=True).exists()
    client.post(reverse("rights:file", args=[procedure.pk]), {"file-filed_on": "2025-01-20"})
    client.post(reverse("rights:grant", args=[procedure.pk]), {"grant-decision_on": "2025-03-01"})
    procedure.refresh_from_db()
    assert (procedure.status, procedure.rights_end) == (Status.GRANTED, date(2026, 2, 28))
    page = client.get(reverse("rights:detail", args=[procedure.pk])).content.decode()
    assert "Commencer le renouvellement" in page
    response = client.post(reverse("rights:renew", args=[procedure.pk]))
    renewal = Procedure.objects.get(renewal_of=procedure)
    assert response.url == reverse("rights:detail", args=[renewal.pk])


def test_it_lists_the_procedures_in_progress_with_a_constant_number_of_queries(
    world, mediator, client_for, django_assert_max_num_queries
):
    client = client_for(mediator)

    def count() -> int:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("rights:list")).status_code == 200
        return len(captured)

    procedure_start(
        acting_user=mediator, person=consented_person(world), kind="c2s", started_on=date(2025, 1, 1)
    )
    one = count()
    for index in range(5):
        person = consented_person(world, first_name=f"P{index}")
        procedure_start(acting_user=mediator, person=person, kind="ame", started_on=date(2025, 1, 1))
    assert count() == one
