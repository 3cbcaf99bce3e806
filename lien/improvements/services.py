"""Writes on improvement proposals: permission checked, lifecycle enforced, journalled.

The status changes only through the named actions of ``workflow.IMPROVEMENTS``: one service per
action, which checks it, records its facts and lets the engine move the status and log the
action with its actor. ``improvement_update`` edits what the proposal says, never its status."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.improvements.enums import ANSWERED_STATUSES, SENT_STATUSES, Kind
from lien.improvements.models import ImprovementProposal
from lien.improvements.workflow import IMPROVEMENTS
from lien.journal.models import JournalEntry
from lien.saisines.models import Saisine

# What the edit changes: what the proposal says, and the facts of the actions already taken
# (to correct them), never the status.
CONTENT_FIELDS = ("kind", "title", "description")
SENT_FIELDS = ("sent_to", "sent_on")
ANSWER_FIELDS = ("answer", "answered_on")


def editable_fields(proposal: ImprovementProposal) -> tuple[str, ...]:
    """The fields the edit may change now: the facts of an action once it is taken."""
    fields: tuple[str, ...] = CONTENT_FIELDS
    if proposal.status in SENT_STATUSES:
        fields += SENT_FIELDS
    if proposal.status in ANSWERED_STATUSES:
        fields += ANSWER_FIELDS
    return fields


def check_proposal(
    *,
    status: str,
    sent_to: str,
    sent_on: date | None,
    answered_on: date | None,
    title: str | None = None,
) -> None:
    """The facts each status needs; shared by the forms and the services."""
    errors: dict[str, str] = {}
    if title is not None and not title.strip():
        errors["title"] = "Donnez un intitulé."
    if status in SENT_STATUSES:
        if not sent_to.strip():
            errors["sent_to"] = "Indiquez à qui la proposition a été transmise."
        if sent_on is None:
            errors["sent_on"] = "Indiquez la date de transmission."
    if status in ANSWERED_STATUSES and answered_on is None:
        errors["answered_on"] = "Indiquez la date de la réponse."
    if sent_on and answered_on and answered_on < sent_on:
        errors["answered_on"] = "La réponse ne peut précéder la transmission."
    if errors:
        raise ValidationError(errors)


def _check_evidence(organisation: Organisation, saisines: Iterable[Saisine]) -> list[Saisine]:
    saisines = list(saisines)
    if any(saisine.organisation_id != organisation.pk for saisine in saisines):
        raise ValidationError("Les saisines à l'appui doivent être celles de la même caisse.")
    return saisines


@transaction.atomic
def improvement_create(
    *,
    acting_user: User,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str = "",
    saisines: Iterable[Saisine] = (),
) -> ImprovementProposal:
    """Action ``create``: a draft, with its evidence. A proposal raised earlier is recorded as a
    draft, then sent (and answered) with the dates it was."""
    if not has_perm(acting_user, Perm.SAISINE_CHANGE, organisation.pk):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer une proposition pour cette caisse.")
    if kind not in Kind.values:
        raise ValidationError({"kind": "Nature inconnue."})
    if not title.strip():
        raise ValidationError({"title": "Donnez un intitulé."})
    evidence = _check_evidence(organisation, saisines)
    proposal = ImprovementProposal(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        created_by=acting_user,
    )
    IMPROVEMENTS.start(acting_user, proposal, "create")
    proposal.full_clean()
    proposal.save()
    IMPROVEMENTS.log_creation(acting_user, proposal, "create")
    proposal.saisines.set(evidence)
    JournalEntry.log_create(user=acting_user, obj=proposal, organisation=organisation)
    return proposal


@transaction.atomic
def improvement_update(
    *,
    acting_user: User,
    proposal: ImprovementProposal,
    saisines: Iterable[Saisine] | None = None,
    **fields: object,
) -> ImprovementProposal:
    """Apply the given fields (``editable_fields``): what the proposal says, and corrections of
    the facts of the actions taken. The status changes only through the actions."""
    if not has_perm(acting_user, Perm.SAISINE_CHANGE, proposal.organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas de modifier cette proposition.")
    if "status" in fields:
        raise ValidationError({"status": "Le statut change par les actions de la proposition, pas ici."})
    unknown = set(fields) - {*CONTENT_FIELDS, *SENT_FIELDS, *ANSWER_FIELDS}
    if unknown:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(unknown))}")
    not_yet = sorted(set(fields) - set(editable_fields(proposal)))
    if not_yet:
        raise ValidationError(
            {name: "Cette information s'enregistre par l'action qui la concerne." for name in not_yet}
        )
    for name, value in fields.items():
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    check_proposal(
        status=proposal.status,
        sent_to=proposal.sent_to,
        sent_on=proposal.sent_on,
        answered_on=proposal.answered_on,
        title=proposal.title,
    )
    proposal.full_clean()
    proposal.save(update_fields=[*fields, "updated_at"])
    if saisines is not None:
        proposal.saisines.set(_check_evidence(proposal.organisation, saisines))
    changed = sorted(fields) + (["saisines"] if saisines is not None else [])
    JournalEntry.log_update(
        user=acting_user, obj=proposal, organisation=proposal.organisation, detail=", ".join(changed)
    )
    return proposal


def _perform(
    acting_user: User, proposal: ImprovementProposal, name: str, fields: list[str]
) -> ImprovementProposal:
    """Check the facts the target status needs, move the proposal (the engine), save, journal."""
    check_proposal(
        status=IMPROVEMENTS[name].target or proposal.status,
        sent_to=proposal.sent_to,
        sent_on=proposal.sent_on,
        answered_on=proposal.answered_on,
    )
    from_status = proposal.status
    IMPROVEMENTS.perform(acting_user, proposal, name)
    proposal.full_clean()
    proposal.save(update_fields=[*fields, "status", "updated_at"])
    JournalEntry.log_update(
        user=acting_user,
        obj=proposal,
        organisation=proposal.organisation,
        detail=f"statut : {from_status} → {proposal.status} ; {', '.join(fields)}",
    )
    return proposal


@transaction.atomic
def improvement_send(
    *, acting_user: User, proposal: ImprovementProposal, sent_to: str, sent_on: date | None
) -> ImprovementProposal:
    """Action ``send``: to whom the proposal went, and when."""
    IMPROVEMENTS.check(acting_user, proposal, "send")
    proposal.sent_to, proposal.sent_on = sent_to.strip(), sent_on
    return _perform(acting_user, proposal, "send", ["sent_to", "sent_on"])


@transaction.atomic
def improvement_record_answer(
    *, acting_user: User, proposal: ImprovementProposal, answered_on: date | None, answer: str = ""
) -> ImprovementProposal:
    """Action ``record_answer``: the answer received, and its date."""
    IMPROVEMENTS.check(acting_user, proposal, "record_answer")
    proposal.answer, proposal.answered_on = answer.strip(), answered_on
    return _perform(acting_user, proposal, "record_answer", ["answer", "answered_on"])


def _decide(
    acting_user: User,
    proposal: ImprovementProposal,
    name: str,
    answered_on: date | None,
    answer: str | None,
) -> ImprovementProposal:
    """The fund's decision, straight after the sending or once answered: the answer and its date
    are those already recorded unless given."""
    IMPROVEMENTS.check(acting_user, proposal, name)
    if answered_on is not None:
        proposal.answered_on = answered_on
    if answer is not None:
        proposal.answer = answer.strip()
    return _perform(acting_user, proposal, name, ["answer", "answered_on"])


@transaction.atomic
def improvement_record_implemented(
    *,
    acting_user: User,
    proposal: ImprovementProposal,
    answered_on: date | None = None,
    answer: str | None = None,
) -> ImprovementProposal:
    """Action ``record_implemented``: the proposal was taken up."""
    return _decide(acting_user, proposal, "record_implemented", answered_on, answer)


@transaction.atomic
def improvement_reject(
    *,
    acting_user: User,
    proposal: ImprovementProposal,
    answered_on: date | None = None,
    answer: str | None = None,
) -> ImprovementProposal:
    """Action ``reject``: the proposal was not taken up."""
    return _decide(acting_user, proposal, "reject", answered_on, answer)
