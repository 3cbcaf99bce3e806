"""The named actions of a procedure of access to rights (workflow.PROCEDURES), each through its
service and its page: allowed, refused by the step, by a guard, by the role; each logged twice
(the engine's ActionLog, the procedure's own step log)."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.rights import enums, services
from lien.rights.enums import ReminderKind, Status
from lien.rights.models import Procedure, ProcedureEvent, RightsReminder
from lien.rights.services import (
    procedure_abandon,
    procedure_file,
    procedure_grant,
    procedure_refuse,
    procedure_renew,
    procedure_resume,
    procedure_return_to_documents,
    procedure_start,
)
from lien.rights.workflow import PROCEDURES
from lien.workflow.engine import ActionRefused
from lien.workflow.models import ActionLog
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

STARTED = date(2025, 1, 10)


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return consented_person(world, coverage="none")


@pytest.fixture
def procedure(mediator, person):
    return procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=STARTED)


def _logged(procedure) -> list[tuple[str, str, str]]:
    return list(
        ActionLog.objects.of("procedure", procedure.pk).values_list("action", "from_state", "to_state")
    )


def _steps(procedure) -> list[str]:
    return list(procedure.events.values_list("action", flat=True))


def _day(days: int) -> date:
    return STARTED + timedelta(days=days)


def test_the_generic_transition_is_gone():
    assert not hasattr(services, "procedure_transition")
    assert not hasattr(enums, "TRANSITIONS")


def test_it_starts_a_procedure_and_logs_the_action(mediator, procedure):
    assert procedure.status == Status.DOCUMENTS
    log = ActionLog.objects.of("procedure", procedure.pk).get()
    assert (log.action, log.actor, log.from_state, log.to_state) == ("start", mediator, "", "documents")
    assert _steps(procedure) == ["start"]


def test_each_step_is_an_action_logged_with_its_actor_and_its_date(mediator, procedure):
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    procedure_return_to_documents(acting_user=mediator, procedure=procedure, on=_day(20), detail=" RIB ")
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(25))
    procedure_refuse(acting_user=mediator, procedure=procedure, decision_on=_day(60), detail="Ressources")
    procedure_resume(acting_user=mediator, procedure=procedure, on=_day(61), detail="Recours")
    procedure_abandon(acting_user=mediator, procedure=procedure, on=_day(70))
    procedure_resume(acting_user=mediator, procedure=procedure, on=_day(80))
    procedure.refresh_from_db()
    assert (procedure.status, procedure.filed_on, procedure.decision_on) == (
        Status.DOCUMENTS,
        _day(25),
        _day(60),
    )
    names = ["start", "file", "return_to_documents", "file", "refuse", "resume", "abandon", "resume"]
    assert [name for name, _, _ in _logged(procedure)] == names
    assert _steps(procedure) == names
    assert list(procedure.events.values_list("on", "detail"))[2:6] == [
        (_day(20), "RIB"),
        (_day(25), ""),
        (_day(60), "Ressources"),
        (_day(61), "Recours"),
    ]
    assert set(ActionLog.objects.of("procedure", procedure.pk).values_list("actor", flat=True)) == {
        mediator.pk
    }


def test_a_decision_comes_only_for_a_filed_file(mediator, procedure):
    for service, kwargs in [
        (procedure_grant, {"decision_on": _day(5)}),
        (procedure_refuse, {"decision_on": _day(5)}),
        (procedure_return_to_documents, {"on": _day(5)}),
        (procedure_resume, {"on": _day(5)}),
    ]:
        with pytest.raises(ActionRefused, match="statut « Pièces à réunir »"):
            service(acting_user=mediator, procedure=procedure, **kwargs)
    procedure.refresh_from_db()
    assert (procedure.status, procedure.decision_on, procedure.rights_start) == (Status.DOCUMENTS, None, None)
    assert _steps(procedure) == ["start"]


def test_a_granted_right_is_renewed_never_reopened(mediator, procedure):
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    procedure_grant(acting_user=mediator, procedure=procedure, decision_on=_day(40))
    assert [act.name for act in PROCEDURES.available(mediator, procedure)] == ["renew"]
    for service, kwargs in [
        (procedure_resume, {"on": _day(50)}),
        (procedure_abandon, {"on": _day(50)}),
        (procedure_file, {"filed_on": _day(50)}),
    ]:
        with pytest.raises(ActionRefused):
            service(acting_user=mediator, procedure=procedure, **kwargs)
    renewal = procedure_renew(acting_user=mediator, procedure=procedure, started_on=_day(300))
    assert (renewal.status, renewal.renewal_of, renewal.followed_by) == (
        Status.DOCUMENTS,
        procedure,
        mediator,
    )
    assert Procedure.objects.get(pk=procedure.pk).status == Status.GRANTED
    assert [name for name, _, _ in _logged(procedure)] == ["start", "file", "grant", "renew"]
    assert _logged(renewal) == [("start", "", "documents")]
    assert procedure.events.last().action == "renew"
    assert renewal.events.get().detail == "renouvellement"
    with pytest.raises(ActionRefused, match="déjà commencé"):
        procedure_renew(acting_user=mediator, procedure=procedure, started_on=_day(301))
    # An abandoned renewal leaves the rights to renew again.
    procedure_abandon(acting_user=mediator, procedure=renewal, on=_day(310))
    assert PROCEDURES.allows(mediator, procedure, "renew")


def test_granting_keeps_its_rules_on_dates(mediator, procedure):
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    decided = _day(40)
    with pytest.raises(ValidationError) as error:
        procedure_grant(
            acting_user=mediator,
            procedure=procedure,
            decision_on=decided,
            rights_start=decided + timedelta(days=400),
        )
    assert "rights_start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        procedure_grant(
            acting_user=mediator,
            procedure=procedure,
            decision_on=decided,
            rights_end=decided - timedelta(days=1),
        )
    assert "rights_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        procedure_grant(acting_user=mediator, procedure=procedure, decision_on=date(2099, 1, 1))
    assert "decision_on" in error.value.message_dict
    stored = Procedure.objects.get(pk=procedure.pk)
    assert (stored.status, stored.decision_on, stored.rights_end) == (Status.FILED, None, None)
    assert [name for name, _, _ in _logged(procedure)] == ["start", "file"]


def test_leaving_the_filed_step_closes_the_no_decision_alert(mediator, procedure):
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    reminder = RightsReminder.objects.create(
        organisation=procedure.organisation,
        procedure=procedure,
        kind=ReminderKind.NO_DECISION,
        due_on=_day(70),
    )
    procedure_return_to_documents(acting_user=mediator, procedure=procedure, on=_day(75))
    reminder.refresh_from_db()
    assert reminder.done_by == mediator


def test_no_procedure_starts_for_an_anonymised_person(mediator, person):
    type(person).objects.filter(pk=person.pk).update(anonymised_at=timezone.now())
    person.refresh_from_db()
    with pytest.raises(ValidationError, match="anonymisée"):
        procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=STARTED)
    assert not Procedure.objects.exists()
    assert not ActionLog.objects.filter(workflow="procedure").exists()


@pytest.mark.parametrize("role", ["volunteer", "director", "patient_partner", "coordinator"])
def test_the_role_is_checked_first(role, world, procedure):
    with pytest.raises(PermissionDenied):
        procedure_file(acting_user=world.users[role], procedure=procedure, filed_on=_day(10))
    assert PROCEDURES.available(world.users[role], procedure) == []


def test_the_page_offers_the_open_actions_only(mediator, procedure, client_for):
    client = client_for(mediator)
    page = client.get(reverse("rights:detail", args=[procedure.pk])).content.decode()
    assert "Déposer le dossier" in page and "Abandonner la démarche" in page
    assert "Droits accordés" not in page and "Reprendre la démarche" not in page


def test_a_closed_action_says_why_and_writes_nothing(mediator, procedure, client_for):
    client = client_for(mediator)
    response = client.post(
        reverse("rights:grant", args=[procedure.pk]), {"grant-decision_on": "2025-02-01"}, follow=True
    )
    assert "n&#x27;est pas possible" in response.content.decode()
    assert Procedure.objects.get(pk=procedure.pk).status == Status.DOCUMENTS


def test_a_refused_form_comes_back_with_its_error(mediator, procedure, client_for):
    response = client_for(mediator).post(
        reverse("rights:file", args=[procedure.pk]), {"file-filed_on": "2099-01-01"}
    )
    assert response.status_code == 422
    assert "L&#x27;étape ne peut être datée dans le futur." in response.content.decode()
    assert Procedure.objects.get(pk=procedure.pk).status == Status.DOCUMENTS


def test_the_history_names_the_actions(mediator, procedure, client_for):
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    procedure_return_to_documents(acting_user=mediator, procedure=procedure, on=_day(20), detail="RIB")
    page = client_for(mediator).get(reverse("rights:detail", args=[procedure.pk])).content.decode()
    assert "Dossier renvoyé : pièce manquante (pièces à réunir) : RIB" in page


def test_the_steps_logged_before_get_the_name_of_their_action(mediator, procedure):
    """Migration 0003 names the steps of the log written before the actions had names."""
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=_day(10))
    procedure_refuse(acting_user=mediator, procedure=procedure, decision_on=_day(40))
    procedure_resume(acting_user=mediator, procedure=procedure, on=_day(41))
    ProcedureEvent.objects.update(action="")
    migration = importlib.import_module("lien.rights.migrations.0003_procedureevent_action")
    migration.name_the_steps(apps, None)
    assert _steps(procedure) == ["start", "file", "refuse", "resume"]
