"""Intake of a saisine: its facts, the requester chosen or created (after a look at similar
files), the person concerned, and the reiterations shown afterwards."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.journal.models import Action, JournalEntry
from lien.people.models import Person
from lien.saisines.models import Saisine, SaisineEvent
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

SIMILAR_WARNING = "Cette personne est peut-être déjà suivie"
VALID_NIR = "269054958815780"


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


def _form(team, **fields) -> dict:
    data = {
        "organisation": team.fund.pk,
        "received_on": timezone.localdate().isoformat(),
        "channel": "letter",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "after_claim",
        "matter": "",
        "prior_claim": "true",
        "process": "cash_benefits",
        "subprocess": "sickness",
        "commune": "",
        "subject": "Pas d'indemnités depuis deux mois.",
    }
    for prefix in ("requester", "concerned"):
        data |= {f"{prefix}-{name}": "" for name in ("q", "first_name", "last_name", "phone", "email", "nir")}
    return data | fields


def test_it_offers_today_as_the_date_of_receipt(client):
    response = client.get(reverse("saisines:create"))
    assert response.context["form"]["received_on"].value() == timezone.localdate()
    assert 'type="date"' in response.content.decode()


def test_it_records_a_saisine_of_a_person_already_followed(team, requester, client):
    response = client.post(reverse("saisines:create"), _form(team, **{"requester-person": requester.pk}))
    saisine = Saisine.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("saisines:detail", args=[saisine.pk])
    assert (saisine.requester, saisine.concerned_person, saisine.prior_claim) == (requester, None, True)
    assert (saisine.status, saisine.subprocess, saisine.assigned_to) == (
        "received",
        "sickness",
        team.mediator,
    )
    assert Person.objects.count() == 1
    assert SaisineEvent.objects.get(saisine=saisine).kind == "received"
    assert JournalEntry.objects.filter(action=Action.CREATE, person=requester).count() == 1


def test_a_search_refreshes_the_people_offered_and_keeps_what_was_typed(team, requester, client):
    PersonFactory(organisation=team.fund, first_name="Paul", last_name="Martin")
    PersonFactory(organisation=team.other_fund, first_name="Hélène", last_name="Éluard")
    data = _form(team, **{"requester-q": "helene", "subject": "Texte déjà saisi", "channel": ""})
    response = client.post(reverse("saisines:create"), data | {"search": "requester"})
    assert response.status_code == 200
    assert response.context["requester"].candidates == [requester]
    assert response.context["form"]["subject"].value() == "Texte déjà saisi"
    html = response.content.decode()
    assert "Ce champ est obligatoire" not in html
    assert f'value="{requester.pk}"' in html
    assert Saisine.objects.count() == 0


def test_it_proposes_similar_people_before_creating_a_requester_then_creates_once_confirmed(
    team, requester, client
):
    data = _form(team, **{"requester-first_name": "HELENE", "requester-last_name": "eluard"})
    response = client.post(reverse("saisines:create"), data)
    assert response.status_code == 200
    assert response.context["requester"].similar == [requester]
    assert SIMILAR_WARNING in response.content.decode()
    assert (Saisine.objects.count(), Person.objects.count()) == (0, 1)

    response = client.post(reverse("saisines:create"), data | {"requester-confirm_new": "on"})
    saisine = Saisine.objects.get()
    assert response.status_code == 302
    assert (saisine.requester.first_name, saisine.requester.last_name) == ("HELENE", "eluard")
    assert saisine.requester != requester
    assert saisine.requester.created_by == team.mediator


def test_the_similar_person_offered_can_be_chosen_instead(team, requester, client):
    requester.email = "helene@example.org"
    requester.save()
    data = _form(team, **{"requester-first_name": "H.", "requester-email": "Helene@Example.org"})
    response = client.post(reverse("saisines:create"), data)
    assert response.context["requester"].similar == [requester]
    response = client.post(reverse("saisines:create"), data | {"requester-person": requester.pk})
    assert response.status_code == 302
    assert Saisine.objects.get().requester == requester
    assert Person.objects.count() == 1


def test_it_creates_the_requester_and_the_person_concerned_with_their_commune(team, client):
    CommuneFactory()
    data = _form(
        team,
        commune="Quillan — 11500 (11304)",
        **{
            "requester-first_name": "Nour",
            "requester-phone": "06 12 34 56 78",
            "requester-nir": "2 69 05 49 588 157 80",
            "concerned-first_name": "Lina",
            "concerned-last_name": "Haddou",
        },
    )
    response = client.post(reverse("saisines:create"), data)
    assert response.status_code == 302
    saisine = Saisine.objects.get()
    assert (saisine.requester.first_name, saisine.requester.nir) == ("Nour", VALID_NIR)
    assert saisine.concerned_person.display_name == "Lina Haddou"
    assert saisine.commune_insee == "11304"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "first_name", "Choisissez une personne suivie"),
        ({"requester-first_name": "Nour", "requester-nir": "269054958815781"}, "nir", "NIR invalide"),
        (
            {"requester-first_name": "Nour", "subprocess": "maternity", "process": "benefits_in_kind"},
            "subprocess",
            "n'appartient pas au processus",
        ),
        (
            {"requester-first_name": "Nour", "received_on": "DAY+1"},
            "received_on",
            "ne peut être dans le futur",
        ),
        ({"requester-first_name": "Nour", "channel": "pigeon"}, "channel", "Sélectionnez un choix valide"),
    ],
)
def test_it_refuses_an_incomplete_or_inconsistent_intake_and_writes_nothing(
    fields, field, message, team, client
):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = _form(team) | {name: tomorrow if value == "DAY+1" else value for name, value in fields.items()}
    response = client.post(reverse("saisines:create"), data)
    assert response.status_code == 200
    form = response.context["requester" if field in {"first_name", "nir"} else "form"]
    assert message in " ".join(form.errors[field])
    assert message in html.unescape(response.content.decode())
    assert (Saisine.objects.count(), Person.objects.count()) == (0, 0)


def test_it_refuses_a_requester_of_another_fund(team, client):
    stranger = PersonFactory(organisation=team.other_fund)
    response = client.post(reverse("saisines:create"), _form(team, **{"requester-person": stranger.pk}))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Saisine.objects.count() == 0


def test_it_refuses_a_fund_the_user_does_not_work_for(team, requester, client):
    data = _form(team, organisation=team.other_fund.pk, **{"requester-person": requester.pk})
    response = client.post(reverse("saisines:create"), data)
    assert response.status_code == 200
    assert Saisine.objects.count() == 0


def test_it_shows_the_earlier_saisines_of_the_same_requester(team, requester, receive, client):
    first = receive(requester=requester, received_on=timezone.localdate() - timedelta(days=40))
    client.post(reverse("saisines:create"), _form(team, **{"requester-person": requester.pk}))
    second = Saisine.objects.exclude(pk=first.pk).get()
    response = client.get(reverse("saisines:detail", args=[second.pk]))
    assert list(response.context["earlier"]) == [first]
    html = response.content.decode()
    assert reverse("saisines:detail", args=[first.pk]) in html
    assert f"Réitération de : {first.reference}" in html


def test_it_refuses_the_saisine_form_when_the_user_works_for_no_fund(world, client_for):
    """Saisines (and the NIR they may ask for) are a fund's: in an association, even a role
    named "institutional mediator" has no saisine form."""
    response = client_for(world.users["institutional_mediator"]).get(reverse("saisines:create"))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["institutional_mediator", "assistant", "deputy"])
def test_a_fund_user_edits_a_requester_to_add_an_email_and_a_phone(team, requester, client_for, role):
    """The edit page of a requester crashed for fund users (KeyError on a community-only field)."""
    client = client_for(team.users[role])
    url = reverse("person_edit", args=[requester.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert "vulnerabilities" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(url, data | {"email": "helene.eluard@example.org", "phone": "03 27 00 00 00"})
    assert response.status_code == 302
    requester.refresh_from_db()
    assert (requester.email, requester.phone) == ("helene.eluard@example.org", "03 27 00 00 00")
