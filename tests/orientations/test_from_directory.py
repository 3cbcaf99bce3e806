"""Orienting a person from the directory search in one step (``/annuaire/?person=<id>``): each
result offers the orientation, with a short reason, then the orientation's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.orientations.enums import Outcome
from lien.orientations.models import Orientation
from lien.workflow.models import ActionLog
from tests.community import followed_person
from tests.directory.factories import ServiceFactory, StructureFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BUTTON = "Orienter vers ce service"


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


@pytest.fixture
def service(world):
    structure = StructureFactory(organisation=world.organisation, name="CMP de Limoux", typology="CMP")
    return ServiceFactory(
        structure=structure,
        name="Consultations adultes",
        description="Psychiatres et infirmiers, soins sans avance de frais.",
        thematics=["sante--sante-mentale"],
    )


def _search(client, **query):
    return client.get(reverse("directory:search"), {"thematic": "sante"} | query)


def test_each_result_offers_to_orient_the_person_the_search_is_for(
    world, mediator, person, service, client_for
):
    page = _search(client_for(mediator), person=person.pk).content.decode()
    assert BUTTON in page
    assert reverse("orientations:from_directory", args=[person.pk, service.pk]) in page
    assert person.display_name in page
    # The orientation sheet keeps its person and its choices.
    assert 'form="sheet-form"' in page and f'name="person" value="{person.pk}"' in page


def test_no_result_offers_it_without_a_person_or_to_who_cannot_orient(
    world, mediator, person, service, client_for
):
    assert BUTTON not in _search(client_for(mediator)).content.decode()
    volunteer_page = _search(client_for(world.users["volunteer"]), person=person.pk)
    assert volunteer_page.status_code == 200
    assert BUTTON not in volunteer_page.content.decode()
    other = PersonFactory(organisation=world.other_organisation)
    assert BUTTON not in _search(client_for(mediator), person=other.pk).content.decode()


def test_it_orients_in_one_step_and_lands_on_the_orientation(world, mediator, person, service, client_for):
    response = client_for(mediator).post(
        reverse("orientations:from_directory", args=[person.pk, service.pk]), {"reason": " Moral bas "}
    )
    orientation = Orientation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("orientations:detail", args=[orientation.pk])
    assert (
        orientation.person,
        orientation.directory_service,
        orientation.structure_kind,
        orientation.structure_name,
        orientation.reason,
        orientation.oriented_on,
        orientation.outcome,
        orientation.created_by,
    ) == (
        person,
        service,
        "mental_health",
        "CMP de Limoux — Consultations adultes",
        "Moral bas",
        timezone.localdate(),
        Outcome.PENDING,
        mediator,
    )
    assert ActionLog.objects.of("orientation", orientation.pk).get().action == "orient"


def test_without_a_reason_it_opens_the_whole_form_with_the_service_chosen(
    world, mediator, person, service, client_for
):
    client = client_for(mediator)
    response = client.post(
        reverse("orientations:from_directory", args=[person.pk, service.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    assert response.url == reverse("orientations:create", args=[person.pk]) + f"?service={service.pk}"
    assert not Orientation.objects.exists()
    page = client.get(response.url)
    assert "Indiquez le motif de l&#x27;orientation." in page.content.decode()
    assert page.context["form"]["directory_service"].value() == service.pk


@pytest.mark.parametrize("who", ["volunteer", "director", "outsider"])
def test_it_answers_404_to_who_cannot_orient_the_person(world, person, service, client_for, who):
    response = client_for(world.users[who]).post(
        reverse("orientations:from_directory", args=[person.pk, service.pk]), {"reason": "Soins"}
    )
    assert response.status_code == 404
    assert not Orientation.objects.exists()


def test_it_answers_404_for_a_service_the_user_cannot_read(world, mediator, person, client_for):
    hidden = ServiceFactory(structure=StructureFactory(organisation=world.other_organisation))
    response = client_for(mediator).post(
        reverse("orientations:from_directory", args=[person.pk, hidden.pk]), {"reason": "Soins"}
    )
    assert response.status_code == 404
    assert not Orientation.objects.exists()


def test_it_is_a_post(mediator, person, service, client_for):
    response = client_for(mediator).get(reverse("orientations:from_directory", args=[person.pk, service.pk]))
    assert response.status_code == 405


def test_the_orientation_form_links_to_the_search_for_the_person(mediator, person, client_for):
    page = client_for(mediator).get(reverse("orientations:create", args=[person.pk])).content.decode()
    assert f"{reverse('directory:search')}?person={person.pk}" in page


def test_the_orientation_page_records_a_waiting_list(world, mediator, person, service, client_for):
    client = client_for(mediator)
    client.post(reverse("orientations:from_directory", args=[person.pk, service.pk]), {"reason": "Soins"})
    orientation = Orientation.objects.get()
    page = client.get(reverse("orientations:detail", args=[orientation.pk])).content.decode()
    assert reverse("orientations:record_waiting_list", args=[orientation.pk]) in page
    response = client.post(
        reverse("orientations:record_waiting_list", args=[orientation.pk]),
        {
            "record_waiting_list-on": timezone.localdate().isoformat(),
            "record_waiting_list-detail": "Trois mois",
        },
    )
    assert response.url == reverse("orientations:detail", args=[orientation.pk])
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.outcome_detail) == (Outcome.WAITING_LIST, "Trois mois")
    assert "Liste d&#x27;attente" in client.get(response.url).content.decode()
