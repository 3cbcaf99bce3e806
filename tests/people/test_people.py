from datetime import date

import pytest
from django.urls import reverse

from lien.journal.models import Action, JournalEntry
from lien.people.models import Person
from lien.people.services import ConsentInput, person_create
from tests.factories import CommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

SIMILAR_WARNING = "Cette personne est peut-être déjà suivie"


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


CONSENT = ConsentInput(given_on=date(2024, 1, 2), form="oral")


def _create_form(world, **fields) -> dict:
    data = {
        "organisation": world.organisation.pk,
        "first_name": "",
        "last_name": "",
        "birth_year": "",
        "phone": "",
        "email": "",
        "commune": "",
        "consent_given": "on",
        "consent_given_on": "2024-01-02",
        "consent_form": "oral",
        "consent_information_version": "2026-01",
    }
    return data | fields


def _people_named(first_name: str) -> list[Person]:
    return list(Person.objects.filter(first_name=first_name))


def test_it_proposes_an_existing_person_with_the_same_name_and_creates_only_once_confirmed(
    world, person, mediator, client_for
):
    client = client_for(mediator)
    data = _create_form(world, first_name="helene", last_name="ELUARD")
    response = client.post(reverse("person_create"), data)
    assert response.status_code == 200
    assert response.context["similar"] == [person]
    assert SIMILAR_WARNING in response.content.decode()
    assert Person.objects.count() == 1

    response = client.post(reverse("person_create"), data | {"confirm_new": "on"})
    created = Person.objects.exclude(pk=person.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("person_detail", args=[created.pk])
    assert (created.first_name, created.last_name, created.created_by) == ("helene", "ELUARD", mediator)


def test_it_proposes_an_existing_person_with_the_same_phone_written_differently(world, mediator, client_for):
    known = person_create(
        acting_user=mediator,
        consent=CONSENT,
        organisation=world.organisation,
        first_name="Josette",
        phone="06 12 34 56 78",
    )
    data = _create_form(world, first_name="Jo", phone="+33 6.12.34.56.78")
    response = client_for(mediator).post(reverse("person_create"), data)
    assert response.context["similar"] == [known]
    assert _people_named("Jo") == []


def test_it_proposes_an_existing_person_with_the_same_email(world, mediator, client_for):
    known = person_create(
        acting_user=mediator,
        consent=CONSENT,
        organisation=world.organisation,
        first_name="Nour",
        email="nour@example.org",
    )
    data = _create_form(world, first_name="N.", email="Nour@Example.org")
    response = client_for(mediator).post(reverse("person_create"), data)
    assert response.context["similar"] == [known]
    assert _people_named("N.") == []


def test_it_creates_at_once_when_nobody_similar_is_visible(world, mediator, client_for):
    # Same name, but in another organisation: not proposed, since the mediator may not see it.
    PersonFactory(organisation=world.other_organisation, first_name="Hélène", last_name="Éluard")
    CommuneFactory()
    data = _create_form(world, first_name="Hélène", last_name="Éluard", commune="Quillan — 11500 (11304)")
    response = client_for(mediator).post(reverse("person_create"), data)
    created = Person.objects.get(organisation=world.organisation)
    assert response.status_code == 302
    assert (created.search_name, created.commune_id) == ("helene eluard", "11304")
    entry = JournalEntry.objects.get(person=created)
    assert (entry.action, entry.user, entry.organisation) == (Action.CREATE, mediator, world.organisation)


def test_it_refuses_an_unknown_commune_in_the_form(world, mediator, client_for):
    data = _create_form(world, first_name="Lola", commune="Atlantide")
    response = client_for(mediator).post(reverse("person_create"), data)
    assert response.status_code == 200
    assert "Commune inconnue" in response.content.decode()
    assert _people_named("Lola") == []


@pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "éluard", "Helene Eluard", "lène él"])
def test_it_searches_the_list_without_accents_or_case(query, world, person, mediator, client_for):
    PersonFactory(organisation=world.organisation, first_name="Paul", last_name="Martin")
    response = client_for(mediator).get(reverse("person_list"), {"q": query})
    assert list(response.context["page"].object_list) == [person]


def test_it_searches_the_list_by_phone_whatever_the_spacing(world, mediator, client_for):
    known = person_create(
        acting_user=mediator,
        consent=CONSENT,
        organisation=world.organisation,
        first_name="Ahmed",
        phone="06 12 44 80 17",
    )
    PersonFactory(organisation=world.organisation, first_name="Paul")
    response = client_for(mediator).get(reverse("person_list"), {"q": "0612448017"})
    assert list(response.context["page"].object_list) == [known]


def test_it_lists_only_the_people_of_the_users_organisations(world, person, client_for):
    PersonFactory(organisation=world.other_organisation, first_name="Ailleurs")
    response = client_for(world.users["community_mediator"]).get(reverse("person_list"))
    assert list(response.context["page"].object_list) == [person]


def test_it_saves_an_edit_and_journals_the_changed_fields(world, person, mediator, client_for):
    client = client_for(mediator)
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(
        reverse("person_edit", args=[person.pk]),
        data | {"last_name": "Eluard-Roux", "phone": "04 68 20 11 42"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.search_name, person.phone_digits) == (
        "Eluard-Roux",
        "helene eluard roux",
        "0468201142",
    )
    entry = JournalEntry.objects.filter(action=Action.UPDATE).get()
    assert (entry.person, entry.user, entry.detail) == (person, mediator, "last_name, phone")


def _list_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("person_list"))
    assert response.status_code == 200
    return len(captured)


def test_it_lists_people_with_a_constant_number_of_queries(
    world, mediator, client_for, django_assert_max_num_queries
):
    client = client_for(mediator)
    commune = CommuneFactory()
    PersonFactory(organisation=world.organisation, commune=commune)
    with_one = _list_queries(client, django_assert_max_num_queries)
    PersonFactory.create_batch(24, organisation=world.organisation, commune=commune)
    assert _list_queries(client, django_assert_max_num_queries) == with_one


def _api_post(client, payload):
    """POST a payload (a dict sent as JSON, or raw text sent as is) to the API."""
    return client.post("/api/v1/people", payload, content_type="application/json")


def test_it_creates_a_person_through_the_api(world, mediator, client_for):
    CommuneFactory()
    payload = {
        "organisation": "asso",
        "first_name": "Irina",
        "last_name": "Popescu",
        "birth_year": 1975,
        "phone": "07 66 12 09 83",
        "commune": "11304",
    }
    consent = {"given_on": "2024-01-02", "form": "oral", "information_version": "2026-01"}
    response = _api_post(client_for(mediator), payload | {"consent": consent})
    assert response.status_code == 201
    body = response.json()
    created = Person.objects.get(pk=body["id"])
    assert {key: body[key] for key in payload} == payload
    assert (created.search_name, created.phone_digits, created.commune_id) == (
        "irina popescu",
        "0766120983",
        "11304",
    )
    assert JournalEntry.objects.filter(person=created, action=Action.CREATE, user=mediator).count() == 1


def test_it_refuses_an_unknown_commune_through_the_api_in_json(world, mediator, client_for):
    consent = {"given_on": "2024-01-02", "form": "oral"}
    response = _api_post(
        client_for(mediator),
        {"organisation": "asso", "first_name": "Lola", "commune": "99999", "consent": consent},
    )
    assert response.status_code == 404  # a well-formed code that names no commune Lien knows
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["detail"]
    assert "99999" in response.json()["detail"]
    assert _people_named("Lola") == []


@pytest.mark.parametrize(
    "payload",
    [
        "{",
        "not json",
        "",
        "null",
        "[]",
        '"asso"',
        {"organisation": "asso"},
        {"organisation": "asso", "first_name": 3},
        {"organisation": ["asso"], "first_name": "Lola"},
        {"organisation": "asso", "first_name": "Lola", "birth_year": "vieux"},
        {"organisation": "asso", "first_name": "Lola", "birth_year": 1800},
        {"organisation": "asso", "first_name": "Lola", "birth_year": 10**30},
        {"organisation": "asso", "first_name": "Lola", "commune": 11304},
        {"organisation": "asso", "first_name": "Lola", "commune": "113045"},
        {"organisation": "asso", "first_name": "Lola", "email": "pas-une-adresse"},
        {"organisation": "asso", "first_name": "x" * 101},
        {"organisation": "asso", "first_name": "Lola", "phone": "0" * 31},
    ],
)
def test_it_answers_malformed_api_input_with_a_json_error(payload, world, mediator, client_for):
    response = _api_post(client_for(mediator), payload)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    assert Person.objects.count() == 0


# --- NIR: only a fund (caisse) records it ---------------------------------------------------


def test_it_records_a_valid_nir_in_a_fund_and_finds_duplicates_by_it(db):
    from lien.accounts.enums import Role
    from lien.accounts.services import membership_add
    from lien.people.services import person_create, person_find_similar
    from tests.factories import OrganisationFactory, UserFactory

    fund = OrganisationFactory(fund=True)
    agent = UserFactory()
    membership_add(user=agent, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    person = person_create(
        acting_user=agent, organisation=fund, first_name="Jean", nir="1 85 05 78 006 048 30"
    )
    assert person.nir == "185057800604830"
    similar = person_find_similar(user=agent, first_name="Autre", nir="185057800604830")
    assert similar == [person]


def test_it_refuses_a_nir_with_a_wrong_key_or_outside_a_fund(db):
    from django.core.exceptions import ValidationError

    from lien.accounts.enums import Role
    from lien.accounts.services import membership_add
    from lien.people.services import person_create
    from tests.factories import OrganisationFactory, UserFactory

    fund = OrganisationFactory(fund=True)
    association = OrganisationFactory()
    user = UserFactory()
    membership_add(user=user, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    membership_add(user=user, organisation=association, role=Role.COMMUNITY_MEDIATOR)
    with pytest.raises(ValidationError):
        person_create(acting_user=user, organisation=fund, first_name="Jean", nir="185057800604831")
    with pytest.raises(ValidationError):
        person_create(
            acting_user=user,
            organisation=association,
            consent=CONSENT,
            first_name="Jean",
            nir="185057800604830",
        )


def test_it_hides_the_nir_field_outside_funds(world, client_for):
    from django.urls import reverse

    page = client_for(world.users["community_mediator"]).get(reverse("person_create")).content.decode()
    assert 'name="nir"' not in page
