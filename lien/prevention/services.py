"""Writes of prevention: advice, rapid tests and their linkage to care, collective actions."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.models import Person
from lien.prevention.access import can_see_test_result
from lien.prevention.enums import (
    LINKAGE_TRANSITIONS,
    LinkageStatus,
    LinkageStructure,
    TestKind,
    TestResult,
    Topic,
)
from lien.prevention.models import Advice, CollectiveAction, RapidTest


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


@transaction.atomic
def rapid_test_link_to_care(
    *,
    acting_user: User,
    test: RapidTest,
    status: str,
    structure: str = "",
    on: date | None = None,
    note: str = "",
) -> RapidTest:
    """Follow a reactive result to its confirmation, along the linkage transition table."""
    if not (
        can_see_test_result(acting_user, test)
        and has_perm(acting_user, Perm.PREVENTION_RECORD, test.organisation_id)
    ):
        raise PermissionDenied("Vous ne pouvez pas suivre ce test.")
    if test.result != TestResult.REACTIVE:
        raise ValidationError("Seul un résultat réactif est orienté vers le soin.")
    if status not in LINKAGE_TRANSITIONS.get(test.linkage_status, set()):
        current = LinkageStatus(test.linkage_status).label if test.linkage_status else "aucun"
        wanted = LinkageStatus(status).label if status in LinkageStatus.values else status
        raise ValidationError(f"Passage impossible de « {current} » à « {wanted} ».")
    structure = structure or test.linkage_structure
    if structure not in LinkageStructure.values:
        raise ValidationError({"structure": "Indiquez vers quelle structure la personne est orientée."})
    on = on or timezone.localdate()
    _past(on, "on")
    if on < test.performed_on:
        raise ValidationError({"on": "Cette date précède le test."})
    from_status = test.linkage_status
    test.linkage_status, test.linkage_structure, test.linkage_updated_on = status, structure, on
    if note:
        test.linkage_note = note.strip()
    test.save(update_fields=["linkage_status", "linkage_structure", "linkage_updated_on", "linkage_note"])
    JournalEntry.log_update(
        user=acting_user,
        obj=test,
        organisation=test.organisation,
        person=test.person,
        detail=f"lien vers le soin : {from_status or '—'} → {status}",
    )
    return test


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
