"""Writes of the follow-up: each checks the permission, runs in a transaction, and is journalled.

The follow-up and its goals change status only through the named actions of ``workflow.py``
(``FOLLOWUPS``, ``GOALS``): one service per action, which checks it, records its facts and
lets the engine move the status and log the action with its actor."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.followup.enums import (
    ActionOwner,
    ContactChannel,
    EndReason,
    FollowupStatus,
    PrescriptionKind,
)
from lien.followup.models import Contact, Followup, FollowupSettings, Goal, GoalAction, Prescription
from lien.followup.workflow import FOLLOWUPS, GOALS
from lien.journal.models import JournalEntry
from lien.people.models import Person

_UNCHANGED = object()


def _require(user: User, perm: Perm, organisation_id: int, message: str) -> None:
    if not has_perm(user, perm, organisation_id):
        raise PermissionDenied(message)


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "Cette date est dans le futur."})


def followup_settings_for(organisation_id: int) -> FollowupSettings:
    """The organisation's settings, or the defaults (unsaved) when it has none."""
    found = FollowupSettings.objects.filter(organisation_id=organisation_id).first()
    return found or FollowupSettings(organisation_id=organisation_id)


@transaction.atomic
def followup_settings_save(
    *,
    acting_user: User,
    organisation: Organisation,
    rupture_days: int,
    reminder_days_before: int,
    contact_phone: str,
) -> FollowupSettings:
    _require(acting_user, Perm.FOLLOWUP_CHANGE, organisation.pk, "Vous ne pouvez pas régler le suivi.")
    found = followup_settings_for(organisation.pk)
    found.rupture_days, found.reminder_days_before = rupture_days, reminder_days_before
    found.contact_phone = contact_phone
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def followup_ensure(*, acting_user: User, person: Person, on: date | None = None) -> Followup:
    """The follow-up of the person, started on ``on`` if there was none, resumed if it had ended.

    Any new step with a person brings them back into the follow-up: nobody is lost silently.
    """
    _require(
        acting_user, Perm.FOLLOWUP_CHANGE, person.organisation_id, "Vous ne pouvez pas suivre cette personne."
    )
    followup = Followup.objects.select_for_update().filter(person=person).first()
    if followup is None:
        return followup_start(acting_user=acting_user, person=person, on=on)
    followup.person = person  # the guards read it
    if followup.status == FollowupStatus.ENDED:
        followup_resume(acting_user=acting_user, followup=followup)
    return followup


@transaction.atomic
def followup_start(*, acting_user: User, person: Person, on: date | None = None) -> Followup:
    """Action ``start``: follow the person from ``on`` (today by default), the user as referent.
    The first step with a person does it (``followup_ensure``)."""
    followup = Followup(
        organisation_id=person.organisation_id,
        person=person,
        referent=acting_user,
        started_on=on or timezone.localdate(),
    )
    FOLLOWUPS.start(acting_user, followup, "start")
    followup.save()
    FOLLOWUPS.log_creation(acting_user, followup, "start")
    JournalEntry.log_create(user=acting_user, obj=followup, organisation=person.organisation, person=person)
    return followup


def _perform_on_followup(acting_user: User, followup: Followup, name: str) -> Followup:
    from_status = followup.status
    FOLLOWUPS.perform(acting_user, followup, name)
    followup.save(update_fields=["status", "ended_on", "end_reason", "next_contact_on", "updated_at"])
    JournalEntry.log_update(
        user=acting_user,
        obj=followup,
        organisation=followup.person.organisation,
        person=followup.person,
        detail=f"statut : {from_status} → {followup.status}",
    )
    return followup


@transaction.atomic
def followup_end(
    *, acting_user: User, followup: Followup, reason: str, ended_on: date | None = None
) -> Followup:
    """Action ``end``, with its reason: the person leaves the call list and the rupture alert."""
    FOLLOWUPS.check(acting_user, followup, "end")
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Indiquez pourquoi le suivi se termine."})
    ended_on = ended_on or timezone.localdate()
    _not_in_future(ended_on, "ended_on")
    if ended_on < followup.started_on:
        raise ValidationError({"ended_on": "Le suivi ne peut se terminer avant d'avoir commencé."})
    followup.ended_on, followup.end_reason, followup.next_contact_on = ended_on, reason, None
    return _perform_on_followup(acting_user, followup, "end")


@transaction.atomic
def followup_resume(*, acting_user: User, followup: Followup) -> Followup:
    """Action ``resume``: the person is followed again (the end and its reason are cleared)."""
    FOLLOWUPS.check(acting_user, followup, "resume")
    followup.ended_on, followup.end_reason = None, ""
    return _perform_on_followup(acting_user, followup, "resume")


@transaction.atomic
def followup_schedule(
    *, acting_user: User, person: Person, next_contact_on: date | None, referent=_UNCHANGED
) -> Followup:
    """Set the next contact date (and the referent): the person appears in the call list that day."""
    followup = followup_ensure(acting_user=acting_user, person=person)
    fields = ["next_contact_on", "updated_at"]
    followup.next_contact_on = next_contact_on
    if referent is not _UNCHANGED:
        if referent is not None and not has_perm(referent, Perm.FOLLOWUP_VIEW, person.organisation_id):
            raise ValidationError({"referent": "Ce membre ne fait pas partie de l'équipe de suivi."})
        followup.referent = referent
        fields.append("referent")
    followup.save(update_fields=fields)
    JournalEntry.log_update(
        user=acting_user,
        obj=followup,
        organisation=person.organisation,
        person=person,
        detail=f"prochain contact : {next_contact_on or '—'}",
    )
    return followup


@transaction.atomic
def contact_record(
    *,
    acting_user: User,
    person: Person,
    on: date,
    channel: str,
    reached: bool = True,
    note: str = "",
    next_contact_on: date | None = None,
) -> Contact:
    """Record a call, a visit or a message; a reached person's due call leaves the call list."""
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": "Moyen de contact inconnu."})
    _not_in_future(on, "on")
    if next_contact_on is not None and next_contact_on < on:
        raise ValidationError({"next_contact_on": "Le prochain contact ne peut précéder celui-ci."})
    followup = followup_ensure(acting_user=acting_user, person=person, on=on)
    contact = Contact.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        on=on,
        channel=channel,
        reached=reached,
        note=note,
        created_by=acting_user,
    )
    JournalEntry.log_create(user=acting_user, obj=contact, organisation=person.organisation, person=person)
    if next_contact_on is not None:
        followup_schedule(acting_user=acting_user, person=person, next_contact_on=next_contact_on)
    elif reached and followup.next_contact_on and followup.next_contact_on <= on:
        followup_schedule(acting_user=acting_user, person=person, next_contact_on=None)
    return contact


@transaction.atomic
def goal_create(
    *, acting_user: User, person: Person, title: str, agreed_on: date, actions: Sequence[str] = ()
) -> Goal:
    """Action ``agree``: a goal agreed with the person, with its first actions (taken by the
    person by default)."""
    _not_in_future(agreed_on, "agreed_on")
    followup_ensure(acting_user=acting_user, person=person, on=agreed_on)
    goal = Goal(
        organisation_id=person.organisation_id,
        person=person,
        title=title.strip(),
        agreed_on=agreed_on,
        created_by=acting_user,
    )
    GOALS.start(acting_user, goal, "agree")
    goal.full_clean()
    goal.save()
    GOALS.log_creation(acting_user, goal, "agree")
    JournalEntry.log_create(user=acting_user, obj=goal, organisation=person.organisation, person=person)
    for description in actions:
        if description.strip():
            goal_action_add(
                acting_user=acting_user, goal=goal, description=description, owner=ActionOwner.PERSON
            )
    return goal


def _perform_on_goal(acting_user: User, goal: Goal, name: str) -> Goal:
    from_status = goal.status
    GOALS.perform(acting_user, goal, name)
    goal.save(update_fields=["status", "closed_on"])
    JournalEntry.log_update(
        user=acting_user,
        obj=goal,
        organisation=goal.person.organisation,
        person=goal.person,
        detail=f"statut : {from_status} → {goal.status}",
    )
    return goal


def _close_goal(acting_user: User, goal: Goal, name: str, on: date | None) -> Goal:
    GOALS.check(acting_user, goal, name)
    on = on or timezone.localdate()
    _not_in_future(on, "on")
    if on < goal.agreed_on:
        raise ValidationError({"on": "Un objectif ne peut se clore avant d'avoir été convenu."})
    goal.closed_on = on
    return _perform_on_goal(acting_user, goal, name)


@transaction.atomic
def goal_achieve(*, acting_user: User, goal: Goal, on: date | None = None) -> Goal:
    """Action ``achieve``: the goal is reached (on ``on``, today by default)."""
    return _close_goal(acting_user, goal, "achieve", on)


@transaction.atomic
def goal_abandon(*, acting_user: User, goal: Goal, on: date | None = None) -> Goal:
    """Action ``abandon``: the person and the team give the goal up."""
    return _close_goal(acting_user, goal, "abandon", on)


@transaction.atomic
def goal_reopen(*, acting_user: User, goal: Goal) -> Goal:
    """Action ``reopen``: an achieved or abandoned goal is worked on again."""
    GOALS.check(acting_user, goal, "reopen")
    goal.closed_on = None
    return _perform_on_goal(acting_user, goal, "reopen")


@transaction.atomic
def goal_action_add(
    *, acting_user: User, goal: Goal, description: str, owner: str, due_on: date | None = None
) -> GoalAction:
    """Action ``add_step``: a step towards an open goal, and who takes it."""
    GOALS.check(acting_user, goal, "add_step")
    if owner not in ActionOwner.values:
        raise ValidationError({"owner": "Indiquez qui s'en charge."})
    action = GoalAction(
        goal=goal, description=description.strip(), owner=owner, due_on=due_on, created_by=acting_user
    )
    action.full_clean()
    action.save()
    GOALS.perform(acting_user, goal, "add_step")
    JournalEntry.log_update(
        user=acting_user,
        obj=goal,
        organisation=goal.person.organisation,
        person=goal.person,
        detail=f"action n°{action.pk} ajoutée",
    )
    return action


@transaction.atomic
def goal_action_mark(*, acting_user: User, action: GoalAction, done_on: date | None) -> GoalAction:
    """Tick an action off (``done_on``), or untick it (``None``)."""
    goal = action.goal
    _require(
        acting_user, Perm.FOLLOWUP_CHANGE, goal.organisation_id, "Vous ne pouvez pas modifier cet objectif."
    )
    if done_on is not None:
        _not_in_future(done_on, "done_on")
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    JournalEntry.log_update(
        user=acting_user,
        obj=goal,
        organisation=goal.person.organisation,
        person=goal.person,
        detail=f"action n°{action.pk} {'faite' if done_on else 'à refaire'}",
    )
    return action


@transaction.atomic
def prescription_add(
    *,
    acting_user: User,
    person: Person,
    kind: str,
    label: str,
    prescriber: str = "",
    prescribed_on: date | None = None,
) -> Prescription:
    """An examination or consultation prescribed by the doctor (medical information)."""
    _require(
        acting_user,
        Perm.MEDICAL_VIEW,
        person.organisation_id,
        "Votre rôle ne donne pas accès aux informations médicales.",
    )
    if kind not in PrescriptionKind.values:
        raise ValidationError({"kind": "Indiquez s'il s'agit d'un examen ou d'une consultation."})
    followup_ensure(acting_user=acting_user, person=person)
    prescription = Prescription(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        label=label.strip(),
        prescriber=prescriber.strip(),
        prescribed_on=prescribed_on,
        created_by=acting_user,
    )
    prescription.full_clean()
    prescription.save()
    JournalEntry.log_create(
        user=acting_user, obj=prescription, organisation=person.organisation, person=person
    )
    return prescription


@transaction.atomic
def prescription_mark(*, acting_user: User, prescription: Prescription, done_on: date | None) -> Prescription:
    organisation_id = prescription.organisation_id
    _require(
        acting_user,
        Perm.MEDICAL_VIEW,
        organisation_id,
        "Votre rôle ne donne pas accès aux informations médicales.",
    )
    _require(acting_user, Perm.FOLLOWUP_CHANGE, organisation_id, "Vous ne pouvez pas modifier ce suivi.")
    if done_on is not None:
        _not_in_future(done_on, "done_on")
    prescription.done_on = done_on
    prescription.save(update_fields=["done_on"])
    JournalEntry.log_update(
        user=acting_user,
        obj=prescription,
        organisation=prescription.person.organisation,
        person=prescription.person,
        detail="fait" if done_on else "à faire",
    )
    return prescription
