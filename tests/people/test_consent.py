"""No identified file without a recorded consent (community organisations); withdrawal anonymises."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.journal.models import Action, JournalEntry
from lien.people.anonymity import age_band_of, band_birth_year
from lien.people.enums import age_band_for
from lien.people.models import Consent, Person
from lien.people.services import ConsentInput, consent_record, consent_withdraw, person_create
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.mediation import FULL_CONSENT, consent_form, consented_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def test_it_refuses_an_identified_file_without_consent_in_an_association(world, mediator):
    with pytest.raises(ValidationError) as error:
        person_create(acting_user=mediator, organisation=world.organisation, first_name="Lola")
    assert "consent" in error.value.message_dict
    assert not Person.objects.exists()


def test_it_records_the_consent_with_the_file(world, mediator):
    person = person_create(
        acting_user=mediator, organisation=world.organisation, consent=FULL_CONSENT, first_name="Lola"
    )
    consent = person.current_consent()
    assert (consent.given_on, consent.form, consent.information_version, consent.recorded_by) == (
        date(2024, 1, 2),
        "written",
        "2026-01",
        mediator,
    )
    assert (consent.share_with_partners, consent.advocacy_testimonies) == (True, True)


def test_it_does_not_ask_a_funds_requester_for_a_consent(db):
    fund = OrganisationFactory(fund=True)
    agent = UserFactory()
    membership_add(user=agent, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    person = person_create(acting_user=agent, organisation=fund, first_name="Jean")
    assert not person.requires_consent
    assert person.current_consent() is None


@pytest.mark.parametrize(
    ("consent", "field"),
    [
        (ConsentInput(given_on=date(2099, 1, 1), form="oral"), "given_on"),
        (ConsentInput(given_on=date(2024, 1, 1), form="tacit"), "form"),
        (
            ConsentInput(given_on=date(2024, 1, 1), form="oral", information_version="1999"),
            "information_version",
        ),
    ],
)
def test_it_refuses_an_incomplete_or_unknown_consent(consent, field, world, mediator):
    with pytest.raises(ValidationError) as error:
        person_create(
            acting_user=mediator, organisation=world.organisation, consent=consent, first_name="Lola"
        )
    assert field in error.value.message_dict


def test_it_asks_for_the_consent_in_the_form_and_points_to_an_anonymous_contact(world, mediator, client_for):
    data = {"organisation": world.organisation.pk, "first_name": "Lola"}
    response = client_for(mediator).post(reverse("person_create"), data)
    assert response.status_code == 200
    assert "contact anonyme" in response.content.decode()
    assert not Person.objects.exists()
    response = client_for(mediator).post(
        reverse("person_create"), data | consent_form(consent_form="written")
    )
    person = Person.objects.get()
    assert response.url == reverse("person_detail", args=[person.pk])
    assert person.current_consent().form == "written"


def test_it_shows_the_information_text_to_read_to_the_person(world, mediator, client_for):
    page = client_for(mediator).get(reverse("person_create")).content.decode()
    assert "retirer votre accord à tout moment" in page
    page = client_for(mediator).get(reverse("information_text")).content.decode()
    assert "version 2026-01" in page


def test_it_warns_about_an_older_file_without_consent_and_records_one(world, mediator, client_for):
    person = PersonFactory(organisation=world.organisation)
    client = client_for(mediator)
    assert (
        "Aucun consentement enregistré"
        in client.get(reverse("person_detail", args=[person.pk])).content.decode()
    )
    response = client.post(reverse("consent_record", args=[person.pk]), consent_form())
    assert response.status_code == 302
    assert person.current_consent().given_on == date(2024, 1, 2)
    assert JournalEntry.objects.filter(
        person=person, action=Action.UPDATE, detail__startswith="consentement"
    ).exists()
    assert "Aucun consentement" not in client.get(reverse("person_detail", args=[person.pk])).content.decode()


def test_it_keeps_the_latest_consent_as_the_current_one(world, mediator):
    person = consented_person(world)
    consent_record(
        acting_user=mediator,
        person=person,
        consent=ConsentInput(given_on=date(2025, 3, 1), form="written", advocacy_testimonies=True),
    )
    assert person.current_consent().given_on == date(2025, 3, 1)
    assert person.consents.count() == 2


def test_it_anonymises_the_file_when_the_consent_is_withdrawn_and_keeps_its_statistics(world, mediator):
    commune = CommuneFactory()
    person = consented_person(
        world,
        first_name="Hélène",
        last_name="Éluard",
        phone="06 12 34 56 78",
        email="helene@example.org",
        birth_year=1971,
        commune=commune,
        gender="female",
        coverage="ame",
        contact_mode="relay",
        contact_via="Sa voisine, Mme Roux",
        referral_detail="Dr Blaes",
        vulnerabilities=["exile", "care_rupture"],
        languages=["ar"],
    )
    consent_withdraw(acting_user=mediator, person=person, withdrawn_on=date(2025, 6, 1))
    person.refresh_from_db()
    assert person.display_name == f"Personne anonymisée n°{person.pk}"
    assert (
        person.last_name,
        person.phone,
        person.email,
        person.nir,
        person.contact_via,
        person.referral_detail,
    ) == (
        "",
        "",
        "",
        "",
        "",
        "",
    )
    assert (person.phone_digits, person.search_name) == ("", f"personne anonymisee n°{person.pk}")
    # What the statistics count stays, generalised: the age band (its middle year), the
    # département of a commune where too few people are followed to name nobody.
    assert age_band_of(person) == age_band_for(1971, timezone.localdate())
    assert (person.birth_year, person.commune, person.departement, person.gender, person.coverage) == (
        band_birth_year(1971, timezone.localdate()),
        None,
        commune.departement,
        "female",
        "ame",
    )
    assert set(person.vulnerabilities.values_list("factor", flat=True)) == {"exile", "care_rupture"}
    assert person.is_anonymised
    assert Consent.objects.get(person=person).withdrawn_on == date(2025, 6, 1)
    assert person.current_consent() is None
    entry = JournalEntry.objects.filter(person=person).latest("id")
    assert (entry.action, entry.user, entry.detail) == (
        Action.UPDATE,
        mediator,
        "retrait du consentement : fiche anonymisée",
    )


def test_it_no_longer_finds_an_anonymised_person(world, mediator, client_for):
    person = consented_person(world, first_name="Hélène", last_name="Éluard")
    consent_withdraw(acting_user=mediator, person=person)
    response = client_for(mediator).get(reverse("person_list"), {"q": "eluard"})
    assert list(response.context["page"].object_list) == []
    assert client_for(mediator).get(reverse("person_edit", args=[person.pk])).status_code == 404


def test_it_refuses_to_edit_or_withdraw_twice_an_anonymised_file(world, mediator):
    from lien.people.services import person_update

    person = consented_person(world)
    consent_withdraw(acting_user=mediator, person=person)
    with pytest.raises(ValidationError):
        consent_withdraw(acting_user=mediator, person=person)
    with pytest.raises(ValidationError):
        person_update(acting_user=mediator, person=person, first_name="Josette")


def test_it_withdraws_through_the_page_after_a_confirmation(world, mediator, client_for):
    person = consented_person(world)
    client = client_for(mediator)
    url = reverse("consent_withdraw", args=[person.pk])
    response = client.post(url, {"withdrawn_on": "2025-06-01"})
    assert response.status_code == 200  # the confirmation box is required
    person.refresh_from_db()
    assert not person.is_anonymised
    client.post(url, {"withdrawn_on": "2025-06-01", "confirm": "on"})
    person.refresh_from_db()
    assert person.is_anonymised
    assert (
        "retiré son consentement" in client.get(reverse("person_detail", args=[person.pk])).content.decode()
    )


def test_it_lets_only_community_mediators_withdraw(world, client_for):
    """Anonymising is for good: not a volunteer's tap, nor the assistant's or the deputy's (the
    coordinator reads no file)."""
    person = consented_person(world)
    for role in ("volunteer", "assistant", "deputy", "director", "coordinator", "outsider"):
        with pytest.raises(PermissionDenied):
            consent_withdraw(acting_user=world.users[role], person=person)
    volunteer = client_for(world.users["volunteer"])
    assert volunteer.get(reverse("consent_withdraw", args=[person.pk])).status_code == 404
    page = volunteer.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert reverse("consent_withdraw", args=[person.pk]) not in page
    assert reverse("consent_record", args=[person.pk]) in page  # recording one stays open to them
    mediator = client_for(world.users["community_mediator"])
    page = mediator.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert reverse("consent_withdraw", args=[person.pk]) in page
    person.refresh_from_db()
    assert not person.is_anonymised


def test_it_does_not_anonymise_a_funds_requester(db):
    fund = OrganisationFactory(fund=True)
    agent = UserFactory()
    membership_add(user=agent, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    person = person_create(acting_user=agent, organisation=fund, first_name="Jean")
    with pytest.raises(PermissionDenied):  # withdrawing consents is community mediation
        consent_withdraw(acting_user=agent, person=person)
    membership_add(user=agent, organisation=fund, role=Role.COMMUNITY_MEDIATOR)
    with pytest.raises(ValidationError):
        consent_withdraw(acting_user=UserFactory._meta.model.objects.get(pk=agent.pk), person=person)
    person.refresh_from_db()
    assert not person.is_anonymised


def test_it_refuses_a_withdrawal_dated_in_the_future_or_before_the_consent(world, mediator):
    person = consented_person(world)  # consent of 2 January 2024
    for day in (date(2099, 1, 1), date(2023, 12, 31)):
        with pytest.raises(ValidationError):
            consent_withdraw(acting_user=mediator, person=person, withdrawn_on=day)
    person.refresh_from_db()
    assert not person.is_anonymised
    assert person.current_consent() is not None
