"""Writes of prevention: advice, rapid tests and their linkage to care, collective actions.

The linkage to care changes only through the named actions of ``workflow.LINKAGES``: one
service per action, which records where and when, and lets the engine move the linkage and log
the action with its actor."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.models import Person
from lien.prevention.access import can_see_test_result
from lien.prevention.enums import LinkageStructure, TestKind, TestResult, Topic
from lien.prevention.models import Advice, CollectiveAction, RapidTest
from lien.prevention.workflow import LINKAGES
from lien.workflow.engine import ActionRefused


def _require_record(user: User, organisation_id: int) -> None:
    if not has_perm(user, Perm.PREVENTION_RECORD, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer d'action de prévention ici.")


def _past(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "Cette date est dans le futur."})


def _organisation_of(person: Person | None, organisation: Organisation | None) -> Organisation:
    if person is not None:
        if organisation is not None and organisation.pk != person.organisation_id:
            raise ValidationError("Cette personne est suivie par une autre organisation.")
        return person.organisation
    if organisation is None:
        raise ValidationError("Indiquez l'organisation.")
    return organisation


@transaction.atomic
def advice_record(
    *,
    acting_user: User,
    topics: list[str],
    given_on: date,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> list[Advice]:
    """One row per topic of advice given (to a person, or anonymously in an organisation)."""
    organisation = _organisation_of(person, organisation)
    _require_record(acting_user, organisation.pk)
    _past(given_on, "given_on")
    if not topics or any(topic not in Topic.values for topic in topics):
        raise ValidationError({"topics": "Choisissez au moins un thème."})
    created = [
        Advice.objects.create(
            organisation=organisation, person=person, given_on=given_on, topic=topic, given_by=acting_user
        )
        for topic in dict.fromkeys(topics)
    ]
    if person is not None:
        JournalEntry.log_create(user=acting_user, obj=created[0], organisation=organisation, person=person)
    return created


@transaction.atomic
def rapid_test_record(
    *,
    acting_user: User,
    kind: str,
    result: str,
    performed_on: date,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> RapidTest:
    """A rapid test performed by ``acting_user``; a reactive one waits for its linkage to care."""
    organisation = _organisation_of(person, organisation)
    _require_record(acting_user, organisation.pk)
    _past(performed_on, "performed_on")
    if kind not in TestKind.values:
        raise ValidationError({"kind": "Test inconnu."})
    if result not in TestResult.values:
        raise ValidationError({"result": "Résultat inconnu."})
    test = RapidTest.objects.create(
        organisation=organisation,
        person=person,
        performed_on=performed_on,
        performed_by=acting_user,
        kind=kind,
        result=result,
    )
    JournalEntry.log_create(user=acting_user, obj=test, organisation=organisation, person=person)
    return test


# -- the linkage to care: one service per action of workflow.LINKAGES ------------------------


def _link(
    acting_user: User,
    test: RapidTest,
    name: str,
    *,
    on: date | None,
    note: str,
    structure: str = "",
) -> RapidTest:
    """Record the facts of the action ``name`` (where, when, a note), let the engine move the
    linkage and log the action, save."""
    if not can_see_test_result(acting_user, test):
        raise PermissionDenied("Vous ne pouvez pas suivre ce test.")
    LINKAGES.check(acting_user, test, name)
    structure = structure or test.linkage_structure
    if structure not in LinkageStructure.values:
        # None given, and none recorded on the test: the linkage's state asks for one.
        raise ActionRefused({"structure": "Indiquez vers quelle structure la personne est orientée."})
    on = on or timezone.localdate()
    _past(on, "on")
    if on < test.performed_on:
        raise ValidationError({"on": "Cette date précède le test."})
    from_status = test.linkage_status
    test.linkage_structure, test.linkage_updated_on = structure, on
    if note.strip():
        test.linkage_note = note.strip()
    LINKAGES.perform(acting_user, test, name)
    test.save(update_fields=["linkage_status", "linkage_structure", "linkage_updated_on", "linkage_note"])
    JournalEntry.log_update(
        user=acting_user,
        obj=test,
        organisation=test.organisation,
        person=test.person,
        detail=f"lien vers le soin : {from_status or '—'} → {test.linkage_status}",
    )
    return test


@transaction.atomic
def rapid_test_orient(
    *, acting_user: User, test: RapidTest, structure: str = "", on: date | None = None, note: str = ""
) -> RapidTest:
    """Action ``orient``: a reactive result is oriented to a care structure (the one named, else
    the one it was oriented to before it was lost to follow-up)."""
    return _link(acting_user, test, "orient", structure=structure, on=on, note=note)


@transaction.atomic
def rapid_test_record_seen(
    *, acting_user: User, test: RapidTest, structure: str = "", on: date | None = None, note: str = ""
) -> RapidTest:
    """Action ``record_seen``: the care structure received the person (``structure``: another one
    than the structure oriented to)."""
    return _link(acting_user, test, "record_seen", structure=structure, on=on, note=note)


@transaction.atomic
def rapid_test_record_confirmed(
    *, acting_user: User, test: RapidTest, on: date | None = None, note: str = ""
) -> RapidTest:
    """Action ``record_confirmed``: the diagnosis is confirmed and the person is cared for."""
    return _link(acting_user, test, "record_confirmed", on=on, note=note)


@transaction.atomic
def rapid_test_record_not_confirmed(
    *, acting_user: User, test: RapidTest, on: date | None = None, note: str = ""
) -> RapidTest:
    """Action ``record_not_confirmed``: the confirmation test was negative."""
    return _link(acting_user, test, "record_not_confirmed", on=on, note=note)


@transaction.atomic
def rapid_test_record_lost(
    *, acting_user: User, test: RapidTest, on: date | None = None, note: str = ""
) -> RapidTest:
    """Action ``record_lost``: the person is lost to follow-up before the confirmation."""
    return _link(acting_user, test, "record_lost", on=on, note=note)


@transaction.atomic
def collective_action_record(
    *,
    acting_user: User,
    organisation: Organisation,
    held_on: date,
    theme: str,
    title: str,
    attendance: int,
    partners: str = "",
    commune=None,
) -> CollectiveAction:
    _require_record(acting_user, organisation.pk)
    _past(held_on, "held_on")
    action = CollectiveAction(
        organisation=organisation,
        held_on=held_on,
        theme=theme,
        title=title.strip(),
        attendance=attendance,
        partners=partners.strip(),
        commune=commune,
        created_by=acting_user,
    )
    action.full_clean()
    action.save()
    return action
