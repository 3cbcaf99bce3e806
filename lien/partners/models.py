"""The registry of patient partners: who they are, their validated trainings and their
conventions with the establishment or the network (seed 003, DOMAIN.md §4); and the
accompaniment of a patient by one of them, from the proposal to the end, with the patient's
signed consent."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.lib import uploads
from lien.partners.enums import (
    AccompanimentStatus,
    ConsentMethod,
    DifficultyKind,
    EndReason,
    Framework,
    MeetingMode,
    MeetingTheme,
    Pathology,
    TrainingKind,
)
from lien.people.enums import Language

EXPERIENCE_LENGTH = 2000
AVAILABILITY_LENGTH = 200
MEETING_MAX_MINUTES = 600
MEETING_PLACE_LENGTH = 100
DIFFICULTY_MESSAGE_LENGTH = 500


def proposable_condition(on: date, organisation_id: int | None = None) -> Q:
    """The rule of ``rules.partner_proposable`` in SQL: active, a validated training, and a
    convention in force on that day — with ``organisation_id``, a convention that reaches it (the
    partner's own organisation, or a convention signed with it as establishment). The two are
    tested against each other (tests/partners)."""
    validated = Training.objects.filter(partner=OuterRef("pk"), validated_at__isnull=False)
    in_force = Convention.objects.filter(partner=OuterRef("pk")).in_force(on)
    if organisation_id is not None:
        in_force = in_force.reaching(organisation_id)
    return Q(active=True) & Exists(validated) & Exists(in_force)


class PatientPartnerQuerySet(models.QuerySet["PatientPartner"]):
    def visible_to(self, user: User) -> "PatientPartnerQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PARTNERS_VIEW))

    def proposable(self, on: date, organisation_id: int | None = None) -> "PatientPartnerQuerySet":
        return self.filter(proposable_condition(on, organisation_id))

    def reaching(self, organisation_id: int) -> "PatientPartnerQuerySet":
        """The partners who may accompany the patients of an organisation, whatever the day: its
        own, and those of a network with a convention signed with it."""
        with_convention = Convention.objects.filter(partner=OuterRef("pk"), establishment_id=organisation_id)
        return self.filter(Q(organisation_id=organisation_id) | Exists(with_convention))

    def not_proposable(self, on: date) -> "PatientPartnerQuerySet":
        return self.exclude(proposable_condition(on))

    def matching(
        self,
        *,
        on: date,
        pathology: str = "",
        language: str = "",
        departement: str = "",
        proposable: bool | None = None,
    ) -> "PatientPartnerQuerySet":
        """The filters of the list (page and API); each code is unique per partner, so a join
        never repeats a partner."""
        partners: PatientPartnerQuerySet = self
        if pathology:
            partners = partners.filter(pathologies__code=pathology)
        if language:
            partners = partners.filter(languages__code=language)
        if departement:
            partners = partners.filter(departements__code=departement)
        if proposable is True:
            partners = partners.proposable(on)
        elif proposable is False:
            partners = partners.not_proposable(on)
        return partners

    def for_list(self) -> "PatientPartnerQuerySet":
        """With what the list shows and the rule reads, in a constant number of queries."""
        return self.select_related("organisation").prefetch_related(
            "pathologies",
            "languages",
            "departements",
            "trainings",
            models.Prefetch("conventions", queryset=Convention.objects.select_related("establishment")),
        )


class PatientPartner(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("réseau ou établissement"),
        on_delete=models.PROTECT,
        related_name="patient_partners",
    )
    # The partner's own account (role patient_partner), once it exists.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patient_partner_profile",
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom ou pseudonyme"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    experience = models.TextField(
        _("vécu de la maladie"),
        max_length=EXPERIENCE_LENGTH,
        blank=True,
        help_text=_("Dans les mots du ou de la patient·e partenaire."),
    )
    availability = models.CharField(_("disponibilités"), max_length=AVAILABILITY_LENGTH, blank=True)
    active = models.BooleanField(_("actif·ve"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("patient·e partenaire")
        verbose_name_plural = _("patient·es partenaires")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        # What the journal keeps (it is never rewritten): a number, not the name.
        return f"Patient·e partenaire n°{self.pk}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PartnerCode(models.Model):
    """A code of a partner (a pathology lived, a language spoken, a département covered): each
    subclass names its ``partner`` link and its ``code`` field."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, "code", ""))


class PartnerPathology(PartnerCode):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="pathologies")
    code = models.CharField(_("pathologie"), max_length=20, choices=Pathology.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="partner_pathology_unique"),
            models.CheckConstraint(condition=Q(code__in=Pathology.values), name="partner_pathology_valid"),
        ]


class PartnerLanguage(PartnerCode):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("langue"), max_length=10, choices=Language.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="partner_language_unique"),
        ]


class PartnerDepartement(PartnerCode):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="departements")
    code = models.CharField(_("département"), max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="partner_departement_unique"),
        ]


def _upload_path(obj: "Training | Convention", filename: str) -> str:
    """A private path (media is never served: files go out through an access-checked view), with
    a random name: the name a user gave a file may name someone."""
    return f"partners/{obj.partner.organisation_id}/{obj.partner_id}/{uploads.storage_name(filename)}"


class Training(models.Model):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("voie de formation"), max_length=20, choices=TrainingKind.choices)
    body = models.CharField(_("université ou association"), max_length=200)
    completed_on = models.DateField(_("terminée le"))
    certificate = models.FileField(_("attestation"), upload_to=_upload_path)
    # Set by ``services.training_validate`` only, by the coordination.
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validée par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formation")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TrainingKind.values), name="training_kind_valid"),
            models.CheckConstraint(
                condition=Q(validated_at__isnull=True, validated_by__isnull=True)
                | Q(validated_at__isnull=False, validated_by__isnull=False),
                name="training_validated_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Formation n°{self.pk}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class ConventionQuerySet(models.QuerySet["Convention"]):
    def in_force(self, on: date) -> "ConventionQuerySet":
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)

    def reaching(self, organisation_id: int) -> "ConventionQuerySet":
        """The conventions under which the partner may accompany the patients of an organisation:
        any convention of a partner of that organisation, or one signed with it."""
        return self.filter(Q(partner__organisation_id=organisation_id) | Q(establishment_id=organisation_id))


class Convention(models.Model):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="conventions")
    party = models.CharField(_("établissement ou réseau"), max_length=200)
    # When the establishment uses Lien: the partner may then accompany its patients.
    establishment = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("structure signataire dans Lien"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Le ou la patient·e partenaire peut alors accompagner les patient·es de cette structure."
        ),
    )
    starts_on = models.DateField(_("prend effet le"))
    ends_on = models.DateField(_("prend fin le"), null=True, blank=True, help_text=_("Vide : sans terme."))
    framework = models.CharField(_("cadre de l'intervention"), max_length=20, choices=Framework.choices)
    file = models.FileField(_("convention signée"), upload_to=_upload_path)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(framework__in=Framework.values), name="convention_framework_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="convention_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Convention n°{self.pk}"

    def in_force_on(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


def _consent_path(obj: "PartnerAccompaniment", filename: str) -> str:
    """A private path with a random name, as for the registry's files."""
    return f"partners/{obj.organisation_id}/consents/{uploads.storage_name(filename)}"


# What a patient partner reaches of an accompaniment: consented to, and the partner chosen.
PARTNER_VISIBLE_STATUSES = (AccompanimentStatus.CONSENTED, AccompanimentStatus.CONTACTED)
# The only fields of the accompaniment and of the person a patient partner's pages and API read.
PARTNER_VIEW_FIELDS = (
    "pk",
    "person__first_name",
    "person__phone",
    "person__email",
    "proposed_on",
    "consented_on",
    "contacted_on",
)


class PartnerAccompanimentQuerySet(models.QuerySet["PartnerAccompaniment"]):
    def visible_to(self, user: User) -> "PartnerAccompanimentQuerySet":
        """The accompaniments of the organisations where the user accompanies patients."""
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PARTNER_ACCOMPANY))

    def visible_to_partner(self, user: User) -> "PartnerAccompanimentQuerySet":
        """A patient partner's own accompaniments, once the patient consented and chose them, and
        until the end or the withdrawal; never a file anonymised. The patient may be followed by
        another organisation (an establishment with a convention): the partner's role is held in
        the partner's own organisation."""
        return self.filter(
            partner__organisation_id__in=organisation_ids_for(user, Perm.PARTNER_SPACE),
            partner__user_id=getattr(user, "pk", None),
            status__in=PARTNER_VISIBLE_STATUSES,
            person__anonymised_at__isnull=True,
        )


class PartnerAccompaniment(models.Model):
    """A patient partner proposed to a patient: the patient consents (a signed consent), chooses
    a partner and makes the contact; they may withdraw at any time."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="partner_accompaniments"
    )
    # Nullable until the patient chooses.
    partner = models.ForeignKey(
        PatientPartner,
        verbose_name=_("patient·e partenaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accompaniments",
    )
    suggested = models.ManyToManyField(
        PatientPartner, verbose_name=_("patient·es partenaires suggéré·es"), blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposé par"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("proposé le"))
    status = models.CharField(
        _("statut"), max_length=12, choices=AccompanimentStatus.choices, default=AccompanimentStatus.PROPOSED
    )
    # The patient's signed consent (``services.accompaniment_record_consent``).
    consent_method = models.CharField(
        _("forme du consentement"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    consented_on = models.DateField(_("consentement signé le"), null=True, blank=True)
    consent_scope = models.TextField(_("objet du consentement"), max_length=1000, blank=True)
    consent_information_version = models.CharField(
        _("version du texte d'information"), max_length=20, blank=True
    )
    consent_scan = models.FileField(_("consentement numérisé"), upload_to=_consent_path, blank=True)
    signed_name = models.CharField(_("nom complet saisi à l'écran"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signé à l'écran le"), null=True, blank=True)
    # The strokes of the signature drawn on screen (``lien.lib.signature``): numbers, never markup.
    signature_strokes = models.JSONField(_("signature dessinée"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contacted_on = models.DateField(_("contact pris le"), null=True, blank=True)
    ended_on = models.DateField(_("terminé le"), null=True, blank=True)
    end_reason = models.CharField(_("fin"), max_length=10, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerAccompanimentQuerySet.as_manager()

    class Meta:
        verbose_name = _("accompagnement par un·e patient·e partenaire")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AccompanimentStatus.values), name="accompaniment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(consent_method__in=[*ConsentMethod.values, ""]),
                name="accompaniment_consent_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_reason__in=[*EndReason.values, ""]), name="accompaniment_end_reason_valid"
            ),
            # A partner is reached only after the consent, and through a chosen partner.
            models.CheckConstraint(
                condition=Q(status=AccompanimentStatus.PROPOSED)
                | Q(consented_on__isnull=False)
                | Q(status=AccompanimentStatus.ENDED),
                name="accompaniment_consent_before_access",
            ),
            models.CheckConstraint(
                condition=~Q(status=AccompanimentStatus.CONTACTED) | Q(partner__isnull=False),
                name="accompaniment_contacted_has_partner",
            ),
        ]

    def __str__(self) -> str:
        # What the journal keeps: a number, never the patient's name.
        return f"Accompagnement patient·e partenaire n°{self.pk}"

    @property
    def journal_repr(self) -> str:
        return str(self)


# -- the accompaniment log kept by the patient partner (issue 12) ---------------------------------


class PartnerMeetingQuerySet(models.QuerySet["PartnerMeeting"]):
    def visible_to_partner(self, user: User) -> "PartnerMeetingQuerySet":
        """The meetings of the accompaniments the partner still sees (the one rule of
        ``PartnerAccompaniment.objects.visible_to_partner``): none after the end or the withdrawal."""
        return self.filter(accompaniment__in=PartnerAccompaniment.objects.visible_to_partner(user))


class PartnerMeeting(models.Model):
    """A meeting of the partner with the patient, for the programme's figures: when, how long,
    how, and what it was about from a closed list. No free text about the patient's health."""

    accompaniment = models.ForeignKey(PartnerAccompaniment, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField(_("date de la rencontre"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), help_text=_("De 1 à 600 minutes.")
    )
    mode = models.CharField(_("forme"), max_length=10, choices=MeetingMode.choices)
    place = models.CharField(
        _("lieu"),
        max_length=MEETING_PLACE_LENGTH,
        blank=True,
        help_text=_("Facultatif, par exemple « café de la place » ; jamais l'adresse du ou de la patient·e."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre avec le ou la patient·e")
        ordering = ["-met_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=MEETING_MAX_MINUTES),
                name="partner_meeting_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=MeetingMode.values), name="partner_meeting_mode_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Rencontre n°{self.pk}"


class PartnerMeetingTheme(models.Model):
    meeting = models.ForeignKey(PartnerMeeting, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("thème"), max_length=20, choices=MeetingTheme.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "code"], name="partner_meeting_theme_unique"),
            models.CheckConstraint(
                condition=Q(code__in=MeetingTheme.values), name="partner_meeting_theme_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PartnerDifficulty(models.Model):
    """A difficulty the partner signals to the mediators of the organisation, who mark it handled."""

    accompaniment = models.ForeignKey(
        PartnerAccompaniment, on_delete=models.CASCADE, related_name="difficulties"
    )
    signalled_on = models.DateField(_("date"))
    kind = models.CharField(_("difficulté"), max_length=20, choices=DifficultyKind.choices)
    message = models.CharField(
        _("message au ou à la médiateur·rice"),
        max_length=DIFFICULTY_MESSAGE_LENGTH,
        blank=True,
        help_text=_("Quelques mots pour le ou la médiateur·rice ; aucune information médicale."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # How many mediators were notified: the screen says the team is told only when someone was.
    notified_count = models.PositiveSmallIntegerField(_("médiateur·rices prévenu·es"), default=0)
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("difficulté signalée par le ou la patient·e partenaire")
        ordering = ["-signalled_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DifficultyKind.values), name="partner_difficulty_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True, handled_by__isnull=True)
                | Q(handled_at__isnull=False, handled_by__isnull=False),
                name="partner_difficulty_handled_by_and_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Difficulté signalée n°{self.pk}"
