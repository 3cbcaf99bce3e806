"""Deleting an outreach contact: its author or a mediator, after a confirmation, journalled, and
restorable for ten minutes before the periodic job erases it."""

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.activity.report import programme_report
from lien.followup.models import Followup
from lien.followup.selectors import with_last_contact
from lien.followup.services import followup_start
from lien.journal.models import JournalEntry
from lien.outreach.models import Contact
from lien.outreach.selectors import session_summary, sessions_for
from lien.outreach.services import (
    UNDO_DELAY,
    contact_delete,
    contact_record,
    contact_restore,
    contacts_purge_deleted,
    session_create,
)
from lien.outreach.tasks import purge_deleted_outreach_contacts
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 5, 14, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def volunteer(world):
    return world.users["volunteer"]


@pytest.fixture
def session(world, mediator, volunteer):
    return session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=TODAY,
        place="Mairie",
        team=[volunteer],
    )


def anonymous(session, user, **fields):
    return contact_record(acting_user=user, session=session, age_band="35-44", gender="female", **fields)


def test_it_asks_for_a_confirmation_then_hides_the_contact_everywhere(session, volunteer, client_for):
    contact = anonymous(session, volunteer)
    client = client_for(volunteer)
    url = reverse("outreach:contact_delete", args=[contact.pk])

    page = client.get(url, {"from": "quick"})
    assert page.status_code == 200
    assert "Supprimer ce contact ?" in page.content.decode()
    client.post(url, {"from": "quick"})  # a tap without the confirmation deletes nothing
    assert Contact.objects.filter(pk=contact.pk).exists()

    response = client.post(url, {"from": "quick", "confirm": "1"})
    assert response.url == f"{url}?from=quick"
    assert not Contact.objects.exists() and Contact.all_objects.get().deleted_by == volunteer
    assert session_summary(session).total == 0
    assert sessions_for(volunteer).get().contacts_count == 0
    assert session.contacts.count() == 0
    report = programme_report(session.organisation, date(2025, 1, 1), date(2025, 12, 31))
    assert report["outreach"]["contacts"] == 0
    entry = JournalEntry.objects.filter(detail="contact de sortie supprimé").get()
    assert (entry.user, entry.object_id) == (volunteer, str(contact.pk))

    page = client.get(response.url).content.decode()  # the same page offers the undo
    assert "Rétablir le contact" in page and "10:10" in page
    back = client.post(reverse("outreach:contact_restore", args=[contact.pk]), {"from": "quick"})
    assert back.url == f"{reverse('outreach:quick')}?session={session.pk}"
    assert Contact.objects.get() == contact
    assert JournalEntry.objects.filter(detail="contact de sortie rétabli", user=volunteer).exists()


def test_a_volunteer_deletes_only_their_own_contacts_a_mediator_any(session, mediator, volunteer, client_for):
    mine, theirs = anonymous(session, volunteer), anonymous(session, mediator)
    with pytest.raises(PermissionDenied):
        contact_delete(acting_user=volunteer, contact=theirs)
    client = client_for(volunteer)
    assert client.get(reverse("outreach:contact_delete", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("outreach:contact_delete", args=[theirs.pk]), {"confirm": "1"}).status_code == 404
    )
    page = client.get(reverse("outreach:detail", args=[session.pk])).content.decode()
    assert reverse("outreach:contact_delete", args=[mine.pk]) in page
    assert reverse("outreach:contact_delete", args=[theirs.pk]) not in page
    assert Contact.objects.count() == 2

    contact_delete(acting_user=mediator, contact=mine)
    assert list(Contact.objects.all()) == [theirs]


def test_the_undo_lasts_ten_minutes_then_the_job_erases_the_contact(session, volunteer, frozen, client_for):
    early, late = anonymous(session, volunteer), anonymous(session, volunteer, topics=["rights"])
    contact_delete(acting_user=volunteer, contact=early)
    frozen.shift(timedelta(minutes=5))
    contact_delete(acting_user=volunteer, contact=late)
    frozen.shift(timedelta(minutes=6))  # 11 minutes after the first deletion

    with pytest.raises(ValidationError):
        contact_restore(acting_user=volunteer, contact=Contact.all_objects.get(pk=early.pk))
    page = client_for(volunteer).get(reverse("outreach:contact_delete", args=[early.pk])).content.decode()
    assert "Rétablir le contact" not in page and "enregistrez-le à nouveau" in page

    assert purge_deleted_outreach_contacts.call() == 1
    assert list(Contact.all_objects.values_list("pk", flat=True)) == [late.pk]
    assert contacts_purge_deleted(now=timezone.now() + UNDO_DELAY) == 1
    assert not Contact.all_objects.exists()


def test_a_deleted_contact_is_no_last_contact_of_the_follow_up(world, session, mediator):
    person = consented_person(world)
    followup_start(acting_user=mediator, person=person, on=TODAY - timedelta(days=30))
    contact = contact_record(acting_user=mediator, session=session, person=person)
    last = with_last_contact(Followup.objects.filter(person=person)).get().last_contact_on
    assert last == TODAY
    contact_delete(acting_user=mediator, contact=contact)
    last = with_last_contact(Followup.objects.filter(person=person)).get().last_contact_on
    assert last == TODAY - timedelta(days=30)
    assert not person.outreach_contacts.exists()


def test_a_deleted_contact_sent_again_by_the_phone_stays_deleted(session, volunteer):
    client_id = uuid4()
    contact = anonymous(session, volunteer, client_id=client_id)
    contact_delete(acting_user=volunteer, contact=contact)
    again = anonymous(session, volunteer, client_id=client_id)
    assert again.pk == contact.pk and again.deleted_at is not None
    assert not Contact.objects.exists()
