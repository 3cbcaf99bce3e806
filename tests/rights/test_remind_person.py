"""The person's choice to be told before their rights end (``Procedure.remind_person``): set when
the decision is recorded or the procedure corrected, on the page and through the API, refused when
the file has no number or address for it (the rule of the appointments' reminders), and shown on
the procedure's page with its date and, once it left, the honest state of its message."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from lien.appointments.models import Reminder
from lien.journal.models import JournalEntry
from lien.people.reminders import reminder_choice_check
from lien.rights.models import Procedure
from lien.rights.services import procedure_file, procedure_grant, procedure_start, procedure_update
from lien.workflow.engine import ActionRefused
from tests.community import aware
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

NO_PHONE = "La fiche de la personne n'a pas de numéro de téléphone."
NOT_SENT = "non envoyé : aucun fournisseur SMS configuré"
TODAY = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(aware(TODAY, 10), tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def filed(world, mediator, **person):
    someone = consented_person(world, first_name="Awa", **person)
    procedure = procedure_start(acting_user=mediator, person=someone, kind="c2s", started_on=date(2026, 3, 2))
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=date(2026, 3, 10))
    return procedure


def test_one_rule_refuses_a_choice_the_file_cannot_serve(world):
    person = consented_person(world, phone="", email="")
    reminder_choice_check(person, "none", field="remind_person")
    with pytest.raises(ActionRefused) as refused:
        reminder_choice_check(person, "sms", field="remind_person")
    assert refused.value.message_dict == {"remind_person": [NO_PHONE]}
    with pytest.raises(ActionRefused, match="adresse e-mail"):
        reminder_choice_check(person, "email", field="reminder")


def test_the_decision_records_the_choice_and_the_journal_says_so(world, mediator):
    procedure = filed(world, mediator, phone="06 12 34 56 78")
    procedure_grant(
        acting_user=mediator, procedure=procedure, decision_on=date(2026, 5, 1), remind_person="sms"
    )
    procedure.refresh_from_db()
    assert procedure.remind_person == "sms"
    assert JournalEntry.objects.filter(person=procedure.person, detail="prévenir la personne : sms").exists()
    procedure_update(  # a correction that does not post the choice keeps it
        acting_user=mediator,
        procedure=procedure,
        started_on=procedure.started_on,
        filed_on=procedure.filed_on,
        decision_on=procedure.decision_on,
        rights_start=procedure.rights_start,
        rights_end=procedure.rights_end,
    )
    procedure.refresh_from_db()
    assert procedure.remind_person == "sms"


def test_the_grant_form_refuses_sms_without_a_phone(world, mediator, client_for):
    procedure = filed(world, mediator, phone="")
    response = client_for(mediator).post(
        reverse("rights:grant", args=[procedure.pk]),
        {"grant-decision_on": "2026-05-01", "grant-remind_person": "sms"},
    )
    assert response.status_code == 422
    assert NO_PHONE in response.content.decode().replace("&#x27;", "'")
    procedure.refresh_from_db()
    assert (procedure.status, procedure.remind_person) == ("filed", "none")


def test_the_edit_form_sets_the_choice_and_refuses_sms_without_a_phone(world, mediator, client_for):
    client = client_for(mediator)
    procedure = filed(world, mediator, phone="", email="awa@example.org")
    url = reverse("rights:edit", args=[procedure.pk])
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert "Prévenir la personne avant l'échéance" in page and "Seulement si la personne l'a accepté." in page
    form = {"started_on": "2026-03-02", "filed_on": "2026-03-10"}
    response = client.post(url, form | {"remind_person": "sms"})
    assert response.status_code == 200 and NO_PHONE in response.content.decode().replace("&#x27;", "'")
    procedure.refresh_from_db()
    assert procedure.remind_person == "none"
    assert client.post(url, form | {"remind_person": "email"}).status_code == 302
    procedure.refresh_from_db()
    assert procedure.remind_person == "email"


def test_the_page_shows_the_planned_reminder_with_its_date(world, mediator, client_for, sms_outbox):
    procedure = filed(world, mediator, phone="06 12 34 56 78")
    procedure_grant(
        acting_user=mediator, procedure=procedure, decision_on=date(2026, 5, 1), remind_person="sms"
    )
    page = client_for(mediator).get(reverse("rights:detail", args=[procedure.pk])).content.decode()
    assert "Rappel à la personne par SMS le 1 mars 2027" in page
    assert "Aucun message envoyé." in page and "envoyé le" not in page


def test_without_a_provider_the_page_says_not_sent_never_sent(world, mediator, client_for, settings):
    settings.SMS_BACKEND = "console"
    procedure = filed(world, mediator, phone="06 12 34 56 78", email="")
    procedure_grant(
        acting_user=mediator, procedure=procedure, decision_on=date(2026, 5, 1), remind_person="sms"
    )
    client = client_for(mediator)
    url = reverse("rights:detail", args=[procedure.pk])
    page = client.get(url).content.decode()
    assert f"Rappel à la personne par SMS le 1 mars 2027 : {NOT_SENT}" in page
    assert "Aucun fournisseur SMS n'est configuré" in page.replace("&#x27;", "'")
    with time_machine.travel(aware(date(2027, 3, 1), 9), tick=False):
        call_command("tick", stdout=StringIO())  # its sessions of a year ago go
    page = client_for(mediator).get(url).content.decode()
    receipt = Reminder.objects.get()
    assert receipt.status == "not_sent"
    assert f"Rappel à la personne par SMS : {NOT_SENT}" in page
    assert "Renouvellement des droits" in page and "Non envoyé : aucun fournisseur SMS configuré" in page
    assert "Envoyé" not in page and "envoyé le" not in page


def test_the_page_shows_the_message_sent_and_where_it_is(world, mediator, client_for, sms_outbox):
    procedure = filed(world, mediator, phone="06 12 34 56 78")
    procedure_grant(
        acting_user=mediator, procedure=procedure, decision_on=date(2026, 5, 1), remind_person="sms"
    )
    with time_machine.travel(aware(date(2027, 3, 1), 9), tick=False):
        call_command("tick", stdout=StringIO())
    page = client_for(mediator).get(reverse("rights:detail", args=[procedure.pk])).content.decode()
    assert "Rappel à la personne par SMS : envoyé le 1 mars 2027 à 09:00, accusé de réception attendu" in page
    assert "06 12 34 56 78" in page and "envoi automatique" in page


def test_the_api_reads_and_writes_the_choice(world, mediator, client_for):
    procedure = filed(world, mediator, phone="", email="awa@example.org")
    client = client_for(mediator)
    path = f"/api/v1/rights/procedures/{procedure.pk}"
    refused = client.post(
        f"{path}/actions/grant",
        {"decision_on": "2026-05-01", "remind_person": "sms"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and NO_PHONE in str(refused.json())
    granted = client.post(
        f"{path}/actions/grant",
        {"decision_on": "2026-05-01", "remind_person": "email"},
        content_type="application/json",
    )
    assert (granted.status_code, granted.json()["remind_person"]) == (200, "email")
    body = {"started_on": "2026-03-02", "filed_on": "2026-03-10", "decision_on": "2026-05-01"}
    kept = client.put(path, body | {"rights_end": "2027-04-30"}, content_type="application/json")
    assert kept.json()["remind_person"] == "email"  # absent: unchanged
    changed = client.put(path, body | {"remind_person": "none"}, content_type="application/json")
    assert changed.json()["remind_person"] == "none"
    assert client.get(path).json()["remind_person"] == "none"
    assert (
        client.put(path, body | {"remind_person": "pigeon"}, content_type="application/json").status_code
        == 422
    )
    assert Procedure.objects.get().remind_person == "none"


def test_it_is_not_sent_before_its_day(world, mediator, sms_outbox):
    procedure = filed(world, mediator, phone="06 12 34 56 78")
    procedure_grant(
        acting_user=mediator, procedure=procedure, decision_on=date(2026, 5, 1), remind_person="sms"
    )
    for day in (date(2027, 2, 27), date(2027, 2, 28)):
        with time_machine.travel(aware(day, 9), tick=False):
            call_command("tick", stdout=StringIO())
    assert sms_outbox == []
    with time_machine.travel(aware(date(2027, 3, 1) + timedelta(days=1), 9), tick=False):
        call_command("tick", stdout=StringIO())
    assert len(sms_outbox) == 1
