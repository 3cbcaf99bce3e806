from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.directory.models import OrientationDifficulty
from lien.orientations.enums import Difficulty, Outcome
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties
from lien.orientations.services import (
    orientation_create,
    orientation_record_did_not_go,
    orientation_record_refused,
    orientation_record_went,
)
from lien.workflow.models import ActionLog
from tests.community import followed_person
from tests.directory.factories import ServiceFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return followed_person(world)


def _orient(mediator, person, **fields):
    values = {
        "oriented_on": timezone.localdate() - timedelta(days=10),
        "structure_kind": "pass",
        "structure_name": "PASS de Carcassonne",
        "reason": "Pas de couverture maladie",
    }
    return orientation_create(acting_user=mediator, person=person, **(values | fields))


def test_a_failed_orientation_to_a_directory_service_feeds_the_partnership_file(world, mediator, person):
    service = ServiceFactory(
        structure=StructureFactory(organisation=world.organisation, name="PASS de Carcassonne")
    )
    orientation = _orient(mediator, person, directory_service=service)
    orientation_record_refused(
        acting_user=mediator, orientation=orientation, difficulty=Difficulty.CARE_REFUSAL
    )
    difficulty = OrientationDifficulty.objects.get()
    assert (difficulty.structure, difficulty.service, difficulty.kind) == (
        service.structure,
        service,
        "refused",
    )
    assert difficulty.orientation_ref == f"orientations.orientation:{orientation.pk}"
    assert person.last_name not in difficulty.description


def test_a_service_the_user_cannot_read_is_refused(world, mediator, person):
    hidden = ServiceFactory(structure=StructureFactory(organisation=world.other_organisation))
    with pytest.raises(ValidationError):
        _orient(mediator, person, directory_service=hidden)


def test_it_lists_the_difficulties_per_structure(world, mediator, person):
    for difficulty in [Difficulty.DISTANCE, Difficulty.DISTANCE, Difficulty.COST]:
        orientation_record_did_not_go(
            acting_user=mediator, orientation=_orient(mediator, person), difficulty=difficulty
        )
    orientation_record_went(acting_user=mediator, orientation=_orient(mediator, person))
    (row,) = orientation_difficulties(Orientation.objects.all())
    assert (row["total"], row["went"], row["failed"]) == (4, 1, 3)
    assert row["difficulties"] == {"distance": 2, "cost": 1}


def test_it_orients_from_the_directory_search(world, mediator, person, client_for):
    service = ServiceFactory(
        structure=StructureFactory(organisation=world.organisation, name="CMP de Limoux", typology="CMP"),
        name="Consultations adultes",
    )
    client = client_for(mediator)
    url = reverse("orientations:create", args=[person.pk])
    assert f"?service={service.pk}" in client.get(url, {"annuaire": "limoux"}).content.decode()
    form = client.get(url, {"service": service.pk}).context["form"]
    assert form["structure_kind"].value() == "mental_health"
    response = client.post(
        url,
        {
            "directory_service": service.pk,
            "structure_kind": "mental_health",
            "structure_name": "CMP de Limoux — Consultations adultes",
            "reason": "Moral bas",
            "oriented_on": timezone.localdate().isoformat(),
            "needs_prepared": "on",
        },
    )
    orientation = Orientation.objects.get()
    assert response.url == reverse("orientations:detail", args=[orientation.pk])
    assert (orientation.directory_service, orientation.needs_prepared) == (service, True)


def _message(response) -> str:
    return [str(m) for m in response.wsgi_request._messages][-1]


def test_the_generic_outcome_view_is_gone(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    response = client_for(mediator).post(f"/orientations/{orientation.pk}/suite/", {"outcome": "went"})
    assert response.status_code == 404
    assert Orientation.objects.get().outcome == Outcome.PENDING


def test_the_page_offers_the_actions_the_table_opens(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    client = client_for(mediator)
    url = reverse("orientations:detail", args=[orientation.pk])
    page = client.get(url).content.decode()
    for name in ["record_went", "record_did_not_go", "record_refused"]:
        assert reverse(f"orientations:{name}", args=[orientation.pk]) in page, name
    assert reverse("orientations:reset_outcome", args=[orientation.pk]) not in page
    orientation_record_went(acting_user=mediator, orientation=orientation)
    page = client.get(url).content.decode()
    assert reverse("orientations:reset_outcome", args=[orientation.pk]) in page
    assert reverse("orientations:record_refused", args=[orientation.pk]) not in page


def test_the_page_records_each_outcome(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    client = client_for(mediator)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("orientations:record_did_not_go", args=[orientation.pk]),
        {"record_did_not_go-on": today, "record_did_not_go-difficulty": "distance"},
    )
    assert response.url == reverse("orientations:detail", args=[orientation.pk])
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.difficulty) == (Outcome.DID_NOT_GO, "distance")
    client.post(
        reverse("orientations:record_went", args=[orientation.pk]),
        {"record_went-on": today, "record_went-detail": "Enfin"},
    )
    client.post(reverse("orientations:reset_outcome", args=[orientation.pk]))
    client.post(
        reverse("orientations:record_refused", args=[orientation.pk]),
        {"record_refused-on": today, "record_refused-difficulty": "care_refusal"},
    )
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.difficulty) == (Outcome.REFUSED, "care_refusal")
    assert list(ActionLog.objects.of("orientation", orientation.pk).values_list("action", flat=True)) == [
        "orient",
        "record_did_not_go",
        "record_went",
        "reset_outcome",
        "record_refused",
    ]


def test_the_outcome_form_reports_a_missing_difficulty(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    response = client_for(mediator).post(
        reverse("orientations:record_refused", args=[orientation.pk]),
        {"record_refused-on": timezone.localdate().isoformat(), "record_refused-difficulty": ""},
    )
    assert response.status_code == 422
    assert "Indiquez la difficulté" in response.content.decode()
    assert Orientation.objects.get().outcome == Outcome.PENDING


def test_the_page_refuses_an_outcome_that_cannot_follow_with_its_reason(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    orientation_record_went(acting_user=mediator, orientation=orientation)
    response = client_for(mediator).post(
        reverse("orientations:record_refused", args=[orientation.pk]),
        {"record_refused-on": timezone.localdate().isoformat(), "record_refused-difficulty": "cost"},
    )
    assert response.status_code == 302
    assert _message(response) == (
        "« La structure a refusé la personne » n'est pas possible pour un dossier au statut "
        "« La personne y est allée »."
    )
    assert Orientation.objects.get().outcome == Outcome.WENT


def test_the_page_refuses_an_outcome_for_an_anonymised_person(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    response = client_for(mediator).post(reverse("orientations:record_went", args=[orientation.pk]))
    assert "retiré son consentement" in _message(response)
    assert Orientation.objects.get().outcome == Outcome.PENDING


@pytest.mark.parametrize("who", ["volunteer", "director", "outsider"])
def test_the_actions_answer_404_to_those_who_cannot_change_the_follow_up(
    world, mediator, person, client_for, who
):
    orientation = _orient(mediator, person)
    client = client_for(world.users[who])
    for name in ["record_went", "record_did_not_go", "record_refused", "reset_outcome"]:
        response = client.post(
            reverse(f"orientations:{name}", args=[orientation.pk]), {f"{name}-difficulty": "cost"}
        )
        assert response.status_code == 404, name
    assert Orientation.objects.get().outcome == Outcome.PENDING


@pytest.mark.parametrize(
    "who,status",
    [
        ("community_mediator", 200),
        ("deputy", 200),
        ("volunteer", 404),
        ("outsider", 404),
        ("patient_partner", 404),
    ],
)
def test_it_shows_an_orientation_to_the_follow_up_team_only(world, mediator, person, client_for, who, status):
    orientation = _orient(mediator, person)
    assert (
        client_for(world.users[who]).get(reverse("orientations:detail", args=[orientation.pk])).status_code
        == status
    )


def test_the_services_of_one_directory_structure_count_together(world, mediator, person):
    structure = StructureFactory(organisation=world.organisation, name="Centre hospitalier de Limoux")
    for name in ["Consultations", "Urgences"]:
        service = ServiceFactory(structure=structure, name=name)
        orientation = _orient(
            mediator, person, structure_name=f"{structure.name} — {name}", directory_service=service
        )
        orientation_record_did_not_go(
            acting_user=mediator, orientation=orientation, difficulty=Difficulty.COST
        )
    orientation_record_went(acting_user=mediator, orientation=_orient(mediator, person))
    (row,) = orientation_difficulties(Orientation.objects.all())
    assert (row["structure_name"], row["total"], row["failed"]) == ("Centre hospitalier de Limoux", 2, 2)
    assert row["difficulties"] == {"cost": 2}


def test_the_outcomes_to_know_include_the_waiting_lists(world, mediator, person, client_for):
    from lien.orientations.services import orientation_record_waiting_list

    waiting = _orient(mediator, person)
    orientation_record_waiting_list(acting_user=mediator, orientation=waiting)
    pending = _orient(mediator, person)
    orientation_record_went(acting_user=mediator, orientation=_orient(mediator, person))
    response = client_for(mediator).get(reverse("orientations:list"))
    assert {o.pk for o in response.context["page"].object_list} == {waiting.pk, pending.pk}
    assert "Liste d&#x27;attente" in response.content.decode()
