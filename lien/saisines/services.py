"""Writes on saisines. Each named action of ``workflow.SAISINES`` has one service here, the only
code that changes a saisine's status: it validates its input, records its facts, performs the
action (permission, status and guards checked again, ``ActionLog`` written), saves, and logs a
``SaisineEvent`` for the case's history; what touches a person is journalled."""

from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, role_grants
from lien.journal.models import JournalEntry
from lien.lib import uploads
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.people.models import Person
from lien.people.services import person_create
from lien.saisines.enums import (
    COURT_ACTION_OUTCOME,
    SUBPROCESSES,
    AppealKind,
    EquityDecision,
    Outcome,
    ResolutionMode,
    Status,
)
from lien.saisines.models import (
    ConflictDeclaration,
    Document,
    Exchange,
    FollowUpTask,
    MediationSettings,
    Note,
    Saisine,
    SaisineEvent,
    SaisineQuerySet,
)
from lien.saisines.rules import Suggestion, suggest_receivability
from lien.saisines.workflow import SAISINES
from lien.workflow.engine import ActionRefused

CLAIMS_TAKEOVER_CHECK_DAYS = 15
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def mediation_settings(organisation: Organisation) -> MediationSettings:
    found = MediationSettings.objects.filter(organisation=organisation).first()
    return found or MediationSettings(organisation=organisation)


def requester_key_for(person: Person) -> str:
    return f"person-{person.pk}"


def _event(
    saisine: Saisine, user: User | None, kind: str, detail: str = "", *, moved: tuple[str, str] | None = None
) -> SaisineEvent:
    from_status, to_status = moved if moved and moved[0] != moved[1] else ("", "")
    return SaisineEvent.objects.create(
        saisine=saisine, user=user, kind=kind, detail=detail, from_status=from_status, to_status=to_status
    )


def _save(saisine: Saisine, *, set_deadlines: bool = False) -> None:
    """Validate and save; the deadlines are set at receipt only (``set_deadlines``)."""
    if set_deadlines:
        settings = mediation_settings(saisine.organisation)
        saisine.refresh_derived(answer_days=settings.answer_days, objective_days=settings.objective_days)
    else:
        saisine.refresh_derived()
    saisine.full_clean(exclude=["requester", "concerned_person", "assigned_to", "equity_decided_by"])
    saisine.save()


def _perform(acting_user: User, saisine: Saisine, name: str, detail: str = "") -> Saisine:
    """Perform the named action on the saisine (whose facts the caller has set), save, log."""
    log = SAISINES.perform(acting_user, saisine, name)
    _save(saisine)
    _event(saisine, acting_user, name, detail, moved=(log.from_state, log.to_state))
    return saisine


def _holders(saisine: Saisine, perm: Perm) -> list[User]:
    """The active users whose role in the saisine's fund grants ``perm`` (the director, for a
    decision in equity)."""
    roles = [role for role in Role if role_grants(role, perm)]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=saisine.organisation_id,
            memberships__role__in=roles,
        ).distinct()
    )


def _notify(saisine: Saisine, users: list[User], kind: str, text: str, *, key: str) -> None:
    """Tell users of a step of the case: its reference and a link, never the requester's name.
    The text is stored and e-mailed in French, whatever the language of the request."""
    notify(
        users=users,
        kind=kind,
        text=text % {"reference": saisine.reference},
        url=reverse("saisines:detail", args=[saisine.pk]),
        key=key,
        organisation=saisine.organisation,
    )


def _check(acting_user: User, saisine: Saisine, name: str) -> None:
    """Refuse early, before the input is looked at (``_perform`` checks again at the end)."""
    SAISINES.check(acting_user, saisine, name)


def validate_subprocess(process: str, subprocess: str) -> None:
    if subprocess and subprocess not in SUBPROCESSES.get(process, {}):
        raise ValidationError(
            {"subprocess": f"« {subprocess} » n'est pas un sous-processus de « {process} »."}
        )


def next_reference(organisation: Organisation, received_on: date) -> str:
    prefix = f"{received_on.year}-"
    count = Saisine.objects.filter(organisation=organisation, reference__startswith=prefix).count()
    while True:
        count += 1
        reference = f"{prefix}{count:04d}"
        if not Saisine.objects.filter(organisation=organisation, reference=reference).exists():
            return reference


def _same_requester(saisine: Saisine) -> SaisineQuerySet:
    if not saisine.requester_key:
        return Saisine.objects.none()
    return Saisine.objects.filter(
        organisation_id=saisine.organisation_id, requester_key=saisine.requester_key
    ).exclude(pk=saisine.pk)


def _before(saisine: Saisine) -> Q:
    """Received earlier, or the same day and registered earlier (the order of receipt, then of
    registration)."""
    return Q(received_on__lt=saisine.received_on) | Q(received_on=saisine.received_on, pk__lt=saisine.pk)


def earlier_saisines(saisine: Saisine) -> SaisineQuerySet:
    """Earlier saisines of the same requester in the organisation: the ones it reiterates."""
    return _same_requester(saisine).filter(_before(saisine)).order_by("received_on", "pk")


def later_saisines(saisine: Saisine) -> SaisineQuerySet:
    """Later saisines of the same requester in the organisation: its reiterations."""
    return _same_requester(saisine).exclude(_before(saisine)).order_by("received_on", "pk")


@transaction.atomic
def saisine_receive(
    *,
    acting_user: User,
    organisation: Organisation,
    received_on: date,
    channel: str,
    author_type: str,
    origin: str,
    perimeter: str,
    process: str,
    subprocess: str = "",
    requester: Person | None = None,
    concerned_person: Person | None = None,
    commune_insee: str = "",
    subject: str = "",
    matter: str = "",
    reference: str = "",
    prior_claim: bool | None = None,
) -> Saisine:
    saisine = Saisine(organisation=organisation)
    SAISINES.start(acting_user, saisine, "receive")
    validate_subprocess(process, subprocess)
    for person in (requester, concerned_person):
        if person is not None and person.organisation_id != organisation.pk:
            raise ValidationError("La personne doit être suivie par la même caisse.")
    if not commune_insee and requester is not None and requester.commune_id:
        commune_insee = requester.commune_id
    saisine.reference = reference or next_reference(organisation, received_on)
    saisine.received_on = received_on
    saisine.channel, saisine.author_type, saisine.origin = channel, author_type, origin
    saisine.perimeter, saisine.matter, saisine.prior_claim = perimeter, matter, prior_claim
    saisine.process, saisine.subprocess = process, subprocess
    saisine.requester, saisine.concerned_person = requester, concerned_person
    saisine.requester_key = requester_key_for(requester) if requester else ""
    saisine.commune_insee, saisine.subject = commune_insee, subject
    saisine.assigned_to = acting_user if has_perm(acting_user, Perm.EQUITY_PROPOSE, organisation.pk) else None
    _save(saisine, set_deadlines=True)
    SAISINES.log_creation(acting_user, saisine, "receive")
    earlier = list(earlier_saisines(saisine).values_list("reference", flat=True))
    detail = f"Réitération de : {', '.join(earlier)}" if earlier else ""
    _event(saisine, acting_user, "received", detail, moved=("", Status.RECEIVED))
    if requester is not None:
        JournalEntry.log_create(user=acting_user, obj=saisine, organisation=organisation, person=requester)
    return saisine


@transaction.atomic
def saisine_examine(*, acting_user: User, saisine: Saisine) -> Saisine:
    """The mediator takes the saisine in hand: it is under review."""
    return _perform(acting_user, saisine, "examine")


@transaction.atomic
def saisine_record_perimeter(
    *,
    acting_user: User,
    saisine: Saisine,
    perimeter: str,
    matter: str,
    prior_claim: bool | None,
    court_action_pending: bool,
) -> Saisine:
    _check(acting_user, saisine, "record_perimeter")
    saisine.perimeter, saisine.matter = perimeter, matter
    saisine.prior_claim, saisine.court_action_pending = prior_claim, court_action_pending
    suggestion = suggest_receivability(
        perimeter=perimeter, matter=matter, prior_claim=prior_claim, court_action_pending=court_action_pending
    )
    return _perform(acting_user, saisine, "record_perimeter", suggestion.reason)


def _suggestion(saisine: Saisine) -> Suggestion:
    return suggest_receivability(
        perimeter=saisine.perimeter,
        matter=saisine.matter,
        prior_claim=saisine.prior_claim,
        court_action_pending=saisine.court_action_pending,
    )


@transaction.atomic
def saisine_declare_receivable(*, acting_user: User, saisine: Saisine, reason: str = "") -> Saisine:
    """The mediator takes the case. Taking one the rules call not receivable needs a reason
    (precariousness, complexity…)."""
    _check(acting_user, saisine, "declare_receivable")
    suggestion = _suggestion(saisine)
    reason = reason.strip()
    if not suggestion.receivable and not reason:  # the case's perimeter asks for a reason
        raise ActionRefused(
            {"reason": "Indiquez pourquoi vous prenez ce dossier hors périmètre (précarité, complexité…)."}
        )
    saisine.receivable = True
    saisine.outside_perimeter_reason = reason if not suggestion.receivable else ""
    return _perform(acting_user, saisine, "declare_receivable", reason or suggestion.reason)


@transaction.atomic
def saisine_declare_not_receivable(
    *, acting_user: User, saisine: Saisine, reason: str = "", today: date | None = None
) -> Saisine:
    """A saisine outside the mediator's perimeter is transferred to the claims service, with a
    check that the service took it over."""
    _check(acting_user, saisine, "declare_not_receivable")
    today = today or timezone.localdate()
    saisine.receivable = False
    saisine.outside_perimeter_reason = ""
    _perform(acting_user, saisine, "declare_not_receivable", reason.strip() or _suggestion(saisine).reason)
    FollowUpTask.objects.create(
        saisine=saisine,
        kind=FollowUpTask.Kind.CLAIMS_TAKEOVER,
        due_on=today + timedelta(days=CLAIMS_TAKEOVER_CHECK_DAYS),
    )
    _event(saisine, acting_user, "transferred", "Transmise au service réclamations.")
    return saisine


@transaction.atomic
def saisine_acknowledge(
    *, acting_user: User, saisine: Saisine, acknowledged_on: date, suspended_appeals: list[str]
) -> Saisine:
    """The acknowledgement of receivability suspends the appeal deadlines until the conclusions."""
    _check(acting_user, saisine, "acknowledge")
    if acknowledged_on < saisine.received_on:
        raise ValidationError({"acknowledged_on": "L'accusé de réception ne peut précéder la réception."})
    saisine.acknowledged_on = acknowledged_on
    saisine.appeal_suspended_from = acknowledged_on
    saisine.suspended_appeals = sorted(set(suspended_appeals))
    return _perform(acting_user, saisine, "acknowledge", ", ".join(saisine.suspended_appeals))


@transaction.atomic
def saisine_instruct(*, acting_user: User, saisine: Saisine) -> Saisine:
    """A receivable saisine goes into instruction (services asked, solution sought)."""
    return _perform(acting_user, saisine, "instruct")


@transaction.atomic
def saisine_record_cra(
    *, acting_user: User, saisine: Saisine, informed_on: date | None, appeal_maintained: bool | None
) -> Saisine:
    _check(acting_user, saisine, "record_cra")
    saisine.cra_informed_on, saisine.cra_appeal_maintained = informed_on, appeal_maintained
    return _perform(
        acting_user, saisine, "record_cra", f"CRA informée le {informed_on}" if informed_on else ""
    )


@transaction.atomic
def saisine_record_court_action(*, acting_user: User, saisine: Saisine, on: date) -> Saisine:
    """A court action ends the mediation in progress (the saisine can no longer be receivable)."""
    _check(acting_user, saisine, "record_court_action")
    saisine.court_action_pending = True
    # The mediation ends with its own outcome; that day is neither a first answer nor a
    # processing delay (``deadlines.delays``), and the suspension of appeals has no object left.
    saisine.closed_on = max(on, saisine.received_on)
    saisine.outcome = COURT_ACTION_OUTCOME
    saisine.appeal_suspended_until = saisine.closed_on if saisine.appeal_suspended_from else None
    return _perform(
        acting_user, saisine, "record_court_action", "Recours contentieux engagé : fin de la médiation."
    )


@transaction.atomic
def saisine_record_later_court_action(*, acting_user: User, saisine: Saisine, on: date) -> Saisine:
    """A court action known after the closure (or the non-receivability) is recorded; the
    closure stands."""
    _check(acting_user, saisine, "record_later_court_action")
    saisine.court_action_pending = True
    return _perform(acting_user, saisine, "record_later_court_action", f"Recours contentieux connu le {on}.")


@transaction.atomic
def saisine_propose_equity(*, acting_user: User, saisine: Saisine, proposal: str) -> Saisine:
    """The mediator sends an equity proposal to the director (never the assistant); one at a time."""
    _check(acting_user, saisine, "propose_equity")
    if not proposal.strip():
        raise ValidationError({"proposal": "Décrivez la solution proposée en équité."})
    saisine.resolution_mode = ResolutionMode.EQUITY_PROPOSAL
    saisine.equity_proposal = proposal.strip()
    saisine.equity_motive, saisine.equity_decided_by, saisine.equity_decided_on = "", None, None
    _perform(acting_user, saisine, "propose_equity", proposal.strip())
    # Pending from now on: set after the guards, which refuse a second proposal while one waits.
    saisine.equity_decision = EquityDecision.PENDING
    saisine.save(update_fields=["equity_decision"])
    proposed = saisine.events.filter(kind="propose_equity").latest("pk")
    _notify(
        saisine,
        _holders(saisine, Perm.EQUITY_DECIDE),
        NotificationKind.EQUITY_PROPOSED,
        "La saisine %(reference)s attend votre décision sur une proposition en équité.",
        key=f"equity_proposed:{proposed.pk}",
    )
    return saisine


@transaction.atomic
def saisine_decide_equity(
    *, acting_user: User, saisine: Saisine, accept: bool, motive: str, today: date | None = None
) -> Saisine:
    """Only the director decides on an equity proposal, with a motive. A refusal leaves the mode
    of resolution to be chosen again at closure."""
    _check(acting_user, saisine, "decide_equity")
    if not motive.strip():
        raise ValidationError({"motive": "La décision du directeur doit être motivée."})
    SAISINES.perform(acting_user, saisine, "decide_equity")
    saisine.equity_decision = EquityDecision.ACCEPTED if accept else EquityDecision.REFUSED
    saisine.equity_motive = motive.strip()
    saisine.equity_decided_by = acting_user
    saisine.equity_decided_on = today or timezone.localdate()
    if not accept:
        saisine.resolution_mode = ""
    _save(saisine)
    decided = _event(
        saisine, acting_user, "decide_equity", f"{saisine.get_equity_decision_display()} : {motive.strip()}"
    )
    proposed = saisine.events.filter(kind="propose_equity").select_related("user").order_by("-pk").first()
    proposers = [user for user in (proposed.user if proposed else None, saisine.assigned_to) if user]
    _notify(
        saisine,
        proposers,
        NotificationKind.EQUITY_DECIDED,
        "Le directeur a rendu sa décision sur la proposition en équité de la saisine %(reference)s.",
        key=f"equity_decided:{decided.pk}",
    )
    return saisine


@transaction.atomic
def saisine_resume_instruction(*, acting_user: User, saisine: Saisine) -> Saisine:
    """Back to instruction after a proposal (refused by the director, or to be rethought)."""
    return _perform(acting_user, saisine, "resume_instruction")


@transaction.atomic
def saisine_close(
    *, acting_user: User, saisine: Saisine, closed_on: date, outcome: str, resolution_mode: str = ""
) -> Saisine:
    """Close with an outcome. The suspension of appeal deadlines runs on until the conclusions
    are sent (``saisine_record_letter_sent`` with the closure letter). A closure in equity needs
    the director's acceptance of a proposal on this saisine (the guard)."""
    _check(acting_user, saisine, "close")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Indiquez la suite donnée."})
    if resolution_mode and resolution_mode not in ResolutionMode.values:
        raise ValidationError({"resolution_mode": "Mode de résolution inconnu."})
    if closed_on < saisine.received_on:
        raise ValidationError({"closed_on": "La clôture ne peut précéder la réception."})
    saisine.closed_on, saisine.outcome = closed_on, outcome
    saisine.resolution_mode = resolution_mode or saisine.resolution_mode
    _perform(acting_user, saisine, "close")
    FollowUpTask.objects.filter(
        saisine=saisine, done_on__isnull=True, kind=FollowUpTask.Kind.SERVICE_ANSWER
    ).update(done_on=closed_on)
    return saisine


@transaction.atomic
def saisine_record_letter_sent(*, acting_user: User, saisine: Saisine, kind: str, sent_on: date) -> Saisine:
    """What a letter sent to the requester does to the case (the letters app calls this with the
    letter's kind): the acknowledgement is the first answer and suspends the appeal deadlines;
    the notice of non-receivability is the first answer of a case declared not receivable; the
    closure letter communicates the conclusions, which ends the suspension of appeal deadlines."""
    if kind == "acknowledgement" and saisine.acknowledged_on is None:
        return saisine_acknowledge(
            acting_user=acting_user,
            saisine=saisine,
            acknowledged_on=sent_on,
            suspended_appeals=saisine.suspended_appeals or AppealKind.values,
        )
    if kind == "non_receivability" and saisine.status == Status.NOT_RECEIVABLE and not saisine.notice_sent_on:
        saisine.notice_sent_on = sent_on
        _save(saisine)
        _event(saisine, acting_user, "notice_sent", f"Notification de non-recevabilité envoyée le {sent_on}.")
    elif (
        kind == "closure"
        and saisine.status == Status.CLOSED
        and saisine.appeal_suspended_from
        and not saisine.appeal_suspended_until
    ):
        saisine.appeal_suspended_until = max(sent_on, saisine.appeal_suspended_from)
        _save(saisine)
        _event(
            saisine,
            acting_user,
            "conclusions_sent",
            f"Conclusions envoyées le {sent_on} : fin de la suspension des délais de recours.",
        )
    return saisine


@transaction.atomic
def saisine_reopen(*, acting_user: User, saisine: Saisine, detail: str = "") -> Saisine:
    """A closed (or not receivable) saisine is examined again: its closure will be decided anew."""
    _check(acting_user, saisine, "reopen")
    if saisine.status == Status.CLOSED:
        saisine.closed_on = None
        saisine.appeal_suspended_until = None
        saisine.outcome = ""
    return _perform(acting_user, saisine, "reopen", detail.strip())


@transaction.atomic
def saisine_declare_conflict(*, acting_user: User, saisine: Saisine, link: str) -> ConflictDeclaration:
    """A mediator linked to the requester steps aside: the deputy takes the case (charter)."""
    _check(acting_user, saisine, "declare_conflict")
    if not link.strip():
        raise ValidationError({"link": "Décrivez la nature du lien avec le requérant."})
    deputy = (
        User.objects.filter(
            memberships__organisation_id=saisine.organisation_id,
            memberships__role=Role.DEPUTY,
            is_active=True,
        )
        .exclude(pk=acting_user.pk)
        .first()
    )
    if deputy is None:
        raise ActionRefused(
            "Aucun·e suppléant·e actif·ve dans la caisse : désignez-en un·e avant de déclarer."
        )
    saisine.assigned_to = deputy
    _perform(
        acting_user, saisine, "declare_conflict", f"Conflit d'intérêts déclaré ; dossier confié à {deputy}."
    )
    # From here on the declarant is recused (``workflow._recusal``): the declaration comes last.
    declaration = ConflictDeclaration.objects.create(
        saisine=saisine, declared_by=acting_user, link=link.strip(), handed_to=deputy
    )
    _notify(
        saisine,
        [deputy],
        NotificationKind.CASE_HANDED_TO_DEPUTY,
        "La saisine %(reference)s vous est confiée après une déclaration de conflit d'intérêts.",
        key=f"case_handed_to_deputy:{declaration.pk}",
    )
    JournalEntry.log_update(
        user=acting_user,
        obj=saisine,
        organisation=saisine.organisation,
        person=saisine.requester,
        detail="déclaration de conflit d'intérêts",
    )
    return declaration


@transaction.atomic
def exchange_request(
    *, acting_user: User, saisine: Saisine, service: str, requested_on: date, question: str = ""
) -> Exchange:
    """Ask a service of the fund; a receivable saisine goes into instruction with it."""
    _check(acting_user, saisine, "request_exchange")
    if saisine.status == Status.RECEIVABLE:
        saisine_instruct(acting_user=acting_user, saisine=saisine)
    exchange = Exchange.objects.create(
        saisine=saisine, service=service, requested_on=requested_on, question=question, created_by=acting_user
    )
    _perform(acting_user, saisine, "request_exchange", service)
    return exchange


@transaction.atomic
def exchange_answer(
    *, acting_user: User, exchange: Exchange, answered_on: date, answer: str = ""
) -> Exchange:
    saisine = exchange.saisine
    _check(acting_user, saisine, "answer_exchange")
    if exchange.answered_on is not None:
        raise ActionRefused("La réponse de ce service est déjà enregistrée.")
    if answered_on < exchange.requested_on:
        raise ValidationError({"answered_on": "La réponse ne peut précéder la demande."})
    exchange.answered_on, exchange.answer = answered_on, answer
    exchange.save(update_fields=["answered_on", "answer"])
    _perform(acting_user, saisine, "answer_exchange", exchange.service)
    return exchange


@transaction.atomic
def note_add(*, acting_user: User, saisine: Saisine, text: str) -> Note:
    _check(acting_user, saisine, "add_note")
    if not text.strip():
        raise ValidationError({"text": "La note est vide."})
    SAISINES.perform(acting_user, saisine, "add_note")
    return Note.objects.create(saisine=saisine, author=acting_user, text=text.strip())


@transaction.atomic
def follow_up_done(*, acting_user: User, task: FollowUpTask, done_on: date, note: str = "") -> FollowUpTask:
    _check(acting_user, task.saisine, "complete_task")
    if task.done_on is not None:
        raise ActionRefused("Cette tâche est déjà faite.")
    SAISINES.perform(acting_user, task.saisine, "complete_task")
    task.done_on, task.note = done_on, note
    task.save(update_fields=["done_on", "note"])
    return task


@transaction.atomic
def saisine_register(
    *,
    acting_user: User,
    organisation: Organisation,
    requester: Person | None = None,
    new_requester: dict[str, Any] | None = None,
    concerned_person: Person | None = None,
    new_concerned: dict[str, Any] | None = None,
    **facts: Any,
) -> Saisine:
    """The intake form: create the file of a new requester (and of a new person concerned),
    then receive the saisine — all of it, or nothing. ``facts`` are those of saisine_receive."""
    if not SAISINES.permitted(acting_user, Saisine(organisation=organisation), "receive"):
        raise PermissionDenied(_("Votre rôle ne permet pas cette action sur ce dossier."))
    if new_requester:
        requester = person_create(acting_user=acting_user, organisation=organisation, **new_requester)
    if new_concerned:
        concerned_person = person_create(acting_user=acting_user, organisation=organisation, **new_concerned)
    return saisine_receive(
        acting_user=acting_user,
        organisation=organisation,
        requester=requester,
        concerned_person=concerned_person,
        **facts,
    )


@transaction.atomic
def document_add(
    *, acting_user: User, saisine: Saisine, file: "UploadedFile[bytes]", name: str = ""
) -> Document:
    """Attach a PDF, an image or an office document (checked by its content, 10 MB at most),
    stored under a random name; the name it came with is kept as ``original_name``."""
    _check(acting_user, saisine, "add_document")
    checked = uploads.check_upload(file, allowed=uploads.DOCUMENTS, max_bytes=DOCUMENT_MAX_BYTES)
    original_name = file.name or "document"
    if not PurePath(original_name).suffix:  # stored, and downloaded, with the suffix of its kind
        file.name = f"{original_name}{checked.suffix}"
    document = Document(
        saisine=saisine,
        file=file,
        name=(name.strip() or original_name)[:200],
        original_name=original_name[:255],
        content_type=checked.content_type,
        size=file.size,
        uploaded_by=acting_user,
    )
    document.save()
    _perform(acting_user, saisine, "add_document", document.name)
    JournalEntry.log_update(
        user=acting_user,
        obj=saisine,
        organisation=saisine.organisation,
        person=saisine.requester,
        # The journal is never rewritten: its detail names the document by number, as the name
        # given to a file may name the person (the saisine's log keeps the name, erasably).
        detail=f"document n°{document.pk} ajouté",
    )
    return document
