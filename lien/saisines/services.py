"""Writes on saisines: every step checks permissions, moves through the transition table,
logs a SaisineEvent and journals what touches a person."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.people.models import Person
from lien.people.services import person_create
from lien.saisines.enums import (
    SUBPROCESSES,
    TRANSITIONS,
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
)
from lien.saisines.rules import suggest_receivability

CLAIMS_TAKEOVER_CHECK_DAYS = 15
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def mediation_settings(organisation: Organisation) -> MediationSettings:
    found = MediationSettings.objects.filter(organisation=organisation).first()
    return found or MediationSettings(organisation=organisation)


def requester_key_for(person: Person) -> str:
    return f"person-{person.pk}"


def _require(user: User, perm: Perm, saisine_or_org) -> None:
    organisation_id = getattr(saisine_or_org, "organisation_id", None) or saisine_or_org.pk
    if not has_perm(user, perm, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas cette action sur cette saisine.")


def _require_open(saisine: Saisine) -> None:
    if not saisine.is_open:
        raise ValidationError(f"La saisine est « {Status(saisine.status).label} » : rouvrez-la d'abord.")


def _log(saisine: Saisine, user: User | None, kind: str, detail: str = "", *, from_status="", to_status=""):
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


def earlier_saisines(saisine: Saisine):
    """Earlier saisines of the same requester in the organisation: the reiterations it follows."""
    if not saisine.requester_key:
        return Saisine.objects.none()
    return Saisine.objects.filter(
        organisation_id=saisine.organisation_id,
        requester_key=saisine.requester_key,
        received_on__lt=saisine.received_on,
    ).order_by("received_on")


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
    _require(acting_user, Perm.SAISINE_CHANGE, organisation)
    validate_subprocess(process, subprocess)
    for person in (requester, concerned_person):
        if person is not None and person.organisation_id != organisation.pk:
            raise ValidationError("La personne doit être suivie par la même caisse.")
    if not commune_insee and requester is not None and requester.commune_id:
        commune_insee = requester.commune_id
    saisine = Saisine(
        organisation=organisation,
        reference=reference or next_reference(organisation, received_on),
        received_on=received_on,
        channel=channel,
        author_type=author_type,
        origin=origin,
        perimeter=perimeter,
        matter=matter,
        prior_claim=prior_claim,
        process=process,
        subprocess=subprocess,
        requester=requester,
        concerned_person=concerned_person,
        requester_key=requester_key_for(requester) if requester else "",
        commune_insee=commune_insee,
        subject=subject,
        status=Status.RECEIVED,
        assigned_to=acting_user if has_perm(acting_user, Perm.EQUITY_PROPOSE, organisation.pk) else None,
    )
    _save(saisine, set_deadlines=True)
    earlier = list(earlier_saisines(saisine).values_list("reference", flat=True))
    detail = f"Réitération de : {', '.join(earlier)}" if earlier else ""
    _log(saisine, acting_user, "received", detail, to_status=Status.RECEIVED)
    if requester is not None:
        JournalEntry.log_create(user=acting_user, obj=saisine, organisation=organisation, person=requester)
    return saisine


@transaction.atomic
def saisine_transition(*, acting_user: User, saisine: Saisine, to_status: str, detail: str = "") -> Saisine:
    """Move the saisine along the transition table; anything else is refused."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    if to_status not in TRANSITIONS.get(saisine.status, set()):
        raise ValidationError(
            f"Passage impossible de « {Status(saisine.status).label} » à « {Status(to_status).label} »."
        )
    # Closing and ending by court action carry facts that only their own services record.
    if to_status == Status.CLOSED and not (saisine.closed_on and saisine.outcome):
        raise ValidationError("Pour clôturer, indiquez la date de clôture et la suite donnée.")
    if to_status == Status.ENDED_COURT_ACTION and not (saisine.court_action_pending and saisine.closed_on):
        raise ValidationError(
            "Enregistrez le recours contentieux (avec sa date) pour mettre fin à la médiation."
        )
    from_status = saisine.status
    saisine.status = to_status
    if from_status == Status.CLOSED:  # reopening: the closure will be decided again
        saisine.closed_on = None
        saisine.appeal_suspended_until = None
        saisine.outcome = ""
    _save(saisine)
    _log(saisine, acting_user, "transition", detail, from_status=from_status, to_status=to_status)
    return saisine


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
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    _require_open(saisine)
    saisine.perimeter, saisine.matter = perimeter, matter
    saisine.prior_claim, saisine.court_action_pending = prior_claim, court_action_pending
    _save(saisine)
    suggestion = suggest_receivability(
        perimeter=perimeter, matter=matter, prior_claim=prior_claim, court_action_pending=court_action_pending
    )
    _log(saisine, acting_user, "perimeter", suggestion.reason)
    return saisine


@transaction.atomic
def saisine_decide_receivability(
    *, acting_user: User, saisine: Saisine, receivable: bool, reason: str = "", today: date | None = None
) -> Saisine:
    """The mediator's decision. Taking a case the rules call not receivable needs a reason;
    a not receivable case is transferred to the claims service with a check to do."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    today = today or timezone.localdate()
    suggestion = suggest_receivability(
        perimeter=saisine.perimeter,
        matter=saisine.matter,
        prior_claim=saisine.prior_claim,
        court_action_pending=saisine.court_action_pending,
    )
    if receivable and saisine.court_action_pending:
        raise ValidationError("Un recours contentieux est engagé : la saisine ne peut pas être recevable.")
    if receivable and not suggestion.receivable and not reason.strip():
        raise ValidationError(
            {"reason": "Indiquez pourquoi vous prenez ce dossier hors périmètre (précarité, complexité…)."}
        )
    if saisine.status == Status.RECEIVED:
        saisine_transition(acting_user=acting_user, saisine=saisine, to_status=Status.UNDER_REVIEW)
    saisine.receivable = receivable
    saisine.outside_perimeter_reason = reason.strip() if receivable and not suggestion.receivable else ""
    saisine_transition(
        acting_user=acting_user,
        saisine=saisine,
        to_status=Status.RECEIVABLE if receivable else Status.NOT_RECEIVABLE,
        detail=reason.strip() or suggestion.reason,
    )
    if not receivable:
        FollowUpTask.objects.create(
            saisine=saisine,
            kind=FollowUpTask.Kind.CLAIMS_TAKEOVER,
            due_on=today + timedelta(days=CLAIMS_TAKEOVER_CHECK_DAYS),
        )
        _log(saisine, acting_user, "transferred", "Transmise au service réclamations.")
    return saisine


@transaction.atomic
def saisine_acknowledge(
    *, acting_user: User, saisine: Saisine, acknowledged_on: date, suspended_appeals: list[str]
) -> Saisine:
    """The acknowledgement of receivability suspends the appeal deadlines until the conclusions."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    if saisine.status not in {Status.RECEIVABLE, Status.IN_INSTRUCTION, Status.PROPOSAL}:
        raise ValidationError("Seule une saisine recevable fait l'objet d'un accusé de recevabilité.")
    if acknowledged_on < saisine.received_on:
        raise ValidationError({"acknowledged_on": "L'accusé de réception ne peut précéder la réception."})
    saisine.acknowledged_on = acknowledged_on
    saisine.appeal_suspended_from = acknowledged_on
    saisine.suspended_appeals = sorted(set(suspended_appeals))
    _save(saisine)
    _log(saisine, acting_user, "acknowledged", ", ".join(saisine.suspended_appeals))
    return saisine


@transaction.atomic
def saisine_record_cra(
    *, acting_user: User, saisine: Saisine, informed_on: date | None, appeal_maintained: bool | None
) -> Saisine:
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    _require_open(saisine)
    saisine.cra_informed_on, saisine.cra_appeal_maintained = informed_on, appeal_maintained
    _save(saisine)
    _log(saisine, acting_user, "cra", f"CRA informée le {informed_on}" if informed_on else "")
    return saisine


@transaction.atomic
def saisine_record_court_action(*, acting_user: User, saisine: Saisine, on: date) -> Saisine:
    """A court action makes the saisine not receivable, and ends a mediation in progress."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    saisine.court_action_pending = True
    if saisine.is_open:
        saisine.closed_on = max(on, saisine.received_on)
        saisine.appeal_suspended_until = saisine.closed_on if saisine.appeal_suspended_from else None
        saisine_transition(
            acting_user=acting_user,
            saisine=saisine,
            to_status=Status.ENDED_COURT_ACTION,
            detail="Recours contentieux engagé : fin de la médiation.",
        )
    else:
        _save(saisine)
    return saisine


@transaction.atomic
def saisine_propose_equity(*, acting_user: User, saisine: Saisine, proposal: str) -> Saisine:
    """The mediator sends an equity proposal to the director (never the assistant)."""
    _require(acting_user, Perm.EQUITY_PROPOSE, saisine)
    if saisine.status not in {Status.IN_INSTRUCTION, Status.PROPOSAL}:
        raise ValidationError("Une proposition en équité se fait pendant l'instruction de la saisine.")
    if not proposal.strip():
        raise ValidationError({"proposal": "Décrivez la solution proposée en équité."})
    saisine.resolution_mode = ResolutionMode.EQUITY_PROPOSAL
    saisine.equity_proposal = proposal.strip()
    saisine.equity_decision = EquityDecision.PENDING
    saisine.equity_motive, saisine.equity_decided_by, saisine.equity_decided_on = "", None, None
    if saisine.status == Status.IN_INSTRUCTION:
        saisine_transition(acting_user=acting_user, saisine=saisine, to_status=Status.PROPOSAL)
    else:
        _save(saisine)
    _log(saisine, acting_user, "equity_proposed", proposal.strip())
    return saisine


@transaction.atomic
def saisine_decide_equity(
    *, acting_user: User, saisine: Saisine, accept: bool, motive: str, today: date | None = None
) -> Saisine:
    """Only the director decides on an equity proposal, with a motive."""
    _require(acting_user, Perm.EQUITY_DECIDE, saisine)
    if saisine.equity_decision != EquityDecision.PENDING:
        raise ValidationError("Aucune proposition en équité n'attend de décision.")
    if not motive.strip():
        raise ValidationError({"motive": "La décision du directeur doit être motivée."})
    saisine.equity_decision = EquityDecision.ACCEPTED if accept else EquityDecision.REFUSED
    saisine.equity_motive = motive.strip()
    saisine.equity_decided_by = acting_user
    saisine.equity_decided_on = today or timezone.localdate()
    _save(saisine)
    _log(
        saisine, acting_user, "equity_decided", f"{saisine.get_equity_decision_display()} : {motive.strip()}"
    )
    return saisine


@transaction.atomic
def saisine_close(
    *, acting_user: User, saisine: Saisine, closed_on: date, outcome: str, resolution_mode: str = ""
) -> Saisine:
    """Close with an outcome; the conclusions end the suspension of appeal deadlines."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Indiquez la suite donnée."})
    if closed_on < saisine.received_on:
        raise ValidationError({"closed_on": "La clôture ne peut précéder la réception."})
    # Without an explicit mode the saisine keeps its own; a pending equity proposal, whatever
    # the mode chosen now, waits for the director: closing would leave it undecided forever.
    mode = resolution_mode or saisine.resolution_mode
    if saisine.equity_decision == EquityDecision.PENDING:
        raise ValidationError("La proposition en équité attend la décision du directeur.")
    if saisine.status == Status.RECEIVABLE:
        saisine_transition(acting_user=acting_user, saisine=saisine, to_status=Status.IN_INSTRUCTION)
    saisine.closed_on, saisine.outcome = closed_on, outcome
    saisine.resolution_mode = mode
    if saisine.appeal_suspended_from:
        saisine.appeal_suspended_until = closed_on
    saisine_transition(acting_user=acting_user, saisine=saisine, to_status=Status.CLOSED)
    FollowUpTask.objects.filter(
        saisine=saisine, done_on__isnull=True, kind=FollowUpTask.Kind.SERVICE_ANSWER
    ).update(done_on=closed_on)
    return saisine


@transaction.atomic
def saisine_declare_conflict(*, acting_user: User, saisine: Saisine, link: str) -> ConflictDeclaration:
    """A mediator linked to the requester steps aside: the deputy takes the case (charter)."""
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
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
        raise ValidationError(
            "Aucun·e suppléant·e actif·ve dans la caisse : désignez-en un·e avant de déclarer."
        )
    declaration = ConflictDeclaration.objects.create(
        saisine=saisine, declared_by=acting_user, link=link.strip(), handed_to=deputy
    )
    saisine.assigned_to = deputy
    _save(saisine)
    _log(saisine, acting_user, "conflict", f"Conflit d'intérêts déclaré ; dossier confié à {deputy}.")
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
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    _require_open(saisine)
    exchange = Exchange.objects.create(
        saisine=saisine, service=service, requested_on=requested_on, question=question, created_by=acting_user
    )
    if saisine.status == Status.RECEIVABLE:
        saisine_transition(acting_user=acting_user, saisine=saisine, to_status=Status.IN_INSTRUCTION)
    _log(saisine, acting_user, "exchange_requested", service)
    return exchange


@transaction.atomic
def exchange_answer(
    *, acting_user: User, exchange: Exchange, answered_on: date, answer: str = ""
) -> Exchange:
    _require(acting_user, Perm.SAISINE_CHANGE, exchange.saisine)
    if answered_on < exchange.requested_on:
        raise ValidationError({"answered_on": "La réponse ne peut précéder la demande."})
    exchange.answered_on, exchange.answer = answered_on, answer
    exchange.save(update_fields=["answered_on", "answer"])
    _log(exchange.saisine, acting_user, "exchange_answered", exchange.service)
    return exchange


@transaction.atomic
def note_add(*, acting_user: User, saisine: Saisine, text: str) -> Note:
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    if not text.strip():
        raise ValidationError({"text": "La note est vide."})
    return Note.objects.create(saisine=saisine, author=acting_user, text=text.strip())


@transaction.atomic
def follow_up_done(*, acting_user: User, task: FollowUpTask, done_on: date, note: str = "") -> FollowUpTask:
    _require(acting_user, Perm.SAISINE_CHANGE, task.saisine)
    task.done_on, task.note = done_on, note
    task.save(update_fields=["done_on", "note"])
    return task


@transaction.atomic
def saisine_register(
    *,
    acting_user: User,
    organisation: Organisation,
    requester: Person | None = None,
    new_requester: dict | None = None,
    concerned_person: Person | None = None,
    new_concerned: dict | None = None,
    **facts,
) -> Saisine:
    """The intake form: create the file of a new requester (and of a new person concerned),
    then receive the saisine — all of it, or nothing. ``facts`` are those of saisine_receive."""
    _require(acting_user, Perm.SAISINE_CHANGE, organisation)
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
def document_add(*, acting_user: User, saisine: Saisine, file: UploadedFile, name: str = "") -> Document:
    _require(acting_user, Perm.SAISINE_CHANGE, saisine)
    if not file.size:
        raise ValidationError({"file": "Le fichier est vide."})
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"file": "Le fichier dépasse 10 Mo : réduisez-le (PDF compressé, numérisation moins fine)."}
        )
    document = Document(
        saisine=saisine,
        file=file,
        name=(name.strip() or file.name or "document")[:200],
        uploaded_by=acting_user,
    )
    document.save()
    _log(saisine, acting_user, "document_added", document.name)
    JournalEntry.log_update(
        user=acting_user,
        obj=saisine,
        organisation=saisine.organisation,
        person=saisine.requester,
        detail=f"document ajouté : {document.name}",
    )
    return document
