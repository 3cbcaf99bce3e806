"""A referral: a doctor of the health centre asks the mediator to meet a patient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.referrals.enums import Status, Urgency

REASON_LENGTH = 300
FEEDBACK_LENGTH = 500


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: User) -> "ReferralQuerySet":
        """The organisation's inbox for those who handle referrals; one's own for the doctor."""
        handled = models.Q(organisation_id__in=organisation_ids_for(user, Perm.REFERRAL_HANDLE))
        own = models.Q(
            referred_by_id=getattr(user, "pk", None),
            organisation_id__in=organisation_ids_for(user, Perm.REFERRAL_CREATE),
        )
        return self.filter(handled | own)


class Referral(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("adressé par"), on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField(_("adressé le"))
    # Who the patient is, as the doctor knows them: enough for the mediator to find or create
    # the file, nothing medical.
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    reason = models.CharField(
        _("pourquoi, en quelques mots"),
        max_length=REASON_LENGTH,
        help_text=_("Par exemple : « droits à ouvrir, ne vient plus aux rendez-vous ». Pas de diagnostic."),
    )
    urgency = models.CharField(_("urgence"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.NEW)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback = models.CharField(
        _("retour au médecin"),
        max_length=FEEDBACK_LENGTH,
        blank=True,
        help_text=_("Ce que le médecin lira : court, sans information médicale."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("adressage")
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="referral_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="referral_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values), name="referral_urgency_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Adressage n° {self.pk}"

    @property
    def journal_repr(self) -> str:
        """The number names nobody: the journal may keep it."""
        return str(self)

    @property
    def patient_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
