"""Outreach: sessions, contacts identified or anonymous (both counted), the quick entry on a phone."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.journal.models import JournalEntry
from lien.outreach.models import Contact, OutreachSession
from lien.outreach.selectors import session_summary
from lien.outreach.services import contact_record, session_create
from lien.people.services import consent_withdraw
from tests.factories import CommuneFactory, MembershipFactory, UserFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

TODAY = date(2025, 5, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def volunteer(world):
    return world.users["volunteer"]


@pytest.fixture
def quillan(db):
    return CommuneFactory()


@pytest.fixture
def session(world, mediator, volunteer, quillan):
    return session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="food_distribution",
        held_on=TODAY,
        place="Distribution de colis",
        commune=quillan,
        team=[volunteer],
    )


def test_it_opens_a_session_with_its_team(session, mediator, volunteer):
    assert set(session.team.all()) == {mediator, volunteer}
    assert (session.kind, session.held_on, session.commune_id) == ("food_distribution", TODAY, "11304")


def test_it_refuses_a_team_member_from_elsewhere_and_an_unknown_kind(world, mediator):
    stranger = MembershipFactory(user=UserFactory(), organisation=world.other_organisation).user
    with pytest.raises(ValidationError):
        session_create(
            acting_user=mediator,
            organisation=world.organisation,
            kind="street",
            held_on=TODAY,
            place="Marché",
            team=[stranger],
        )
    with pytest.raises(ValidationError):
        session_create(
            acting_user=mediator, organisation=world.organisation, kind="party", held_on=TODAY, place="Marché"
        )


def test_it_counts_anonymous_and_identified_contacts_alike(world, session, volunteer, quillan):
    person = consented_person(world, birth_year=1980, gender="female", commune=quillan)
    contact_record(acting_user=volunteer, session=session, person=person, topics=["rights"])
    contact_record(
        acting_user=volunteer,
        session=session,
        age_band="45-54",
        gender="female",
        topics=["rights"],
    )
    contact_record(acting_user=volunteer, session=session, age_band="75+", gender="male")
    identified = Contact.objects.get(person=person)
    # The file's facts at the date of the session: counted like an anonymous contact.
    assert (identified.age_band, identified.gender, identified.commune_id, identified.on) == (
        "45-54",
        "female",
        "11304",
        TODAY,
    )
    summary = session_summary(session)
    assert (summary.total, summary.identified, summary.anonymous) == (3, 1, 2)
    assert summary.by_age_band == [("45-54", "45 à 54 ans", 2), ("75+", "75 ans et plus", 1)]
    assert summary.by_topic == [("rights", "Droits santé", 2)]
    # Only the contact with a file is a write on someone's data.
    assert JournalEntry.objects.filter(object_type="outreach.contact").count() == 1


def test_it_gives_an_anonymous_contact_the_commune_of_the_session_by_default(session, volunteer):
    contact = contact_record(acting_user=volunteer, session=session, age_band="25-34")
    assert contact.commune_id == "11304"


def test_it_refuses_a_person_of_another_organisation_or_anonymised(world, session, mediator):
    from tests.factories import PersonFactory

    with pytest.raises(ValidationError):
        contact_record(
            acting_user=mediator, session=session, person=PersonFactory(organisation=world.other_organisation)
        )
    person = consented_person(world)
    consent_withdraw(acting_user=mediator, person=person)
    with pytest.raises(ValidationError):
        contact_record(acting_user=mediator, session=session, person=person)


@pytest.mark.parametrize("role", ["director", "coordinator", "patient_partner", "outsider", "admin"])
def test_it_lets_only_the_team_record(role, world, session, client_for):
    with pytest.raises(PermissionDenied):
        contact_record(acting_user=world.users[role], session=session, age_band="25-34")
    # The outsider records in their own organisation only.
    response = client_for(world.users[role]).get(reverse("outreach:quick"), {"session": session.pk})
    assert response.status_code == 404


# --- the quick entry --------------------------------------------------------------------------------


def test_it_proposes_to_start_todays_session_with_the_last_place(
    world, volunteer, mediator, client_for, quillan
):
    session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=date(2025, 5, 7),
        place="Maison des services",
        commune=quillan,
        team=[volunteer],
    )
    client = client_for(volunteer)
    response = client.get(reverse("outreach:quick"))
    assert response.templates[0].name == "outreach/quick_start.html"
    assert response.context["form"].initial["place"] == "Maison des services"
    response = client.post(
        reverse("outreach:quick_start"),
        {
            "kind": "permanence",
            "place": "Maison des services",
            "commune": "11304",
            "organisation": world.organisation.pk,
        },
    )
    session = OutreachSession.objects.get(held_on=TODAY)
    assert response.url == f"{reverse('outreach:quick')}?session={session.pk}"
    assert volunteer in session.team.all()


def test_it_records_an_anonymous_contact_in_a_few_taps_on_todays_session(session, volunteer, client_for):
    client = client_for(volunteer)
    page = client.get(reverse("outreach:quick"))
    assert page.context["session"] == session  # the session of the day, without choosing it
    response = client.post(
        reverse("outreach:quick"),
        {"session": session.pk, "age_band": "35-44", "gender": "female", "topics": ["rights", "orientation"]},
    )
    contact = Contact.objects.get()
    assert response.url == f"{reverse('outreach:quick')}?session={session.pk}&dernier={contact.pk}"
    assert (contact.age_band, contact.gender, contact.commune_id, contact.recorded_by) == (
        "35-44",
        "female",
        "11304",
        volunteer,
    )
    assert set(contact.topics.values_list("topic", flat=True)) == {"rights", "orientation"}
    # The next screen offers to undo that contact.
    page = client.get(response.url).content.decode()
    assert "Annuler le dernier contact" in page
    confirmation = client.post(reverse("outreach:contact_delete", args=[contact.pk]), {"from": "quick"})
    assert "Supprimer ce contact ?" in confirmation.content.decode()  # not at the first tap
    client.post(reverse("outreach:contact_delete", args=[contact.pk]), {"from": "quick", "confirm": "1"})
    assert not Contact.objects.exists()


def test_it_finds_a_known_person_without_accents_and_records_an_identified_contact(
    world, session, volunteer, client_for
):
    person = consented_person(world, first_name="Hélène", last_name="Éluard", birth_year=1950)
    client = client_for(volunteer)
    page = client.get(reverse("outreach:quick"), {"session": session.pk, "q": "helene"})
    choices = [value for value, _label in page.context["form"].fields["person"].widget.choices]
    assert choices == ["", str(person.pk)]
    client.post(
        reverse("outreach:quick"),
        {"session": session.pk, "q": "helene", "person": person.pk, "topics": ["care_access"]},
    )
    contact = Contact.objects.get()
    assert (contact.person, contact.age_band) == (person, "75+")


def test_it_comes_back_to_the_quick_entry_after_creating_a_file(world, session, volunteer, client_for):
    from tests.mediation import consent_form

    client = client_for(volunteer)
    next_url = f"{reverse('outreach:quick')}?session={session.pk}"
    data = {"organisation": world.organisation.pk, "first_name": "Lola", "next": next_url} | consent_form()
    response = client.post(reverse("person_create"), data)
    assert response.url.startswith(next_url + "&person=")
    page = client.get(response.url)
    assert page.context["form"].initial["person"] == response.url.rsplit("=", 1)[1]


def test_it_keeps_the_quick_entry_small_enough_for_a_phone(session, volunteer, client_for):
    page = client_for(volunteer).get(reverse("outreach:quick")).content.decode()
    form = page.split('class="form quick-form"')[1]
    # Few fields: the profile, the topics and the commune (folded); everything else defaults.
    assert form.count('type="radio"') == 8 + 3
    assert form.count('type="checkbox"') == 12
    assert form.count("<textarea") == 0
    assert 'class="button-big"' in form


def test_it_hides_the_topics_of_named_people_from_volunteers(world, session, mediator, volunteer, client_for):
    person = consented_person(world)
    contact_record(acting_user=mediator, session=session, person=person, topics=["sexual_health"])
    url = reverse("outreach:detail", args=[session.pk])
    assert client_for(mediator).get(url).context["show_topics"] is True
    volunteer_page = client_for(volunteer).get(url)
    assert volunteer_page.context["show_topics"] is False
    assert "Santé sexuelle</td>" not in volunteer_page.content.decode()


def test_it_lists_sessions_with_a_constant_number_of_queries(
    world, mediator, client_for, django_assert_max_num_queries, quillan
):
    client = client_for(mediator)

    def count() -> int:
        with django_assert_max_num_queries(15) as captured:
            assert client.get(reverse("outreach:list")).status_code == 200
        return len(captured)

    session_create(
        acting_user=mediator, organisation=world.organisation, kind="street", held_on=TODAY, place="Marché"
    )
    one = count()
    for _ in range(6):
        session = session_create(
            acting_user=mediator,
            organisation=world.organisation,
            kind="street",
            held_on=TODAY,
            place="Marché",
            commune=quillan,
        )
        contact_record(acting_user=mediator, session=session, age_band="25-34")
    assert count() == one


def test_it_keeps_sessions_from_another_organisation(world, session, client_for):
    client = client_for(world.users["outsider"])
    assert client.get(reverse("outreach:detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("outreach:quick"), {"session": session.pk}).status_code == 404
    assert session not in client.get(reverse("outreach:list")).context["page"].object_list
