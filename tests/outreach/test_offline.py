"""Outreach without network: a contact kept on the phone and sent again is recorded once (its
client_id), an empty contact is refused everywhere, the quick entry's service worker."""

import uuid
from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from lien.journal.models import JournalEntry
from lien.outreach.models import Contact
from lien.outreach.services import EMPTY_CONTACT, contact_delete, contact_record, session_create
from tests.factories import CommuneFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 14)
CONTACTS = "/api/v1/outreach/contacts"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def volunteer(world):
    return world.users["volunteer"]


@pytest.fixture
def session(world, volunteer):
    return session_create(
        acting_user=world.users["community_mediator"],
        organisation=world.organisation,
        kind="food_distribution",
        held_on=TODAY,
        place="Distribution de colis",
        commune=CommuneFactory(),
        team=[volunteer],
    )


def _post(client, payload):
    return client.post(CONTACTS, payload, content_type="application/json")


# --- recorded once ---------------------------------------------------------------------------------


def test_it_records_a_contact_sent_twice_once(world, session, volunteer):
    person = consented_person(world)
    client_id = uuid.uuid4()
    first = contact_record(
        acting_user=volunteer, session=session, person=person, topics=["rights"], client_id=client_id
    )
    again = contact_record(
        acting_user=volunteer, session=session, person=person, topics=["rights"], client_id=client_id
    )
    assert again == first
    assert Contact.objects.count() == 1
    assert JournalEntry.objects.filter(object_type="outreach.contact").count() == 1


def test_it_answers_a_contact_sent_again_with_the_one_recorded(session, volunteer, client_for):
    client = client_for(volunteer)
    payload = {"session": session.pk, "age_band": "75+", "gender": "female", "client_id": str(uuid.uuid4())}
    first = _post(client, payload)
    assert first.status_code == 201, first.json()
    # The answer was lost in the valley: the phone sends the same contact again, even changed.
    again = _post(client, payload | {"age_band": "18-24"})
    assert (again.status_code, again.json()) == (200, first.json())
    assert again.json()["session_contacts_count"] == 1  # the phone's count, right all the same
    assert list(Contact.objects.values_list("age_band", "client_id")) == [
        ("75+", uuid.UUID(payload["client_id"]))
    ]
    # Without an identifier, two sendings are two contacts.
    _post(client, {"session": session.pk, "age_band": "75+"})
    third = _post(client, {"session": session.pk, "age_band": "75+"})
    assert Contact.objects.count() == third.json()["session_contacts_count"] == 3


def test_it_does_not_bring_back_a_deleted_contact_sent_again(session, volunteer, client_for):
    client = client_for(volunteer)
    payload = {"session": session.pk, "age_band": "25-34", "client_id": str(uuid.uuid4())}
    contact_id = _post(client, payload).json()["id"]
    contact_delete(acting_user=volunteer, contact=Contact.objects.get(pk=contact_id))
    # The phone had not heard the first answer: the contact deleted since stays deleted.
    assert _post(client, payload).status_code == 200
    assert (Contact.objects.count(), Contact.all_objects.count()) == (0, 1)


def test_it_refuses_the_identifier_of_a_contact_of_another_session(world, session, volunteer):
    other = session_create(
        acting_user=volunteer, organisation=world.organisation, kind="street", held_on=TODAY, place="Marché"
    )
    client_id = uuid.uuid4()
    contact_record(acting_user=volunteer, session=session, age_band="25-34", client_id=client_id)
    with pytest.raises(ValidationError):
        contact_record(acting_user=volunteer, session=other, age_band="25-34", client_id=client_id)
    assert Contact.objects.count() == 1


def test_it_keeps_an_identifier_to_its_organisation(world, session, volunteer, client_for):
    client_id = str(uuid.uuid4())
    _post(client_for(volunteer), {"session": session.pk, "age_band": "25-34", "client_id": client_id})
    outsider = world.users["outsider"]
    elsewhere = session_create(
        acting_user=outsider,
        organisation=world.other_organisation,
        kind="street",
        held_on=TODAY,
        place="Marché",
    )
    # The same identifier elsewhere neither finds nor reveals the association's contact.
    response = _post(
        client_for(outsider), {"session": elsewhere.pk, "age_band": "55-64", "client_id": client_id}
    )
    assert response.status_code == 201
    assert sorted(Contact.objects.values_list("organisation__slug", "age_band")) == [
        ("asso", "25-34"),
        ("autre", "55-64"),
    ]


def test_it_records_once_the_quick_entry_form_posted_twice(session, volunteer, client_for):
    client = client_for(volunteer)
    page = client.get(reverse("outreach:quick"), {"session": session.pk})
    client_id = page.context["form"]["client_id"].value()
    assert uuid.UUID(str(client_id))
    data = {"session": session.pk, "age_band": "35-44", "gender": "female", "client_id": client_id}
    first = client.post(reverse("outreach:quick"), data)
    again = client.post(reverse("outreach:quick"), data)  # the back button, then "send" again
    assert first.url == again.url
    assert Contact.objects.count() == 1
    # A new form, a new identifier.
    assert client.get(first.url).context["form"]["client_id"].value() != client_id


# --- an empty contact --------------------------------------------------------------------------------


def test_it_refuses_an_empty_contact(session, volunteer):
    with pytest.raises(ValidationError) as refused:
        contact_record(acting_user=volunteer, session=session, commune=session.commune)
    assert refused.value.messages == [EMPTY_CONTACT]
    assert not Contact.objects.exists()
    # One of them is enough.
    contact_record(acting_user=volunteer, session=session, topics=["information"])
    contact_record(acting_user=volunteer, session=session, gender="male")
    assert Contact.objects.count() == 2


def test_it_refuses_an_empty_contact_on_the_page(session, volunteer, client_for):
    response = client_for(volunteer).post(
        reverse("outreach:quick"), {"session": session.pk, "commune": "11304"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [EMPTY_CONTACT]
    assert EMPTY_CONTACT.replace("'", "&#x27;") in response.content.decode()
    assert not Contact.objects.exists()


def test_it_refuses_an_empty_contact_in_the_api(session, volunteer, client_for):
    for payload in (
        {"session": session.pk},
        {"session": session.pk, "topics": [], "client_id": str(uuid.uuid4())},
    ):
        response = _post(client_for(volunteer), payload)
        assert (response.status_code, response.json()) == (
            422,
            {"detail": f"Données invalides — {EMPTY_CONTACT}"},
        )
    assert not Contact.objects.exists()


# --- what the phone says ------------------------------------------------------------------------------


def test_it_names_who_was_recorded(world, session, volunteer, client_for):
    person = consented_person(world, first_name="Josette", last_name="Maury")
    client = client_for(volunteer)
    quick = reverse("outreach:quick")
    client.get(quick, {"session": session.pk, "q": "josette"})
    response = client.post(
        quick, {"session": session.pk, "q": "josette", "person": person.pk, "age_band": "0-17"}
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Contact enregistré : Josette M."
    ]
    response = client.post(quick, {"session": session.pk, "age_band": "75+", "gender": "female"})
    assert [str(message) for message in get_messages(response.wsgi_request)][-1] == (
        "Contact enregistré : contact anonyme, 75 ans et plus, femme"
    )
    # The file's age wins over a tile left tapped.
    assert Contact.objects.get(person=person).age_band == "75+"


def test_it_gives_the_script_what_it_needs(world, session, volunteer, client_for):
    person = consented_person(world, first_name="Josette", last_name="Maury")
    page = client_for(volunteer).get(reverse("outreach:quick"), {"session": session.pk, "q": "josette"})
    html = page.content.decode()
    assert 'data-api="/api/v1/outreach/contacts"' in html
    assert 'data-worker="/sorties/saisie/sw.js"' in html
    tile = next(line for line in html.splitlines() if f'name="person" value="{person.pk}"' in line)
    assert 'data-name="Josette M."' in tile  # what the confirmation says, read off the tile
    assert '<script src="/static/outreach/quick_entry.js" nonce="' in html
    # The one live region the script speaks in.
    assert html.count('role="status"') == 1


# --- the service worker --------------------------------------------------------------------------------


def test_it_serves_the_service_worker_of_the_quick_entry(client):
    response = client.get(reverse("outreach:service_worker"))  # public: no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert 'var SCOPE = "/sorties/saisie/";' in body
    assert '"/static/outreach/quick_entry.js"' in body
    assert "{{" not in body and "{%" not in body
    # Its path makes its scope: the quick entry only.
    assert reverse("outreach:service_worker").rsplit("/", 1)[0] + "/" == reverse("outreach:quick")
