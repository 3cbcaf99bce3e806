from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.outreach.enums import SessionKind, Topic
from lien.people.enums import AgeBand, Gender

# The volunteer time of one session, all volunteers together (a few people over a day or two).
MAX_VOLUNTEER_HOURS = 2000


class SessionQuerySet(models.QuerySet["OutreachSession"]):
    def visible_to(self, user: User | AnonymousUser) -> "SessionQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.OUTREACH_VIEW))


class OutreachSession(models.Model):
    """A permanence, a home visit, a food distribution or a street round: date, place, team."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type de sortie"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(
        _("lieu"), max_length=200, help_text=_("Par exemple : salle de la mairie, marché.")
    )
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("équipe"), blank=True, related_name="+"
    )
    notes = models.TextField(
        _("notes d'organisation"),
        blank=True,
        help_text=_("Logistique, partenaires présents ; aucune donnée sur les personnes."),
    )
    # What a funder values as in-kind contribution; empty when not recorded (not the same as 0).
    volunteer_hours = models.DecimalField(
        _("temps bénévole (heures)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_VOLUNTEER_HOURS)],
        help_text=_("Toutes les personnes bénévoles de la sortie ensemble, par exemple 7,5."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="outreach_session_org_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SessionKind.values), name="outreach_session_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(volunteer_hours__isnull=True)
                | models.Q(volunteer_hours__gte=0, volunteer_hours__lte=MAX_VOLUNTEER_HOURS),
                name="outreach_session_volunteer_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.place} ({self.held_on:%d/%m/%Y})"


# Not ``ContactQuerySet``: the mypy plugin names the manager it makes after the queryset class
# and would mix it up with the directory's.
class OutreachContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: User | AnonymousUser) -> "OutreachContactQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.OUTREACH_VIEW))


class OutreachContactManager(models.Manager.from_queryset(OutreachContactQuerySet)):  # type: ignore[misc]
    """The contacts that count: one deleted (a wrong tap) is gone from every list, count, report
    and follow-up at once, while it can still be restored (services.UNDO_MINUTES), then purged."""

    def get_queryset(self) -> OutreachContactQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Contact(models.Model):
    """A person met during a session: identified (a file) or anonymous (age band, gender, commune).

    Both are counted alike: an identified contact copies the age band, gender and commune of
    the file at the date, so that statistics survive an anonymisation.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(OutreachSession, on_delete=models.PROTECT, related_name="contacts")
    on = models.DateField(_("date"))
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_contacts",
    )
    age_band = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("genre"), max_length=20, choices=Gender.choices, blank=True)
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Made by the phone when the contact is tapped, sent with it: a contact kept offline and
    # sent again when the network returns is recorded once.
    client_id = models.UUIDField(_("identifiant de saisie"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OutreachContactManager()
    # Deleted ones included: to restore one, to purge them, to know a phone's identifier.
    all_objects = OutreachContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact en sortie")
        verbose_name_plural = _("contacts en sortie")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["organisation", "on"], name="outreach_contact_org_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_band__in=[*AgeBand.values, ""]), name="outreach_contact_age_band_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=[*Gender.values, ""]), name="outreach_contact_gender_valid"
            ),
            models.UniqueConstraint(
                fields=["organisation", "client_id"], name="outreach_contact_client_id_unique"
            ),
        ]

    def __str__(self) -> str:
        who = self.person.display_name if self.person is not None else "contact anonyme"
        return f"{who} — {self.on:%d/%m/%Y}"

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None


class ContactTopic(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("sujet"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("sujet abordé")
        verbose_name_plural = _("sujets abordés")
        constraints = [
            models.UniqueConstraint(fields=["contact", "topic"], name="outreach_contact_topic_unique"),
            models.CheckConstraint(condition=models.Q(topic__in=Topic.values), name="outreach_topic_valid"),
        ]

    def __str__(self) -> str:
        return self.get_topic_display()
