import pytest
from django.urls import reverse
from django.utils import timezone

from lien.followup.enums import PrescriptionKind
from lien.followup.models import Contact, Followup, Goal
from lien.followup.services import goal_create, prescription_add
from lien.journal.models import Action, JournalEntry
from tests.community import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


def test_it_records_a_contact_from_the_phone_form_in_one_post(world, mediator, person, client_for):
    today = timezone.localdate()
    response = client_for(mediator).post(
        reverse("followup:contact_add", args=[person.pk]),
        {
            "channel": "phone",
            "reached": "on",
            "on": today.isoformat(),
            "note": "Va mieux",
            "next_contact_on": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("followup:person", args=[person.pk])
    assert Contact.objects.get(person=person).note == "Va mieux"


def test_it_shows_form_errors_from_the_service(world, mediator, person, client_for):
    today = timezone.localdate()
    response = client_for(mediator).post(
        reverse("followup:contact_add", args=[person.pk]),
        {"channel": "phone", "on": today.isoformat(), "next_contact_on": "2000-01-01"},
    )
    assert response.status_code == 200
    assert "précéder" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_follow_up_page_journals_the_access_and_hides_prescriptions_without_medical_access(
    world, mediator, person, client_for
):
    prescription_add(
        acting_user=mediator, person=person, kind=PrescriptionKind.EXAMINATION, label="Échographie"
    )
    page = client_for(mediator).get(reverse("followup:person", args=[person.pk])).content.decode()
    assert "Échographie" in page
    deputy_page = client_for(world.users["deputy"]).get(reverse("followup:person", args=[person.pk]))
    assert deputy_page.status_code == 200
    assert "Échographie" not in deputy_page.content.decode()
    assert JournalEntry.objects.filter(user=world.users["deputy"], person=person, action=Action.VIEW).exists()


def test_it_ticks_an_action_and_achieves_a_goal_by_post_only(world, mediator, person, client_for):
    goal = goal_create(
        acting_user=mediator,
        person=person,
        title="Dentiste",
        agreed_on=timezone.localdate(),
        actions=["Appeler"],
    )
    action = goal.actions.get()
    client = client_for(mediator)
    assert client.get(reverse("followup:goal_action_toggle", args=[action.pk])).status_code == 405
    client.post(reverse("followup:goal_action_toggle", args=[action.pk]))
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert client.get(reverse("followup:goal_achieve", args=[goal.pk])).status_code == 405
    client.post(reverse("followup:goal_achieve", args=[goal.pk]))
    assert Goal.objects.get(pk=goal.pk).status == "achieved"


def test_the_outsider_gets_404_on_every_follow_up_page(world, mediator, person, client_for):
    goal = goal_create(
        acting_user=mediator, person=person, title="Dentiste", agreed_on=timezone.localdate(), actions=["A"]
    )
    client = client_for(world.users["outsider"])
    for url in [
        reverse("followup:person", args=[person.pk]),
        reverse("followup:contact_add", args=[person.pk]),
        reverse("followup:goal_action_add", args=[goal.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("followup:goal_action_toggle", args=[goal.actions.get().pk])).status_code == 404
    )


def test_the_call_list_searches_people_to_open_their_follow_up(world, mediator, person, client_for):
    response = client_for(mediator).get(reverse("followup:call_list"), {"q": "josette"})
    assert reverse("followup:person", args=[person.pk]) in response.content.decode()


def test_it_saves_the_organisation_settings(world, mediator, client_for):
    response = client_for(mediator).post(
        reverse("followup:settings"),
        {"rupture_days": "45", "reminder_days_before": "2", "contact_phone": "04 65 71 00 12"},
    )
    assert response.status_code == 302
    assert world.organisation.followup_settings.rupture_days == 45


def test_the_person_page_shows_the_follow_up_panel_to_the_team_only(world, mediator, person, client_for):
    Followup.objects.create(organisation=world.organisation, person=person, started_on=timezone.localdate())
    url = reverse("person_detail", args=[person.pk])
    assert "Ouvrir le suivi" in client_for(mediator).get(url).content.decode()
    volunteer_page = client_for(world.users["volunteer"]).get(url).content.decode()
    assert "Ouvrir le suivi" not in volunteer_page
    assert "Enregistrer un dépistage" in volunteer_page


def test_an_anonymised_person_leaves_the_call_list_and_takes_no_new_step(world, mediator, person, client_for):
    from datetime import timedelta

    from lien.followup.selectors import call_list_for
    from lien.followup.services import contact_record

    contact_record(
        acting_user=mediator, person=person, on=timezone.localdate() - timedelta(days=90), channel="phone"
    )
    assert len(call_list_for(mediator, today=timezone.localdate()).rows) == 1
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    assert call_list_for(mediator, today=timezone.localdate()).rows == []
    assert client_for(mediator).get(reverse("followup:contact_add", args=[person.pk])).status_code == 404
