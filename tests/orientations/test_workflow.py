"""The named actions of an orientation's outcome (workflow.ORIENTATIONS), each through its
service: allowed, refused by the outcome, by a guard, by the role."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lien.directory.models import OrientationDifficulty
from lien.orientations import enums, services
from lien.orientations.enums import Difficulty, Outcome
from lien.orientations.models import Orientation
from lien.orientations.services import (
    orientation_create,
    orientation_record_did_not_go,
    orientation_record_refused,
    orientation_record_waiting_list,
    orientation_record_went,
    orientation_reset_outcome,
)
from lien.orientations.workflow import ORIENTATIONS
from lien.workflow.engine import ActionRefused
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


@pytest.fixture
def orientation(mediator, person):
    return orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=timezone.localdate() - timedelta(days=10),
        structure_kind="pass",
        structure_name="PASS de Carcassonne",
        reason="Pas de couverture maladie",
    )


def _actions(orientation) -> list[str]:
    return list(ActionLog.objects.of("orientation", orientation.pk).values_list("action", flat=True))


def test_the_generic_outcome_service_is_gone():
    assert not hasattr(services, "orientation_record_outcome")
    assert not hasattr(enums, "TRANSITIONS")


def test_it_orients_with_a_pending_outcome_and_logs_the_action(mediator, orientation):
    assert orientation.outcome == Outcome.PENDING
    log = ActionLog.objects.of("orientation", orientation.pk).get()
    assert (log.action, log.actor, log.from_state, log.to_state) == ("orient", mediator, "", "pending")


def test_it_orients_no_anonymised_person(mediator, person):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    person.refresh_from_db()
    with pytest.raises(ValidationError, match="retiré son consentement"):
        orientation_create(
            acting_user=mediator,
            person=person,
            oriented_on=timezone.localdate(),
            structure_kind="pass",
            structure_name="PASS",
            reason="Soins",
        )
    assert not Orientation.objects.exists()


def test_it_records_that_the_person_went(mediator, orientation):
    orientation_record_went(acting_user=mediator, orientation=orientation, detail=" Bien reçue ")
    orientation.refresh_from_db()
    assert (
        orientation.outcome,
        orientation.outcome_on,
        orientation.difficulty,
        orientation.outcome_detail,
    ) == (
        Outcome.WENT,
        timezone.localdate(),
        "",
        "Bien reçue",
    )
    assert _actions(orientation) == ["orient", "record_went"]


@pytest.mark.parametrize(
    ("service", "outcome"),
    [(orientation_record_did_not_go, Outcome.DID_NOT_GO), (orientation_record_refused, Outcome.REFUSED)],
)
def test_a_failure_says_why(mediator, orientation, service, outcome):
    for difficulty in ["", "bored"]:
        with pytest.raises(ValidationError) as error:
            service(acting_user=mediator, orientation=orientation, difficulty=difficulty)
        assert "difficulty" in error.value.message_dict
    assert Orientation.objects.get(pk=orientation.pk).outcome == Outcome.PENDING
    service(acting_user=mediator, orientation=orientation, difficulty=Difficulty.DISTANCE)
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.difficulty) == (outcome, Difficulty.DISTANCE)


def test_an_outcome_cannot_precede_the_orientation(mediator, orientation):
    with pytest.raises(ValidationError) as error:
        orientation_record_went(
            acting_user=mediator, orientation=orientation, on=orientation.oriented_on - timedelta(days=1)
        )
    assert "on" in error.value.message_dict
    assert _actions(orientation) == ["orient"]


def test_the_person_went_after_all_but_a_refusal_is_corrected_through_pending(mediator, orientation):
    orientation_record_did_not_go(acting_user=mediator, orientation=orientation, difficulty=Difficulty.COST)
    orientation_record_went(acting_user=mediator, orientation=orientation)
    assert (orientation.outcome, orientation.difficulty) == (Outcome.WENT, "")
    with pytest.raises(
        ActionRefused, match="n'est pas possible pour un dossier au statut « La personne y est allée »"
    ):
        orientation_record_refused(acting_user=mediator, orientation=orientation, difficulty=Difficulty.COST)
    orientation_reset_outcome(acting_user=mediator, orientation=orientation)
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.outcome_on, orientation.outcome_detail) == (
        Outcome.PENDING,
        None,
        "",
    )
    orientation_record_refused(
        acting_user=mediator, orientation=orientation, difficulty=Difficulty.CARE_REFUSAL
    )
    with pytest.raises(ActionRefused):
        orientation_record_went(acting_user=mediator, orientation=orientation)
    assert _actions(orientation) == [
        "orient",
        "record_did_not_go",
        "record_went",
        "reset_outcome",
        "record_refused",
    ]


def test_a_pending_outcome_is_not_reset(mediator, orientation):
    with pytest.raises(ActionRefused, match="« En attente »"):
        orientation_reset_outcome(acting_user=mediator, orientation=orientation)


def test_a_failure_to_a_directory_service_feeds_the_partnership_file(world, mediator, person):
    service = ServiceFactory(structure=StructureFactory(organisation=world.organisation))
    orientation = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=timezone.localdate(),
        structure_kind="dental",
        structure_name="Dentiste",
        reason="Douleurs",
        directory_service=service,
    )
    orientation_record_did_not_go(
        acting_user=mediator, orientation=orientation, difficulty=Difficulty.NO_APPOINTMENT
    )
    assert list(OrientationDifficulty.objects.values_list("service", "kind")) == [
        (service.pk, "waiting_list")
    ]
    orientation_record_went(acting_user=mediator, orientation=orientation)
    assert OrientationDifficulty.objects.count() == 1


def test_the_orientations_of_an_anonymised_person_take_no_new_step(mediator, person, orientation):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    orientation = Orientation.objects.get(pk=orientation.pk)
    with pytest.raises(ActionRefused, match="retiré son consentement"):
        orientation_record_went(acting_user=mediator, orientation=orientation)
    assert ORIENTATIONS.available(mediator, orientation) == []


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "outsider"])
def test_roles_without_the_follow_up_cannot_record_an_outcome(world, mediator, orientation, role):
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        orientation_record_went(acting_user=user, orientation=orientation)
    with pytest.raises(PermissionDenied):
        orientation_record_did_not_go(acting_user=user, orientation=orientation, difficulty=Difficulty.COST)
    with pytest.raises(PermissionDenied):
        orientation_record_refused(acting_user=user, orientation=orientation, difficulty=Difficulty.COST)
    orientation_record_went(acting_user=mediator, orientation=orientation)
    with pytest.raises(PermissionDenied):
        orientation_reset_outcome(acting_user=user, orientation=orientation)
    assert Orientation.objects.get(pk=orientation.pk).outcome == Outcome.WENT


def test_it_lists_the_actions_open_now(world, mediator, orientation):
    names = [a.name for a in ORIENTATIONS.available(mediator, orientation)]
    assert names == ["record_went", "record_did_not_go", "record_refused", "record_waiting_list"]
    orientation_record_did_not_go(acting_user=mediator, orientation=orientation, difficulty=Difficulty.HEALTH)
    assert [a.name for a in ORIENTATIONS.available(mediator, orientation)] == ["record_went", "reset_outcome"]
    assert ORIENTATIONS.available(world.users["volunteer"], orientation) == []


def test_a_waiting_list_is_recorded_then_the_person_goes_gives_up_or_is_refused(mediator, orientation):
    orientation_record_waiting_list(acting_user=mediator, orientation=orientation, detail=" Trois mois ")
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.outcome_on, orientation.outcome_detail) == (
        Outcome.WAITING_LIST,
        timezone.localdate(),
        "Trois mois",
    )
    assert [a.name for a in ORIENTATIONS.available(mediator, orientation)] == [
        "record_went",
        "record_did_not_go",
        "record_refused",
        "reset_outcome",
    ]
    with pytest.raises(ActionRefused, match="« Liste d'attente »"):
        orientation_record_waiting_list(acting_user=mediator, orientation=orientation)
    orientation_record_refused(
        acting_user=mediator, orientation=orientation, difficulty=Difficulty.NO_APPOINTMENT
    )
    assert (orientation.outcome, orientation.difficulty) == (Outcome.REFUSED, Difficulty.NO_APPOINTMENT)
    assert _actions(orientation) == ["orient", "record_waiting_list", "record_refused"]


def test_a_waiting_list_at_a_directory_service_feeds_the_partnership_file(world, mediator, person):
    service = ServiceFactory(structure=StructureFactory(organisation=world.organisation))
    orientation = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=timezone.localdate(),
        structure_kind="mental_health",
        structure_name="CMP",
        reason="Moral bas",
        directory_service=service,
    )
    orientation_record_waiting_list(acting_user=mediator, orientation=orientation)
    assert list(
        OrientationDifficulty.objects.values_list("service", "kind", "description", "orientation_ref")
    ) == [(service.pk, "waiting_list", "Liste d'attente", f"orientations.orientation:{orientation.pk}")]
    orientation_record_went(acting_user=mediator, orientation=orientation)
    assert OrientationDifficulty.objects.count() == 1


@pytest.mark.parametrize("role", ["volunteer", "director", "outsider"])
def test_roles_without_the_follow_up_cannot_record_a_waiting_list(world, orientation, role):
    with pytest.raises(PermissionDenied):
        orientation_record_waiting_list(acting_user=world.users[role], orientation=orientation)
    assert Orientation.objects.get(pk=orientation.pk).outcome == Outcome.PENDING


def test_every_outcome_is_counted_by_the_activity_report(world, mediator, orientation):
    from lien.activity.report import programme_report

    orientation_record_waiting_list(acting_user=mediator, orientation=orientation)
    start = orientation.oriented_on
    orientations = programme_report(world.organisation, start, start)["orientations"]
    assert set(orientations["by_outcome"]) == set(Outcome.values)
    assert orientations["by_outcome"][Outcome.WAITING_LIST] == 1
    assert orientations["by_structure_kind"]["pass"][Outcome.WAITING_LIST] == 1
