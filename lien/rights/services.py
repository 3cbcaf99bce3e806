"""Writes on procedures of access to rights: each logs its step and is journalled with the person.

The step changes only through the named actions of ``workflow.PROCEDURES``: one service per
action, which checks it, records its facts (dates, rights) and lets the engine move the step and
log the action with its actor; the step is also written in the procedure's ``ProcedureEvent``
log, with its date and detail."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.enums import Complementary, Coverage
from lien.people.models import Person
from lien.people.reminders import reminder_choice_check
from lien.people.services import person_update
from lien.rights.enums import (
    DECISION_WAIT_DAYS,
    DEFAULT_DOCUMENTS,
    YEARLY_KINDS,
    ProcedureKind,
    ReminderKind,
    Status,
)
from lien.rights.models import Procedure, ProcedureDocument, ProcedureEvent, RightsReminder
from lien.rights.selectors import LAPSED_WINDOW_DAYS, rights_lapsing
from lien.rights.workflow import PROCEDURES
from lien.workflow.engine import ActionRefused

# What a granted procedure tells about the person's file.
PERSON_FACTS: dict[str, dict[str, Any]] = {
    ProcedureKind.PUMA: {"coverage": Coverage.PUMA},
    ProcedureKind.AME: {"coverage": Coverage.AME},
    ProcedureKind.C2S: {"complementary": Complementary.C2S},
    ProcedureKind.GP_DECLARATION: {"has_gp": True},
}


def _check(acting_user, organisation_id: int) -> None:
    if not has_perm(acting_user, Perm.RIGHTS_CHANGE, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas de suivre les démarches de cette personne.")


def _journal(acting_user, procedure: Procedure, detail: str) -> None:
    JournalEntry.log_update(
        user=acting_user,
        obj=procedure,
        organisation=procedure.organisation,
        person=procedure.person,
        detail=detail,
    )


def _set_remind_person(procedure: Procedure, remind_person: str | None) -> str:
    """Set the person's choice to be reminded before the rights end (None: unchanged), refused when
    their file cannot serve it; the journal's words for a change ("" when none)."""
    if remind_person is None or remind_person == procedure.remind_person:
        return ""
    reminder_choice_check(procedure.person, remind_person, field="remind_person")
    procedure.remind_person = remind_person
    return f"prévenir la personne : {remind_person}"


def one_year_after(start: date) -> date:
    """The last day of rights granted for a year from ``start`` (29 February counts as 28)."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:
        return date(start.year + 1, 2, 28)


def _create(
    *,
    acting_user,
    person: Person,
    kind: str,
    started_on: date,
    followed_by=None,
    notes: str = "",
    renewal_of: Procedure | None = None,
) -> Procedure:
    """Action ``start``: a new procedure with the usual checklist of documents."""
    procedure = Procedure(
        organisation=person.organisation,
        person=person,
        kind=kind,
        started_on=started_on,
        followed_by=followed_by or acting_user,
        notes=notes,
        renewal_of=renewal_of,
        created_by=acting_user,
    )
    PROCEDURES.start(acting_user, procedure, "start")
    if kind not in ProcedureKind.values:
        raise ValidationError({"kind": "Démarche inconnue."})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "La démarche ne peut commencer dans le futur."})
    procedure.save()
    PROCEDURES.log_creation(acting_user, procedure, "start")
    ProcedureDocument.objects.bulk_create(
        [
            ProcedureDocument(procedure=procedure, label=label, position=index)
            for index, label in enumerate(DEFAULT_DOCUMENTS.get(kind, []))
        ]
    )
    ProcedureEvent.objects.create(
        procedure=procedure,
        on=started_on,
        user=acting_user,
        action="start",
        to_status=procedure.status,
        detail="renouvellement" if renewal_of else "",
    )
    JournalEntry.log_create(user=acting_user, obj=procedure, organisation=person.organisation, person=person)
    return procedure


@transaction.atomic
def procedure_start(
    *,
    acting_user,
    person: Person,
    kind: str,
    started_on: date,
    followed_by=None,
    notes: str = "",
) -> Procedure:
    """Action ``start``: begin a procedure with the usual checklist of documents (a renewal
    begins through ``procedure_renew``)."""
    return _create(
        acting_user=acting_user,
        person=person,
        kind=kind,
        started_on=started_on,
        followed_by=followed_by,
        notes=notes,
    )


@transaction.atomic
def procedure_renew(*, acting_user, procedure: Procedure, started_on: date | None = None) -> Procedure:
    """Action ``renew`` on granted rights (which stay granted), then ``start`` of the new
    procedure that renews them; their open reminders are done."""
    PROCEDURES.perform(acting_user, procedure, "renew")  # before the renewal exists: its guard
    started_on = started_on or timezone.localdate()
    renewal = _create(
        acting_user=acting_user,
        person=procedure.person,
        kind=procedure.kind,
        started_on=started_on,
        followed_by=procedure.followed_by,
        renewal_of=procedure,
    )
    ProcedureEvent.objects.create(
        procedure=procedure,
        on=started_on,
        user=acting_user,
        action="renew",
        from_status=procedure.status,
        to_status=procedure.status,
        detail="renouvellement commencé",
    )
    RightsReminder.objects.filter(procedure=procedure, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=acting_user
    )
    _journal(acting_user, procedure, "renouvellement commencé")
    return renewal


@transaction.atomic
def procedure_update(
    *,
    acting_user,
    procedure: Procedure,
    started_on: date,
    filed_on: date | None,
    decision_on: date | None,
    rights_start: date | None,
    rights_end: date | None,
    followed_by=None,
    notes: str = "",
    remind_person: str | None = None,
) -> Procedure:
    """Correct the dates and notes of a procedure (its step changes only through its actions),
    and the person's choice to be reminded before the rights end (None: unchanged)."""
    _check(acting_user, procedure.organisation_id)
    if procedure.status in (Status.GRANTED, Status.REFUSED) and decision_on is None:
        raise ActionRefused({"decision_on": "Une décision rendue garde sa date."})
    reminded = _set_remind_person(procedure, remind_person)
    procedure.started_on, procedure.filed_on, procedure.decision_on = started_on, filed_on, decision_on
    procedure.rights_start, procedure.rights_end = rights_start, rights_end
    procedure.followed_by, procedure.notes = followed_by, notes
    procedure.full_clean(exclude=["person", "organisation", "renewal_of", "created_by", "followed_by"])
    procedure.save()
    _journal(acting_user, procedure, ", ".join(filter(None, ["dates et notes", reminded])))
    return procedure


# -- the steps: one service per action of workflow.PROCEDURES --------------------------------


def _step_date(procedure: Procedure, on: date, field: str) -> date:
    if on > timezone.localdate():
        raise ValidationError({field: "L'étape ne peut être datée dans le futur."})
    if on < procedure.started_on:
        raise ValidationError({field: "L'étape ne peut précéder le début de la démarche."})
    return on


def _step(acting_user, procedure: Procedure, name: str, *, on: date, detail: str) -> Procedure:
    """Move the procedure by the action ``name`` (the engine checks it and logs it), save it with
    the facts its service set, and log the step with its date and detail."""
    from_status = procedure.status
    PROCEDURES.perform(acting_user, procedure, name)
    procedure.save()
    if from_status == Status.FILED:  # an answer came, or the file went back to gathering documents
        procedure.reminders.filter(kind=ReminderKind.NO_DECISION, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=acting_user
        )
    ProcedureEvent.objects.create(
        procedure=procedure,
        on=on,
        user=acting_user,
        action=name,
        from_status=from_status,
        to_status=procedure.status,
        detail=detail.strip(),
    )
    _journal(acting_user, procedure, f"{name} : {from_status} → {procedure.status}")
    return procedure


@transaction.atomic
def procedure_file(*, acting_user, procedure: Procedure, filed_on: date, detail: str = "") -> Procedure:
    """Action ``file``: the documents are gathered and the file is sent (on ``filed_on``)."""
    PROCEDURES.check(acting_user, procedure, "file")
    procedure.filed_on = _step_date(procedure, filed_on, "filed_on")
    return _step(acting_user, procedure, "file", on=filed_on, detail=detail)


@transaction.atomic
def procedure_return_to_documents(
    *, acting_user, procedure: Procedure, on: date, detail: str = ""
) -> Procedure:
    """Action ``return_to_documents``: the fund sent the file back, a document is missing
    (``detail`` says which)."""
    PROCEDURES.check(acting_user, procedure, "return_to_documents")
    _step_date(procedure, on, "on")
    return _step(acting_user, procedure, "return_to_documents", on=on, detail=detail)


@transaction.atomic
def procedure_grant(
    *,
    acting_user,
    procedure: Procedure,
    decision_on: date,
    rights_start: date | None = None,
    rights_end: date | None = None,
    detail: str = "",
    remind_person: str | None = None,
) -> Procedure:
    """Action ``grant``: the decision opens rights from ``rights_start`` (the decision's date by
    default) to ``rights_end`` (a year for the AME and the C2S unless another end is given), and
    the person may choose to be reminded before they end (``remind_person``, None: unchanged).
    Granting coverage, the C2S or a médecin traitant updates the person's file."""
    PROCEDURES.check(acting_user, procedure, "grant")
    reminded = _set_remind_person(procedure, remind_person)
    procedure.decision_on = _step_date(procedure, decision_on, "decision_on")
    if rights_start and rights_start > decision_on + timedelta(days=366):
        raise ValidationError({"rights_start": "Les droits s'ouvrent au plus tard un an après la décision."})
    procedure.rights_start = rights_start or decision_on
    procedure.rights_end = rights_end or (
        one_year_after(procedure.rights_start) if procedure.kind in YEARLY_KINDS else None
    )
    if procedure.rights_end and procedure.rights_end < procedure.rights_start:
        raise ValidationError({"rights_end": "La fin des droits ne peut précéder leur ouverture."})
    _step(acting_user, procedure, "grant", on=decision_on, detail=detail)
    if reminded:
        _journal(acting_user, procedure, reminded)
    facts = PERSON_FACTS.get(ProcedureKind(procedure.kind))
    if (
        facts
        and not procedure.person.is_anonymised
        and has_perm(acting_user, Perm.PERSON_CHANGE, procedure.organisation_id)
    ):
        person_update(acting_user=acting_user, person=procedure.person, **facts)
    return procedure


@transaction.atomic
def procedure_refuse(*, acting_user, procedure: Procedure, decision_on: date, detail: str = "") -> Procedure:
    """Action ``refuse``: the fund refused (on ``decision_on``); ``resume`` starts over."""
    PROCEDURES.check(acting_user, procedure, "refuse")
    procedure.decision_on = _step_date(procedure, decision_on, "decision_on")
    return _step(acting_user, procedure, "refuse", on=decision_on, detail=detail)


@transaction.atomic
def procedure_abandon(*, acting_user, procedure: Procedure, on: date, detail: str = "") -> Procedure:
    """Action ``abandon``: the person gives up, or the procedure no longer applies."""
    PROCEDURES.check(acting_user, procedure, "abandon")
    _step_date(procedure, on, "on")
    return _step(acting_user, procedure, "abandon", on=on, detail=detail)


@transaction.atomic
def procedure_resume(*, acting_user, procedure: Procedure, on: date, detail: str = "") -> Procedure:
    """Action ``resume``: after a refusal or an abandon, back to gathering the documents."""
    PROCEDURES.check(acting_user, procedure, "resume")
    _step_date(procedure, on, "on")
    return _step(acting_user, procedure, "resume", on=on, detail=detail)


@transaction.atomic
def procedure_documents_update(
    *, acting_user, procedure: Procedure, gathered_ids: set[int], on: date, new_label: str = ""
) -> Procedure:
    """Tick the documents gathered (dated ``on`` when newly ticked), untick the others, add one."""
    _check(acting_user, procedure.organisation_id)
    documents = list(procedure.documents.all())
    for document in documents:
        gathered = document.pk in gathered_ids
        if gathered and document.gathered_on is None:
            document.gathered_on = on
            document.save(update_fields=["gathered_on"])
        elif not gathered and document.gathered_on is not None:
            document.gathered_on = None
            document.save(update_fields=["gathered_on"])
    if new_label.strip():
        ProcedureDocument.objects.create(
            procedure=procedure, label=new_label.strip()[:200], position=len(documents)
        )
    _journal(acting_user, procedure, "pièces du dossier")
    return procedure


@transaction.atomic
def reminder_done(*, acting_user, reminder: RightsReminder) -> RightsReminder:
    _check(acting_user, reminder.organisation_id)
    if reminder.done_at is None:
        reminder.done_at, reminder.done_by = timezone.now(), acting_user
        reminder.save(update_fields=["done_at", "done_by"])
        _journal(acting_user, reminder.procedure, f"rappel traité ({reminder.get_kind_display().lower()})")
    return reminder


def _due_reminders(today: date) -> Iterator[tuple[Procedure, ReminderKind, date]]:
    """(procedure, kind, deadline) triples that call for a reminder today."""
    oldest = today - timedelta(days=LAPSED_WINDOW_DAYS)
    candidates = rights_lapsing(today).select_related("organisation", "followed_by")
    for procedure in candidates:
        rights_end = procedure.rights_end
        if rights_end is None:  # excluded by the query (``rights_end__lte``)
            continue
        kind = ReminderKind.LAPSED if rights_end < today else ReminderKind.RENEWAL_DUE
        yield procedure, kind, rights_end
    waiting = Procedure.objects.filter(
        status=Status.FILED,
        filed_on__lte=today - timedelta(days=DECISION_WAIT_DAYS),
        filed_on__gte=oldest - timedelta(days=DECISION_WAIT_DAYS),
        person__anonymised_at__isnull=True,
    ).select_related("organisation", "followed_by")
    for procedure in waiting:
        if procedure.filed_on is None:  # excluded by the query (``filed_on__lte``)
            continue
        yield procedure, ReminderKind.NO_DECISION, procedure.filed_on + timedelta(days=DECISION_WAIT_DAYS)


def _notify(reminder: RightsReminder) -> None:
    """A short e-mail to the mediator who follows the procedure: no name, no kind of right."""
    user = reminder.procedure.followed_by
    if user is None or not user.is_active or not has_perm(user, Perm.RIGHTS_VIEW, reminder.organisation_id):
        return
    url = settings.LIEN_BASE_URL.rstrip("/") + reverse("rights:list")
    if reminder.kind == ReminderKind.NO_DECISION:
        subject = "Lien — dossier sans décision"
        what = (
            f"Un dossier d'une personne que vous accompagnez est sans décision depuis le "
            f"{reminder.due_on:%d/%m/%Y} (deux mois après le dépôt) : relancer la caisse ou "
            f"envisager un recours"
        )
    else:
        subject = "Lien — droits à renouveler"
        wording = (
            "arrivent à échéance le" if reminder.kind == ReminderKind.RENEWAL_DUE else "sont échus depuis le"
        )
        what = (
            f"Les droits d'une personne que vous accompagnez {wording} {reminder.due_on:%d/%m/%Y}. "
            "Le renouvellement est à préparer"
        )
    send_mail(
        subject=subject,
        message=f"Bonjour,\n\n{what} : {url}\n\nCe message ne contient volontairement aucun nom.",
        from_email=None,
        recipient_list=[user.email],
    )
    RightsReminder.objects.filter(pk=reminder.pk).update(notified_at=timezone.now())


def rights_reminders_create(*, today: date | None = None, notify: bool = True) -> int:
    """Create the reminders due today; never twice for the same procedure, kind and deadline.

    A reminder ``RENEWAL_NOTICE_DAYS`` before rights end, another once they have lapsed
    without a renewal in progress, and one when a filed procedure is still without decision
    ``DECISION_WAIT_DAYS`` after its filing. Returns how many were created (each notified once).
    """
    today = today or timezone.localdate()
    created = 0
    for procedure, kind, due_on in _due_reminders(today):
        if RightsReminder.objects.filter(procedure=procedure, kind=kind, due_on=due_on).exists():
            continue
        try:
            with transaction.atomic():
                reminder = RightsReminder.objects.create(
                    organisation=procedure.organisation,
                    procedure=procedure,
                    kind=kind,
                    due_on=due_on,
                )
        except IntegrityError:  # another worker created it between the check and the insert
            continue
        if kind == ReminderKind.LAPSED:
            # The earlier "renewal due" reminder is superseded.
            RightsReminder.objects.filter(
                procedure=procedure, kind=ReminderKind.RENEWAL_DUE, done_at__isnull=True
            ).update(done_at=timezone.now())
        if notify:
            _notify(reminder)
        created += 1
    return created
