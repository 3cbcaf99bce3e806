import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lien.journal.models import Action, JournalEntry
from lien.people.models import Person
from lien.people.services import ConsentInput, person_create, person_update
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def director(world):
    return world.users["director"]


def _entries(**filters) -> list[tuple]:
    return list(
        JournalEntry.objects.filter(**filters).values_list("action", "user__email", "person_id", "detail")
    )


def test_it_journals_each_opening_of_a_file(person, mediator, client_for):
    client = client_for(mediator)
    client.get(reverse("person_detail", args=[person.pk]))
    client.get(reverse("person_detail", args=[person.pk]))
    client.get(f"/api/v1/people/{person.pk}")
    assert _entries() == [(Action.VIEW, mediator.email, person.pk, "")] * 3
    entry = JournalEntry.objects.first()
    assert (entry.organisation, entry.object_type, entry.object_id, entry.object_repr, entry.person) == (
        person.organisation,
        "people.person",
        str(person.pk),
        f"personne n°{person.pk}",  # the name is read from the file, as it is now
        person,
    )


def test_it_journals_no_file_for_lists_searches_or_refused_reads(world, person, mediator, client_for):
    """A list names no file in the journal: the pages write nothing, a page of the API one entry
    with its count (tests/access/test_api_list_journal.py)."""
    client = client_for(mediator)
    client.get(reverse("person_list"))
    client.get(reverse("person_list"), {"q": "helene"})
    client.get("/api/v1/people")
    client.get(reverse("home"))
    client_for(world.users["outsider"]).get(reverse("person_detail", args=[person.pk]))
    assert _entries() == [(Action.VIEW, mediator.email, None, "API GET /api/v1/people")]


def test_it_journals_a_creation(world, mediator, client_for):
    consent = {"consent_given": "on", "consent_given_on": "2024-01-02", "consent_form": "oral"}
    client_for(mediator).post(
        reverse("person_create"),
        {
            "organisation": world.organisation.pk,
            "first_name": "Lola",
            "consent_information_version": "2026-01",
        }
        | consent,
    )
    assert _entries() == [(Action.CREATE, mediator.email, Person.objects.get(first_name="Lola").pk, "")]


def test_it_journals_an_update_with_the_names_of_the_changed_fields_only(world, mediator, client_for):
    person = person_create(
        acting_user=mediator,
        organisation=world.organisation,
        consent=ConsentInput(given_on=dt.date(2024, 1, 2), form="oral"),
        first_name="Gérard",
        last_name="Sarda",
        commune=CommuneFactory(),
    )
    client = client_for(mediator)
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    # What a browser posts back: every field as rendered, the commune by its label.
    data = {name: form[name].value() or "" for name in form.fields}
    data["commune"] = form["commune"].field.prepare_value(data["commune"])
    assert data["commune"] == "Quillan — 11500 (11304)"
    client.post(
        reverse("person_edit", args=[person.pk]), data | {"phone": "04 68 74 02 93", "birth_year": 1956}
    )
    assert _entries(action=Action.UPDATE) == [(Action.UPDATE, mediator.email, person.pk, "birth_year, phone")]


def test_it_journals_an_update_made_through_the_service(person, mediator):
    person_update(acting_user=mediator, person=person, email="helene@example.org", first_name="Hélène")
    assert _entries() == [(Action.UPDATE, mediator.email, person.pk, "first_name, email")]


def test_it_refuses_to_change_an_entry(person, mediator):
    entry = JournalEntry.log_view(user=mediator, obj=person, organisation=person.organisation, person=person)
    entry.detail = "effacé"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        JournalEntry.objects.filter(pk=entry.pk).update(detail="effacé")
    assert JournalEntry.objects.get().detail == ""


def test_it_refuses_to_delete_an_entry(person, mediator):
    entry = JournalEntry.log_view(user=mediator, obj=person, organisation=person.organisation, person=person)
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        JournalEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    assert JournalEntry.objects.count() == 1


def _log(user, person, action=Action.VIEW, at="2026-03-10 10:00"):
    with time_machine.travel(dt.datetime.fromisoformat(at).replace(tzinfo=PARIS), tick=False):
        return JournalEntry.log(
            user=user, action=action, obj=person, organisation=person.organisation, person=person
        )


def _journal(client, **params) -> list[JournalEntry]:
    response = client.get(reverse("journal"), params)
    assert response.status_code == 200
    # Not the journal's own readings, each journalled (tests/journal/test_hardening.py).
    return [
        entry
        for entry in response.context["page"].object_list
        if entry.object_type != "accounts.organisation"
    ]


def test_it_shows_a_director_the_entries_of_their_organisation_only(
    world, person, mediator, director, client_for
):
    mine = _log(mediator, person)
    elsewhere = PersonFactory(organisation=world.other_organisation)
    _log(world.users["outsider"], elsewhere)
    response = client_for(director).get(reverse("journal"))
    assert list(response.context["page"].object_list) == [mine]
    assert elsewhere.display_name not in response.content.decode()


def test_it_filters_the_journal_by_person_without_accents(world, person, mediator, director, client_for):
    helene = _log(mediator, person)
    _log(mediator, PersonFactory(organisation=world.organisation, first_name="Paul", last_name="Martin"))
    client = client_for(director)
    assert _journal(client, person="helene") == [helene]
    assert _journal(client, person="ÉLUARD") == [helene]


def test_it_filters_the_journal_by_user(world, person, mediator, director, client_for):
    _log(mediator, person)
    assistant = _log(world.users["assistant"], person)
    assert _journal(client_for(director), user=world.users["assistant"].pk) == [assistant]


def test_it_filters_the_journal_by_action(person, mediator, director, client_for):
    _log(mediator, person, Action.VIEW)
    update = _log(mediator, person, Action.UPDATE)
    assert _journal(client_for(director), action="update") == [update]


def test_it_filters_the_journal_by_dates_in_local_time(person, mediator, director, client_for):
    _log(mediator, person, at="2026-03-09 23:30")
    first = _log(mediator, person, at="2026-03-10 00:30")  # still the 9th in UTC (CET, +01:00)
    second = _log(mediator, person, at="2026-03-12 23:30")
    _log(mediator, person, at="2026-03-13 00:30")
    client = client_for(director)
    assert _journal(client, date_from="2026-03-10", date_to="2026-03-12") == [second, first]
    assert len(_journal(client, date_from="2026-03-13")) == 1
    assert len(_journal(client, date_to="2026-03-09")) == 1


def test_it_explains_an_inverted_date_range_in_french(person, mediator, director, client_for):
    _log(mediator, person)
    response = client_for(director).get(
        reverse("journal"), {"date_from": "2026-03-12", "date_to": "2026-03-10"}
    )
    assert response.status_code == 200
    assert "La date de début est après la date de fin." in response.content.decode()


def test_it_hides_the_journal_from_those_who_may_not_read_it(world, client_for):
    for who in ["community_mediator", "coordinator", "outsider", "nobody"]:
        assert client_for(world.users[who]).get(reverse("journal")).status_code == 404


def _journal_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(14) as captured:  # the reading journalled: 2 of them
        response = client.get(reverse("journal"))
    assert response.status_code == 200
    return len(captured)


def test_it_lists_the_journal_with_a_constant_number_of_queries(
    world, mediator, director, client_for, django_assert_max_num_queries
):
    client = client_for(director)
    person = PersonFactory(organisation=world.organisation)
    _log(mediator, person)
    with_one = _journal_queries(client, django_assert_max_num_queries)
    people = PersonFactory.create_batch(29, organisation=world.organisation)
    for index, other in enumerate(people):
        _log(world.users["assistant"] if index % 2 else mediator, other, Action.UPDATE)
    assert JournalEntry.objects.count() == 31  # with the first reading of the journal
    assert _journal_queries(client, django_assert_max_num_queries) == with_one
