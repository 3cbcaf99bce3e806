"""The postal address of a fund's requester: recorded on the person's page and through the API
with the same service, its postal code checked against the commune, erased with the file."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.people.models import Person
from lien.people.services import consent_withdraw, person_create, person_update
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

WRONG_CODE = "Le code postal 75011 n'est pas celui de Maubeuge (59600)"
ADDRESS = {
    "civility": "madame",
    "address_recipient": "Chez M. Martin",
    "address_building": "Résidence les Tilleuls",
    "address_street": "12 rue de la Paix",
    "address_locality": "",
    "postal_code": "59600",
    "town": "",
    "country": "France",
}


@pytest.fixture
def maubeuge(db):
    return CommuneFactory(
        insee_code="59392", name="Maubeuge", postal_codes="59600", departement="59", region="32"
    )


@pytest.fixture
def fund(db):
    return OrganisationFactory(slug="cpam-hainaut", name="CPAM du Hainaut", fund=True)


@pytest.fixture
def mediator(fund):
    user = UserFactory(email="claire@cpam.example", full_name="Claire Lefebvre")
    membership_add(user=user, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return user


@pytest.fixture
def requester(fund, maubeuge):
    return PersonFactory(organisation=fund, first_name="Martine", last_name="Dufour", commune=maubeuge)


def _edit_data(client, person) -> dict:
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_edit_page_of_a_fund_records_and_shows_the_address(requester, mediator, client_for):
    client = client_for(mediator)
    page = client.get(reverse("person_edit", args=[requester.pk])).content.decode()
    assert "Adresse postale des courriers" in page and 'name="address_street"' in page
    response = client.post(
        reverse("person_edit", args=[requester.pk]), _edit_data(client, requester) | ADDRESS
    )
    assert response.status_code == 302
    requester.refresh_from_db()
    assert {name: getattr(requester, name) for name in ADDRESS} == ADDRESS
    entry = JournalEntry.objects.filter(action=Action.UPDATE).get()
    assert "address_street" in entry.detail and "Paix" not in entry.detail  # names of fields, no text
    detail = client.get(reverse("person_detail", args=[requester.pk])).content.decode()
    assert "Madame" in detail
    assert "Chez M. Martin<br>Résidence les Tilleuls<br>12 rue de la Paix<br>59600 Maubeuge" in detail


def test_the_page_refuses_a_postal_code_of_another_commune_and_changes_nothing(
    requester, mediator, client_for
):
    client = client_for(mediator)
    data = _edit_data(client, requester) | ADDRESS | {"postal_code": "75011"}
    response = client.post(reverse("person_edit", args=[requester.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["postal_code"] == [
        f"{WRONG_CODE} : corrigez le code postal ou la commune."
    ]
    requester.refresh_from_db()
    assert (requester.address_street, requester.postal_code) == ("", "")
    assert not JournalEntry.objects.filter(action=Action.UPDATE).exists()


def test_a_community_form_asks_for_no_postal_address(world, client_for):
    page = client_for(world.users["community_mediator"]).get(reverse("person_create")).content.decode()
    assert 'name="address_street"' not in page and 'name="civility"' not in page


def test_the_service_refuses_a_postal_code_outside_the_commune_with_a_french_message(requester, mediator):
    with pytest.raises(ValidationError) as refused:
        person_update(acting_user=mediator, person=requester, postal_code="75011")
    assert refused.value.message_dict == {
        "postal_code": [f"{WRONG_CODE} : corrigez le code postal ou la commune."]
    }
    requester.refresh_from_db()
    assert requester.postal_code == ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"postal_code": "596"}, "postal_code", "Un code postal français a 5 chiffres, par exemple 59600."),
        ({"town": "Bruxelles"}, "town", "En France, la ville est la commune"),
        (
            {"country": "Belgique", "town": "Bruxelles"},
            "commune",
            "Une adresse à l'étranger n'a pas de commune",
        ),
    ],
)
def test_it_refuses_an_address_that_cannot_be_posted(requester, mediator, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        person_update(acting_user=mediator, person=requester, **fields)
    assert refused.value.message_dict[field][0].startswith(message)


def test_a_commune_with_several_postal_codes_takes_any_of_them(fund, mediator):
    paris = CommuneFactory(
        insee_code="75056", name="Paris", postal_codes="75001 75011 75020", departement="75"
    )
    person = person_create(
        acting_user=mediator, organisation=fund, first_name="Léa", commune=paris, postal_code="75 011"
    )
    assert person.postal_code == "75011"


def test_an_address_abroad_has_a_town_and_a_country_but_no_commune(fund, mediator):
    person = person_create(
        acting_user=mediator,
        organisation=fund,
        first_name="Anne",
        last_name="Peeters",
        address_street="Rue de la Loi 16",
        postal_code="1000",
        town="Bruxelles",
        country="Belgique",
    )
    assert person.lives_abroad and person.address_lines == ["Rue de la Loi 16", "1000 Bruxelles", "Belgique"]


# --- the API: the same service, the same fields in and out --------------------------------------


def _api(client, method: str, path: str, payload: dict):
    return getattr(client, method)(f"/api/v1/people{path}", payload, content_type="application/json")


def test_the_api_accepts_and_returns_the_address(fund, maubeuge, mediator, client_for):
    client = client_for(mediator)
    created = _api(
        client,
        "post",
        "",
        {"organisation": fund.slug, "first_name": "Martine", "last_name": "Dufour", "commune": "59392"}
        | ADDRESS,
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {name: body[name] for name in ADDRESS} == ADDRESS
    person_id = body["id"]
    changed = _api(
        client, "patch", f"/{person_id}", {"address_street": "3 rue Jean Jaurès", "civility": None}
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["address_street"], changed.json()["civility"]) == ("3 rue Jean Jaurès", "")
    read = client.get(f"/api/v1/people/{person_id}").json()
    assert (read["address_street"], read["postal_code"], read["country"]) == (
        "3 rue Jean Jaurès",
        "59600",
        "France",
    )


def test_the_api_refuses_a_postal_code_of_another_commune_and_changes_nothing(
    requester, mediator, client_for
):
    client = client_for(mediator)
    response = _api(
        client, "patch", f"/{requester.pk}", {"address_street": "1 rue A", "postal_code": "75011"}
    )
    assert response.status_code == 422
    assert WRONG_CODE in str(response.json()["detail"])
    requester.refresh_from_db()
    assert (requester.address_street, requester.postal_code) == ("", "")


def test_the_api_refuses_an_unknown_civility_and_a_line_longer_than_38_characters(
    requester, mediator, client_for
):
    client = client_for(mediator)
    assert _api(client, "patch", f"/{requester.pk}", {"civility": "docteur"}).status_code == 422
    assert _api(client, "patch", f"/{requester.pk}", {"address_street": "x" * 39}).status_code == 422
    requester.refresh_from_db()
    assert (requester.civility, requester.address_street) == ("", "")


# --- the consent withdrawal erases it ------------------------------------------------------------


def test_a_consent_withdrawal_erases_the_whole_address(world):
    person = consented_person(world, first_name="Irina")
    Person.objects.filter(pk=person.pk).update(**ADDRESS | {"postal_code": "11500", "civility": "madame"})
    person = consent_withdraw(
        acting_user=world.users["community_mediator"], person=Person.objects.get(pk=person.pk)
    )
    person.refresh_from_db()
    assert {name: getattr(person, name) for name in ADDRESS} == dict.fromkeys(ADDRESS, "")
    assert person.address_lines == []
