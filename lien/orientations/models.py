"""Orientations of a person to a partner structure: the reason, the help given, the outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.orientations.enums import Difficulty, Outcome, StructureKind


class OrientationQuerySet(models.QuerySet["Orientation"]):
    def visible_to(self, user) -> "OrientationQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.FOLLOWUP_VIEW))


class Orientation(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("personne"), on_delete=models.PROTECT, related_name="orientations"
    )
    oriented_on = models.DateField(_("orientée le"))
    structure_kind = models.CharField(_("type de structure"), max_length=20, choices=StructureKind.choices)
    structure_name = models.CharField(_("structure ou service"), max_length=200)
    # The service of the directory (lien/directory), when the structure is in it.
    directory_service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service de l'annuaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orientations",
    )
    reason = models.TextField(_("motif de l'orientation"))
    appointment_booked = models.BooleanField(_("rendez-vous pris pour la personne"), default=False)
    needs_prepared = models.BooleanField(
        _("préparation de ce que la personne dira (expression de ses besoins)"), default=False
    )
    documents_prepared = models.BooleanField(_("documents préparés avec la personne"), default=False)
    help_detail = models.CharField(_("autre aide apportée"), max_length=300, blank=True)
    outcome = models.CharField(_("suite"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("suite connue le"), null=True, blank=True)
    difficulty = models.CharField(
        _("difficulté rencontrée"), max_length=20, choices=Difficulty.choices, blank=True
    )
    outcome_detail = models.CharField(_("précisions sur la suite"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-oriented_on", "-id"]
        indexes = [models.Index(fields=["organisation", "oriented_on"], name="orientation_org_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=Outcome.PENDING, outcome_on__isnull=True)
                | (~models.Q(outcome=Outcome.PENDING) & models.Q(outcome_on__isnull=False)),
                name="orientation_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[Outcome.DID_NOT_GO, Outcome.REFUSED])
                | models.Q(difficulty=""),
                name="orientation_difficulty_only_when_failed",
            ),
            models.CheckConstraint(
                condition=models.Q(structure_kind__in=StructureKind.values), name="orientation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Orientation vers {self.structure_name}"
