"""Writes on improvement proposals: permission checked, lifecycle enforced, journalled."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.improvements.enums import ANSWERED_STATUSES, SENT_STATUSES, TRANSITIONS, Status
from lien.improvements.models import ImprovementProposal
from lien.journal.models import JournalEntry
from lien.saisines.models import Saisine

EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "sent_to",
    "sent_on",
    "answer",
    "answered_on",
    "status",
)


def check_proposal(
    *,
    status: str,
    sent_to: str,
    sent_on: date | None,
    answered_on: date | None,
    title: str | None = None,
) -> None:
    """The facts each status needs; shared by the form and the services."""
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


def check_transition(from_status: str, to_status: str) -> None:
    if to_status != from_status and to_status not in TRANSITIONS.get(from_status, set()):
        before, after = Status(from_status).label, Status(to_status).label
        raise ValidationError({"status": f"Passage impossible de « {before} » à « {after} »."})


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
    sent_to: str = "",
    sent_on: date | None = None,
    answer: str = "",
    answered_on: date | None = None,
    status: str = Status.DRAFT,
) -> ImprovementProposal:
    """Record a proposal; one raised earlier may be recorded directly in its current status."""
    if not has_perm(acting_user, Perm.SAISINE_CHANGE, organisation.pk):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer une proposition pour cette caisse.")
    check_proposal(status=status, sent_to=sent_to, sent_on=sent_on, answered_on=answered_on, title=title)
    evidence = _check_evidence(organisation, saisines)
    proposal = ImprovementProposal(
        organisation=organisation,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        sent_to=sent_to.strip(),
        sent_on=sent_on,
        answer=answer.strip(),
        answered_on=answered_on,
        status=status,
        created_by=acting_user,
    )
    proposal.full_clean()
    proposal.save()
    proposal.saisines.set(evidence)
    JournalEntry.log_create(user=acting_user, obj=proposal, organisation=organisation)
    return proposal


@transaction.atomic
def improvement_update(
    *,
    acting_user: User,
    proposal: ImprovementProposal,
    saisines: Iterable[Saisine] | None = None,
    **fields,
) -> ImprovementProposal:
    """Apply the given fields; a change of status must follow the transition table."""
    if not has_perm(acting_user, Perm.SAISINE_CHANGE, proposal.organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas de modifier cette proposition.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Champs non modifiables : {', '.join(sorted(unknown))}")
    # The stored status, not the instance's: a bound ModelForm has already set the new one on it.
    from_status = (
        ImprovementProposal.objects.select_for_update().values_list("status", flat=True).get(pk=proposal.pk)
    )
    check_transition(from_status, fields.get("status", from_status))
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
    detail = ", ".join(changed)
    if proposal.status != from_status:
        detail = f"statut : {from_status} → {proposal.status} ; {detail}"
    JournalEntry.log_update(user=acting_user, obj=proposal, organisation=proposal.organisation, detail=detail)
    return proposal
