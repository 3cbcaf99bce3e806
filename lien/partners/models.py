"""The registry of patient partners: who they are, their validated trainings and their
conventions with the establishment or the network (seed 003, DOMAIN.md §4). Nothing here is
about a patient."""

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.partners.enums import Framework, Pathology, TrainingKind
from lien.people.enums import Language

EXPERIENCE_LENGTH = 2000
AVAILABILITY_LENGTH = 200


def proposable_condition(on: date) -> Q:
    """The rule of ``rules.partner_proposable`` in SQL: active, a validated training, and a
    convention in force on that day. The two are tested against each other (tests/partners)."""
    validated = Training.objects.filter(partner=OuterRef("pk"), validated_at__isnull=False)
    in_force = Convention.objects.filter(partner=OuterRef("pk")).in_force(on)
    return Q(active=True) & Exists(validated) & Exists(in_force)


class PatientPartnerQuerySet(models.QuerySet["PatientPartner"]):
    def visible_to(self, user: User) -> "PatientPartnerQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PARTNERS_VIEW))

    def proposable(self, on: date) -> "PatientPartnerQuerySet":
        return self.filter(proposable_condition(on))

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
            "pathologies", "languages", "departements", "trainings", "conventions"
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
    suffix = PurePath(filename).suffix.lower()
    return f"partners/{obj.partner.organisation_id}/{obj.partner_id}/{uuid.uuid4().hex}{suffix}"


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


class Convention(models.Model):
    partner = models.ForeignKey(PatientPartner, on_delete=models.CASCADE, related_name="conventions")
    party = models.CharField(_("établissement ou réseau"), max_length=200)
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
