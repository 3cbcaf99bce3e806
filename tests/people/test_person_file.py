"""The file of a person in community mediation: situation, codes, who sees the vulnerability."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.people.models import Person
from lien.people.services import person_update
from tests.factories import CommuneFactory
from tests.mediation import consent_form, consented_person

pytestmark = pytest.mark.django_db


def _full_form(world, **fields) -> dict:
    CommuneFactory()
    return (
        {
            "organisation": world.organisation.pk,
            "first_name": "Irina",
            "last_name": "",
            "birth_year": "1975",
            "gender": "female",
            "commune": "Quillan — 11500 (11304)",
            "contact_mode": "structure",
            "contact_via": "Accueil de jour",
            "phone": "",
            "email": "",
            "languages": ["ro", "fr"],
            "interpreter_needed": "on",
            "housing": "mobile",
            "coverage": "puma",
            "complementary": "none",
            "has_gp": "false",
            "vulnerabilities": ["geographic_isolation", "digital_divide"],
            "referral_source": "health_centre_doctor",
            "referral_detail": "Dr Blaes",
        }
        | consent_form()
        | fields
    )


def test_it_records_the_situation_and_the_codes_as_rows(world, client_for):
    response = client_for(world.users["community_mediator"]).post(reverse("person_create"), _full_form(world))
    person = Person.objects.get()
    assert response.url == reverse("person_detail", args=[person.pk])
    assert (person.gender, person.housing, person.coverage, person.complementary, person.has_gp) == (
        "female",
        "mobile",
        "puma",
        "none",
        False,
    )
    assert (person.contact_mode, person.contact_via, person.interpreter_needed) == (
        "structure",
        "Accueil de jour",
        True,
    )
    assert (person.referral_source, person.referral_detail) == ("health_centre_doctor", "Dr Blaes")
    assert set(person.languages.values_list("language", flat=True)) == {"ro", "fr"}
    assert set(person.vulnerabilities.values_list("factor", flat=True)) == {
        "geographic_isolation",
        "digital_divide",
    }


def test_it_shows_the_vulnerability_only_to_roles_entitled_to_medical_information(world, client_for):
    person = consented_person(world, vulnerabilities=["psychoactive_use"])
    url = reverse("person_detail", args=[person.pk])
    assert (
        "Usage de produits psychoactifs"
        in client_for(world.users["community_mediator"]).get(url).content.decode()
    )
    for role in ["volunteer", "director", "assistant"]:
        page = client_for(world.users[role]).get(url).content.decode()
        assert "psychoactifs" not in page, role
    form = client_for(world.users["volunteer"]).get(reverse("person_edit", args=[person.pk])).context["form"]
    assert "vulnerabilities" not in form.fields


def test_it_keeps_the_vulnerability_when_a_volunteer_edits_the_file(world, client_for):
    person = consented_person(world, vulnerabilities=["psychoactive_use"])
    client = client_for(world.users["volunteer"])
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data["commune"] = form["commune"].field.prepare_value(data["commune"])
    response = client.post(reverse("person_edit", args=[person.pk]), data | {"housing": "street"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.housing == "street"
    assert list(person.vulnerabilities.values_list("factor", flat=True)) == ["psychoactive_use"]


def test_it_refuses_vulnerability_factors_from_a_role_without_medical_access(world):
    person = consented_person(world)
    with pytest.raises(PermissionDenied):
        person_update(acting_user=world.users["volunteer"], person=person, vulnerabilities=["exile"])


def test_it_refuses_unknown_codes(world):
    person = consented_person(world)
    with pytest.raises(ValidationError):
        person_update(acting_user=world.users["community_mediator"], person=person, languages=["klingon"])
    with pytest.raises(ValidationError):
        person_update(acting_user=world.users["community_mediator"], person=person, coverage="gold")


def test_it_hides_the_community_fields_in_a_fund(db, client_for):
    from lien.accounts.enums import Role
    from lien.accounts.services import membership_add
    from tests.factories import OrganisationFactory, UserFactory

    fund = OrganisationFactory(fund=True)
    agent = UserFactory()
    membership_add(user=agent, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    form = client_for(agent).get(reverse("person_create")).context["form"]
    assert "nir" in form.fields
    assert not {"coverage", "vulnerabilities", "consent_given", "housing"} & set(form.fields)


@pytest.mark.parametrize("query", ["irina", "IRÍNA", "popéscu"])
def test_it_finds_the_same_person_again_before_creating_a_duplicate(query, world, client_for):
    consented_person(world, first_name="Irina", last_name="Popescu")
    response = client_for(world.users["volunteer"]).get(reverse("person_list"), {"q": query})
    assert [person.first_name for person in response.context["page"].object_list] == ["Irina"]
    data = _full_form(world, first_name="IRINA", last_name="popescu", vulnerabilities=[])
    response = client_for(world.users["volunteer"]).post(reverse("person_create"), data)
    assert [person.last_name for person in response.context["similar"]] == ["Popescu"]
    assert Person.objects.count() == 1
