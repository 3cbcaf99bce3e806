"""Writes of orientations: create one with the help given, then record its outcome."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.directory.models import Service
from lien.directory.services import difficulty_report
from lien.followup.services import followup_ensure
from lien.journal.models import JournalEntry
from lien.orientations.enums import (
    DIRECTORY_DIFFICULTY,
    FAILED_OUTCOMES,
    TRANSITIONS,
    Difficulty,
    Outcome,
    StructureKind,
)
from lien.orientations.models import Orientation
from lien.people.models import Person


@transaction.atomic
def orientation_create(
    *,
    acting_user: User,
    person: Person,
    oriented_on: date,
    structure_kind: str,
    structure_name: str,
    reason: str,
    appointment_booked: bool = False,
    needs_prepared: bool = False,
    documents_prepared: bool = False,
    help_detail: str = "",
    directory_service: Service | None = None,
) -> Orientation:
    if not has_perm(acting_user, Perm.FOLLOWUP_CHANGE, person.organisation_id):
        raise PermissionDenied("Vous ne pouvez pas orienter cette personne.")
    if (
        directory_service is not None
        and not Service.objects.visible_to(acting_user).filter(pk=directory_service.pk).exists()
    ):
        raise ValidationError({"directory_service": "Service de l'annuaire introuvable."})
    if structure_kind not in StructureKind.values:
        raise ValidationError({"structure_kind": "Type de structure inconnu."})
    if oriented_on > timezone.localdate():
        raise ValidationError({"oriented_on": "Cette date est dans le futur."})
    followup_ensure(acting_user=acting_user, person=person, on=oriented_on)
    orientation = Orientation(
        organisation_id=person.organisation_id,
        person=person,
        oriented_on=oriented_on,
        structure_kind=structure_kind,
        structure_name=structure_name.strip(),
        reason=reason.strip(),
        appointment_booked=appointment_booked,
        needs_prepared=needs_prepared,
        documents_prepared=documents_prepared,
        help_detail=help_detail.strip(),
        directory_service=directory_service,
        created_by=acting_user,
    )
    orientation.full_clean()
    orientation.save()
    JournalEntry.log_create(
        user=acting_user, obj=orientation, organisation=person.organisation, person=person
    )
    return orientation


@transaction.atomic
def orientation_record_outcome(
    *,
    acting_user: User,
    orientation: Orientation,
    outcome: str,
    on: date | None = None,
    difficulty: str = "",
    detail: str = "",
) -> Orientation:
    """Move the orientation along the transition table; a failure says why (the partnership file)."""
    if not has_perm(acting_user, Perm.FOLLOWUP_CHANGE, orientation.organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier cette orientation.")
    if outcome not in TRANSITIONS.get(orientation.outcome, set()):
        raise ValidationError(
            f"Passage impossible de « {Outcome(orientation.outcome).label} » à « {Outcome(outcome).label} »."
            if outcome in Outcome.values
            else "Suite inconnue."
        )
    if outcome in FAILED_OUTCOMES:
        if difficulty not in Difficulty.values:
            raise ValidationError({"difficulty": "Indiquez la difficulté rencontrée."})
    else:
        difficulty = ""
    on = None if outcome == Outcome.PENDING else (on or timezone.localdate())
    if on is not None and on < orientation.oriented_on:
        raise ValidationError({"on": "La suite ne peut précéder l'orientation."})
    from_outcome = orientation.outcome
    orientation.outcome, orientation.outcome_on, orientation.difficulty = outcome, on, difficulty
    orientation.outcome_detail = detail.strip()
    orientation.save(update_fields=["outcome", "outcome_on", "difficulty", "outcome_detail"])
    JournalEntry.log_update(
        user=acting_user,
        obj=orientation,
        organisation=orientation.person.organisation,
        person=orientation.person,
        detail=f"suite : {from_outcome} → {outcome}",
    )
    if outcome in FAILED_OUTCOMES and orientation.directory_service_id:
        _report_to_partnership_file(acting_user, orientation)
    return orientation


def _report_to_partnership_file(acting_user: User, orientation: Orientation) -> None:
    """A failed orientation to a service of the directory becomes a difficulty of the
    partnership file — without anything that identifies the person."""
    if not has_perm(acting_user, Perm.DIRECTORY_CHANGE, orientation.organisation_id):
        return
    service = orientation.directory_service
    kind = "refused" if orientation.outcome == Outcome.REFUSED else "other"
    kind = DIRECTORY_DIFFICULTY.get(orientation.difficulty, kind)
    try:
        difficulty_report(
            acting_user=acting_user,
            organisation=orientation.organisation,
            structure=service.structure,
            service=service,
            kind=kind,
            occurred_on=orientation.outcome_on,
            description=str(Difficulty(orientation.difficulty).label),
            orientation_ref=f"orientations.orientation:{orientation.pk}",
        )
    except PermissionDenied:  # the structure is no longer shared with this organisation
        return
