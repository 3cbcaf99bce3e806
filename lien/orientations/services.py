"""Writes of orientations: create one with the help given, then record its outcome.

The outcome changes only through the named actions of ``workflow.ORIENTATIONS``: one service
per action, which checks it, records its facts and lets the engine move the outcome and log the
action with its actor."""

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
from lien.orientations.enums import DIRECTORY_DIFFICULTY, Difficulty, Outcome, StructureKind
from lien.orientations.models import Orientation
from lien.orientations.workflow import ORIENTATIONS
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
    """Action ``orient``: the structure, the reason and the help given; the outcome is pending."""
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
    ORIENTATIONS.start(acting_user, orientation, "orient")
    orientation.full_clean()
    orientation.save()
    ORIENTATIONS.log_creation(acting_user, orientation, "orient")
    JournalEntry.log_create(
        user=acting_user, obj=orientation, organisation=person.organisation, person=person
    )
    return orientation


def _record(
    acting_user: User, orientation: Orientation, name: str, *, on: date | None, difficulty: str, detail: str
) -> Orientation:
    """Record the facts of the outcome ``name`` leads to, move it there (the engine), save."""
    from_outcome = orientation.outcome
    orientation.outcome_on, orientation.difficulty, orientation.outcome_detail = (
        on,
        difficulty,
        detail.strip(),
    )
    ORIENTATIONS.perform(acting_user, orientation, name)
    orientation.save(update_fields=["outcome", "outcome_on", "difficulty", "outcome_detail"])
    JournalEntry.log_update(
        user=acting_user,
        obj=orientation,
        organisation=orientation.person.organisation,
        person=orientation.person,
        detail=f"suite : {from_outcome} → {orientation.outcome}",
    )
    return orientation


def _outcome_on(orientation: Orientation, on: date | None) -> date:
    on = on or timezone.localdate()
    if on < orientation.oriented_on:
        raise ValidationError({"on": "La suite ne peut précéder l'orientation."})
    return on


def _failure(
    acting_user: User, orientation: Orientation, name: str, *, on: date | None, difficulty: str, detail: str
) -> Orientation:
    """A failure says why: the difficulty feeds the partnership file of the directory."""
    ORIENTATIONS.check(acting_user, orientation, name)
    if difficulty not in Difficulty.values:
        raise ValidationError({"difficulty": "Indiquez la difficulté rencontrée."})
    on = _outcome_on(orientation, on)
    _record(acting_user, orientation, name, on=on, difficulty=difficulty, detail=detail)
    if orientation.directory_service_id:
        _report_to_partnership_file(acting_user, orientation, occurred_on=on)
    return orientation


@transaction.atomic
def orientation_record_went(
    *, acting_user: User, orientation: Orientation, on: date | None = None, detail: str = ""
) -> Orientation:
    """Action ``record_went``: the person went (on ``on``, today by default) — also after an
    outcome "did not go" that was recorded too early."""
    ORIENTATIONS.check(acting_user, orientation, "record_went")
    on = _outcome_on(orientation, on)
    return _record(acting_user, orientation, "record_went", on=on, difficulty="", detail=detail)


@transaction.atomic
def orientation_record_did_not_go(
    *, acting_user: User, orientation: Orientation, difficulty: str, on: date | None = None, detail: str = ""
) -> Orientation:
    """Action ``record_did_not_go``, with the difficulty the person met."""
    return _failure(
        acting_user, orientation, "record_did_not_go", on=on, difficulty=difficulty, detail=detail
    )


@transaction.atomic
def orientation_record_refused(
    *, acting_user: User, orientation: Orientation, difficulty: str, on: date | None = None, detail: str = ""
) -> Orientation:
    """Action ``record_refused``: the structure turned the person away, and why."""
    return _failure(acting_user, orientation, "record_refused", on=on, difficulty=difficulty, detail=detail)


@transaction.atomic
def orientation_record_waiting_list(
    *, acting_user: User, orientation: Orientation, on: date | None = None, detail: str = ""
) -> Orientation:
    """Action ``record_waiting_list``: the structure put the person on its waiting list (known on
    ``on``, today by default); the partnership file hears of it. The person then goes, gives up
    or is refused, through the other actions."""
    ORIENTATIONS.check(acting_user, orientation, "record_waiting_list")
    on = _outcome_on(orientation, on)
    _record(acting_user, orientation, "record_waiting_list", on=on, difficulty="", detail=detail)
    if orientation.directory_service_id:
        _report_to_partnership_file(acting_user, orientation, occurred_on=on)
    return orientation


@transaction.atomic
def orientation_reset_outcome(*, acting_user: User, orientation: Orientation) -> Orientation:
    """Action ``reset_outcome``: an outcome recorded too early goes back to pending."""
    ORIENTATIONS.check(acting_user, orientation, "reset_outcome")
    return _record(acting_user, orientation, "reset_outcome", on=None, difficulty="", detail="")


def _report_to_partnership_file(acting_user: User, orientation: Orientation, *, occurred_on: date) -> None:
    """A failed orientation, or a waiting list (known on ``occurred_on``), to a service of the
    directory becomes a difficulty of the partnership file — without anything that identifies
    the person."""
    if not has_perm(acting_user, Perm.DIRECTORY_CHANGE, orientation.organisation_id):
        return
    service = orientation.directory_service
    if service is None:  # not an orientation to a service of the directory
        return
    if orientation.outcome == Outcome.WAITING_LIST:
        kind, description = "waiting_list", str(Outcome.WAITING_LIST.label)
    else:
        kind = "refused" if orientation.outcome == Outcome.REFUSED else "other"
        kind = DIRECTORY_DIFFICULTY.get(orientation.difficulty, kind)
        description = str(Difficulty(orientation.difficulty).label)
    try:
        difficulty_report(
            acting_user=acting_user,
            organisation=orientation.organisation,
            structure=service.structure,
            service=service,
            kind=kind,
            occurred_on=occurred_on,
            description=description,
            orientation_ref=f"orientations.orientation:{orientation.pk}",
        )
    except PermissionDenied:  # the structure is no longer shared with this organisation
        return
