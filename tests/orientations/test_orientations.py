from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.directory.models import OrientationDifficulty
from lien.orientations.enums import Difficulty, Outcome
from lien.orientations.models import Orientation
from lien.orientations.selectors import orientation_difficulties
from lien.orientations.services import orientation_create, orientation_record_outcome
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


def test_it_records_the_outcome_and_why_it_failed(mediator, person):
    orientation = _orient(mediator, person, appointment_booked=True, needs_prepared=True)
    with pytest.raises(ValidationError):
        orientation_record_outcome(acting_user=mediator, orientation=orientation, outcome=Outcome.DID_NOT_GO)
    orientation_record_outcome(
        acting_user=mediator,
        orientation=orientation,
        outcome=Outcome.DID_NOT_GO,
        difficulty=Difficulty.DISTANCE,
    )
    assert (orientation.outcome, orientation.difficulty, orientation.outcome_on) == (
        Outcome.DID_NOT_GO,
        Difficulty.DISTANCE,
        timezone.localdate(),
    )
    orientation_record_outcome(acting_user=mediator, orientation=orientation, outcome=Outcome.WENT)
    assert (orientation.outcome, orientation.difficulty) == (Outcome.WENT, "")
    with pytest.raises(ValidationError):
        orientation_record_outcome(
            acting_user=mediator, orientation=orientation, outcome=Outcome.REFUSED, difficulty="cost"
        )


def test_an_outcome_cannot_precede_the_orientation(mediator, person):
    orientation = _orient(mediator, person)
    with pytest.raises(ValidationError):
        orientation_record_outcome(
            acting_user=mediator,
            orientation=orientation,
            outcome=Outcome.WENT,
            on=orientation.oriented_on - timedelta(days=1),
        )


def test_a_failed_orientation_to_a_directory_service_feeds_the_partnership_file(world, mediator, person):
    service = ServiceFactory(
        structure=StructureFactory(organisation=world.organisation, name="PASS de Carcassonne")
    )
    orientation = _orient(mediator, person, directory_service=service)
    orientation_record_outcome(
        acting_user=mediator,
        orientation=orientation,
        outcome=Outcome.REFUSED,
        difficulty=Difficulty.CARE_REFUSAL,
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
        orientation_record_outcome(
            acting_user=mediator,
            orientation=_orient(mediator, person),
            outcome=Outcome.DID_NOT_GO,
            difficulty=difficulty,
        )
    orientation_record_outcome(
        acting_user=mediator, orientation=_orient(mediator, person), outcome=Outcome.WENT
    )
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


def test_the_outcome_form_reports_a_missing_difficulty(world, mediator, person, client_for):
    orientation = _orient(mediator, person)
    response = client_for(mediator).post(
        reverse("orientations:outcome", args=[orientation.pk]),
        {"outcome": "refused", "on": timezone.localdate().isoformat(), "difficulty": ""},
    )
    assert response.status_code == 422
    assert "Indiquez la difficulté" in response.content.decode()


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
