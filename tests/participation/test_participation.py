"""Exchange spaces, users' group, community relays, testimonies and their anonymised use."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.participation.models import CommunityRelay, Meeting
from lien.participation.models import Testimony as SavedTestimony
from lien.participation.selectors import advocacy_testimonies, troubles_count
from lien.participation.services import meeting_save, relay_save
from lien.participation.services import testimony_save as save_testimony
from tests.factories import CommuneFactory
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


def test_it_records_an_exchange_space_with_the_troubles_expressed(world, client_for):
    CommuneFactory()
    data = {
        "organisation": world.organisation.pk,
        "kind": "exchange_space",
        "held_on": "2025-04-03",
        "place": "Salle associative",
        "commune": "11304",
        "theme": "Trouver un médecin",
        "attendance": "9",
        "troubles": ["no_gp", "distance"],
        "summary": "Personne ne prend de nouveaux patients.",
    }
    response = client_for(world.users["volunteer"]).post(reverse("participation:meeting_create"), data)
    meeting = Meeting.objects.get()
    assert response.url == reverse("participation:meeting_detail", args=[meeting.pk])
    assert (meeting.attendance, meeting.commune_id) == (9, "11304")
    assert set(meeting.troubles.values_list("trouble", flat=True)) == {"no_gp", "distance"}


def test_it_records_a_users_group_meeting_and_refuses_a_negative_attendance(world, mediator):
    meeting_save(
        acting_user=mediator,
        organisation=world.organisation,
        kind="users_group",
        held_on=date(2025, 4, 3),
        place="Mairie",
        attendance=6,
    )
    with pytest.raises(ValidationError):
        meeting_save(
            acting_user=mediator,
            organisation=world.organisation,
            kind="users_group",
            held_on=date(2025, 4, 3),
            place="Mairie",
            attendance=-1,
        )


def test_it_lists_relays_who_agreed_and_hides_those_who_stopped(world, mediator, client_for):
    commune = CommuneFactory()
    relay_save(
        acting_user=mediator,
        organisation=world.organisation,
        commune=commune,
        name="Josiane",
        agreed_on=date(2025, 1, 5),
        role="Secrétaire de mairie",
        phone="06 11 22 33 44",
    )
    relay_save(
        acting_user=mediator,
        organisation=world.organisation,
        commune=commune,
        name="Henri",
        agreed_on=date(2024, 1, 5),
        ended_on=date(2024, 12, 31),
    )
    with pytest.raises(ValidationError):
        relay_save(
            acting_user=mediator,
            organisation=world.organisation,
            commune=commune,
            name="Paul",
            agreed_on=date(2025, 1, 5),
            ended_on=date(2024, 1, 1),
        )
    page = client_for(world.users["volunteer"]).get(reverse("participation:relays")).content.decode()
    assert "Josiane" in page and "Henri" not in page
    assert (
        "Henri"
        in client_for(world.users["volunteer"])
        .get(reverse("participation:relays"), {"anciens": "1"})
        .content.decode()
    )
    assert (
        client_for(world.users["outsider"])
        .get(reverse("participation:relays"))
        .content.decode()
        .count("Josiane")
        == 0
    )
    assert CommunityRelay.objects.count() == 2


def test_it_warns_about_names_and_numbers_in_a_testimony_before_saving_it(world, mediator, client_for):
    person = consented_person(world, first_name="Hélène", last_name="Éluard", consent=FULL_CONSENT)
    client = client_for(mediator)
    url = f"{reverse('participation:testimony_create')}?person={person.pk}"
    text = "Hélène a appelé le Dr Martin au 06 12 34 56 78, sans réponse."
    response = client.post(url, {"collected_on": "2025-04-03", "text": text, "troubles": ["delays"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "semble contenir des données identifiantes" in page
    assert {finding.kind for finding in response.context["findings"]} == {"name", "phone"}
    assert not SavedTestimony.objects.exists()
    response = client.post(url, {"collected_on": "2025-04-03", "text": text, "confirm_identifiers": "on"})
    testimony = SavedTestimony.objects.get()
    assert (testimony.flagged, testimony.person) == (True, person)
    assert (
        "semble contenir"
        in client.get(reverse("participation:testimony_detail", args=[testimony.pk])).content.decode()
    )


def test_it_saves_a_clean_testimony_at_once(world, mediator, client_for):
    person = consented_person(world, consent=FULL_CONSENT)
    url = f"{reverse('participation:testimony_create')}?person={person.pk}"
    data = {
        "collected_on": "2025-04-03",
        "text": "Le guichet a fermé, tout se fait en ligne.",
        "advocacy_use": "on",
        "troubles": ["digital_only"],
    }
    response = client_for(mediator).post(url, data)
    testimony = SavedTestimony.objects.get()
    assert response.url == reverse("participation:testimony_detail", args=[testimony.pk])
    assert (testimony.flagged, testimony.advocacy_use) == (False, True)


def test_it_needs_the_persons_consent_to_use_a_testimony_for_advocacy(world, mediator):
    person = consented_person(world)  # consent without the advocacy scope
    with pytest.raises(ValidationError) as error:
        save_testimony(
            acting_user=mediator,
            organisation=world.organisation,
            person=person,
            collected_on=date(2025, 4, 3),
            text="Trop loin.",
            advocacy_use=True,
        )
    assert "advocacy_use" in error.value.message_dict
    testimony, findings = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 3),
        text="Trop loin.",
    )
    assert (testimony.advocacy_use, findings) == (False, [])


def test_it_shows_advocacy_testimonies_masked_without_the_person(world, mediator, client_for):
    person = consented_person(world, first_name="Hélène", consent=FULL_CONSENT)
    save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 3),
        text="Hélène a attendu trois mois, le 06 12 34 56 78 ne répondait pas.",
        advocacy_use=True,
        troubles=["delays"],
    )
    save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 4),
        text="Pas pour le plaidoyer.",
    )
    for role in ["community_mediator", "director", "coordinator", "regional_coordinator"]:
        items = advocacy_testimonies(world.users[role])
        assert [item.text for item in items] == [
            "[NOM] a attendu trois mois, le [TÉLÉPHONE] ne répondait pas."
        ], role
        assert items[0].collected_on == date(2025, 4, 1)
    page = (
        client_for(world.users["regional_coordinator"])
        .get(reverse("participation:advocacy"))
        .content.decode()
    )
    assert "trois mois" in page and "Hélène" not in page and "Pas pour le plaidoyer" not in page
    assert ("Délais pour obtenir un rendez-vous", 0, 1) in troubles_count(world.users["coordinator"])
    for role in ["volunteer", "outsider", "patient_partner", "assistant"]:
        assert advocacy_testimonies(world.users[role]) == [], role


@pytest.mark.parametrize(
    "role", ["volunteer", "director", "coordinator", "assistant", "patient_partner", "outsider"]
)
def test_it_keeps_testimonies_with_the_person_to_the_mediators(role, world, mediator, client_for):
    person = consented_person(world, consent=FULL_CONSENT)
    testimony, _ = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 4, 3),
        text="Trop loin.",
    )
    client = client_for(world.users[role])
    assert client.get(reverse("participation:testimony_detail", args=[testimony.pk])).status_code == 404
    assert client.get(f"{reverse('participation:testimony_create')}?person={person.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        save_testimony(
            acting_user=world.users[role],
            organisation=world.organisation,
            collected_on=date(2025, 4, 3),
            text="x",
        )
