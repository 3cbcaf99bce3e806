from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib import search, uploads
from lien.lib.text import search_key
from lien.saisines import deadlines
from lien.saisines.enums import (
    OPEN_STATUSES,
    OUTCOME_CHOICES,
    AuthorType,
    Channel,
    EquityDecision,
    Matter,
    Origin,
    Perimeter,
    Process,
    ResolutionMode,
    Status,
)


class MediationSettings(models.Model):
    """Deadlines of an organisation (the 2022 report of the Hainaut aims at 14 days)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="mediation_settings"
    )
    answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse (jours)"), default=deadlines.ANSWER_DAYS
    )
    objective_days = models.PositiveSmallIntegerField(
        _("objectif de clôture (jours)"), default=deadlines.OBJECTIVE_DAYS
    )

    class Meta:
        verbose_name = _("paramètres de médiation")
        verbose_name_plural = _("paramètres de médiation")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.answer_days} / {self.objective_days} j"


# A saisine owes its requester a first answer within 7 days (DOMAIN.md §2.3) while it is open
# or declared not receivable and neither an acknowledgement, a notice of non-receivability nor
# a closure was sent: a not receivable saisine stays in the queues until its notice is sent.
ANSWER_OWED_STATUSES = [*OPEN_STATUSES, Status.NOT_RECEIVABLE]
OWES_FIRST_ANSWER = models.Q(status__in=ANSWER_OWED_STATUSES, first_answer_on__isnull=True)


class SaisineQuerySet(models.QuerySet["Saisine"]):
    def visible_to(self, user: User) -> "SaisineQuerySet":
        """The saisines of the user's funds, but those on which the user declared a conflict of
        interest: the conflicted mediator steps off the case (lists, searches, exports, pages)."""
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.SAISINE_VIEW)).exclude(
            conflicts__declared_by=user
        )

    def open(self) -> "SaisineQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Saisine(models.Model):
    """A request to the mediator of a fund, from receipt to closure."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="saisines", verbose_name=_("caisse")
    )
    reference = models.CharField(_("référence"), max_length=50)
    received_on = models.DateField(_("reçue le"))
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    author_type = models.CharField(_("auteur"), max_length=20, choices=AuthorType.choices)
    origin = models.CharField(_("origine"), max_length=30, choices=Origin.choices)
    requester = models.ForeignKey(
        "people.Person",
        verbose_name=_("requérant·e"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="saisines",
    )
    concerned_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne concernée (si différente)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester_key = models.CharField(
        _("clé du requérant"), max_length=64, blank=True, help_text=_("Même clé = même personne.")
    )
    commune_insee = models.CharField(_("commune (code INSEE)"), max_length=5, blank=True)
    subject = models.TextField(_("objet de la demande"), blank=True)

    perimeter = models.CharField(_("périmètre"), max_length=20, choices=Perimeter.choices)
    matter = models.CharField(_("matière"), max_length=40, choices=Matter.choices, blank=True)
    prior_claim = models.BooleanField(_("démarche préalable auprès des services"), null=True, blank=True)
    court_action_pending = models.BooleanField(_("recours contentieux engagé"), default=False)
    receivable = models.BooleanField(_("recevable"), null=True, blank=True)
    outside_perimeter_reason = models.TextField(_("motif de prise en charge hors périmètre"), blank=True)

    process = models.CharField(_("processus"), max_length=30, choices=Process.choices)
    subprocess = models.CharField(_("sous-processus"), max_length=30, blank=True)

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Deadlines, stored when the saisine is written (not recomputed on read).
    answer_due_on = models.DateField(_("réponse due le"))
    objective_due_on = models.DateField(_("clôture visée le"))

    acknowledged_on = models.DateField(_("accusé de réception le"), null=True, blank=True)
    notice_sent_on = models.DateField(_("notification de non-recevabilité envoyée le"), null=True, blank=True)
    appeal_suspended_from = models.DateField(_("délais de recours suspendus depuis"), null=True, blank=True)
    appeal_suspended_until = models.DateField(
        _("délais de recours suspendus jusqu'au"), null=True, blank=True
    )
    suspended_appeals = models.JSONField(_("recours suspendus"), default=list, blank=True)
    cra_informed_on = models.DateField(_("CRA informée le"), null=True, blank=True)
    cra_appeal_maintained = models.BooleanField(_("recours CRA maintenu"), null=True, blank=True)

    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    resolution_mode = models.CharField(
        _("mode de résolution"), max_length=20, choices=ResolutionMode.choices, blank=True
    )
    outcome = models.CharField(_("suite donnée"), max_length=40, choices=OUTCOME_CHOICES, blank=True)

    equity_decision = models.CharField(
        _("décision en équité"), max_length=10, choices=EquityDecision.choices, blank=True
    )
    equity_proposal = models.TextField(_("proposition en équité"), blank=True)
    equity_motive = models.TextField(_("motif de la décision du directeur"), blank=True)
    equity_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    equity_decided_on = models.DateField(null=True, blank=True)

    # Derived at write time for lists and reports.
    first_answer_on = models.DateField(null=True, blank=True, editable=False)
    answer_delay_days = models.IntegerField(null=True, blank=True, editable=False)
    processing_delay_days = models.IntegerField(null=True, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SaisineQuerySet.as_manager()

    class Meta:
        verbose_name = _("saisine")
        verbose_name_plural = _("saisines")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="saisine_reference_unique"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("received_on")),
                name="saisine_closed_after_received",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "received_on"], name="saisine_org_received"),
            models.Index(fields=["organisation", "closed_on"], name="saisine_org_closed"),
            models.Index(fields=["organisation", "status", "answer_due_on"], name="saisine_org_status_due"),
            models.Index(
                fields=["organisation", "requester_key", "received_on"], name="saisine_org_requester"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def journal_repr(self) -> str:
        """The reference names nobody: the journal may keep it (see ``journal.models._describe``)."""
        return self.reference

    def refresh_derived(self, *, answer_days: int | None = None, objective_days: int | None = None) -> None:
        """Recompute delays and the search text from the stored facts; the deadlines only when
        the organisation's delays are given (at receipt): a saisine keeps the deadlines it was
        received with even if the organisation changes its settings later."""
        if answer_days is not None:
            self.answer_due_on = deadlines.due_date(self.received_on, answer_days)
        if objective_days is not None:
            self.objective_due_on = deadlines.due_date(self.received_on, objective_days)
        self.first_answer_on, self.answer_delay_days, self.processing_delay_days = deadlines.delays(
            self.received_on,
            self.acknowledged_on,
            self.closed_on,
            notice_sent_on=self.notice_sent_on,
            ended_by_court_action=self.status == Status.ENDED_COURT_ACTION,
        )
        names = str(self.requester) if self.requester_id and self.requester else ""
        self.search_text = search_text(self.reference, names, self.subject)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def owes_first_answer(self) -> bool:
        """Whether the requester still waits for the first answer due within 7 days (the same
        rule as ``OWES_FIRST_ANSWER``, which the work lists filter on)."""
        return self.status in ANSWER_OWED_STATUSES and self.first_answer_on is None


def search_text(reference: str, names: str, subject: str) -> str:
    """What the full-text search of the work lists matches: reference, requester, free text."""
    return search_key(f"{reference} {names} {subject}")


search.register(Saisine, "search_text")  # index: migration 0003


class SaisineEvent(models.Model):
    """The log of a saisine: transitions and other notable steps (who, what, when)."""

    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["saisine", "at"], name="saisine_event_at")]

    def __str__(self) -> str:
        return f"{self.saisine} {self.kind} {self.at:%Y-%m-%d}"


class Exchange(models.Model):
    """A request to one of the fund's expert services, and its answer."""

    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="exchanges")
    service = models.CharField(_("service"), max_length=120)
    requested_on = models.DateField(_("demande envoyée le"))
    question = models.TextField(_("demande"), blank=True)
    answered_on = models.DateField(_("réponse reçue le"), null=True, blank=True)
    answer = models.TextField(_("réponse"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.service} ({self.requested_on})"


class Note(models.Model):
    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


def _document_path(document: "Document", filename: str) -> str:
    """A random name (the name a user gave a file may name someone: it is kept in
    ``original_name``, erased with the document)."""
    saisine = document.saisine
    return f"saisines/{saisine.organisation_id}/{saisine.pk}/{uploads.storage_name(filename)}"


class Document(models.Model):
    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("fichier"), upload_to=_document_path)
    name = models.CharField(_("nom"), max_length=200)
    # What was uploaded: the file's own name, its kind as read from its content, its size.
    original_name = models.CharField(_("nom du fichier déposé"), max_length=255, blank=True, default="")
    content_type = models.CharField(_("type de contenu"), max_length=100, blank=True, default="")
    size = models.PositiveBigIntegerField(_("taille (octets)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def download_name(self) -> str:
        """The name given, ending with the stored file's suffix (a name typed without one)."""
        suffix = PurePosixPath(self.file.name or "").suffix.lower()
        return self.name if self.name.lower().endswith(suffix) else f"{self.name}{suffix}"

    @property
    def served_content_type(self) -> str:
        """The kind read from the content when it was added; by its suffix for the documents
        added before Lien kept it (anything not on the allow-list goes out as bytes)."""
        return self.content_type or uploads.content_type_for(self.file.name or "")


class ConflictDeclaration(models.Model):
    """A mediator's declared link with the requester (charter): the deputy takes over."""

    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="conflicts")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)
    link = models.TextField(_("nature du lien"))
    handed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.saisine}: {self.declared_by}"


class FollowUpTask(models.Model):
    """A check the mediator owes, e.g. that the claims service took a transferred case in charge."""

    class Kind(models.TextChoices):
        CLAIMS_TAKEOVER = "claims_takeover", _("Vérifier la prise en charge par le service réclamations")
        SERVICE_ANSWER = "service_answer", _("Relancer le service")

    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due_on = models.DateField(_("à faire le"))
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_on})"
