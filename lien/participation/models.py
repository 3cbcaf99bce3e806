from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.participation.enums import MeetingKind, Trouble


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User | AnonymousUser) -> "MeetingQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PARTICIPATION_VIEW))


class Meeting(models.Model):
    """An exchange space with the people accompanied, or a meeting of the users' group."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200)
    commune = models.ForeignKey(
        "communes.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    theme = models.CharField(_("thème"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("nombre de participant·es"))
    summary = models.TextField(
        _("ce qui a été exprimé"),
        blank=True,
        help_text=_("Sans nom : les personnes ne sont pas identifiées ici."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=MeetingKind.values), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance__lte=10000), name="meeting_attendance_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.held_on:%d/%m/%Y}"


class MeetingTrouble(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="troubles")
    trouble = models.CharField(_("difficulté"), max_length=20, choices=Trouble.choices)

    class Meta:
        verbose_name = _("difficulté exprimée")
        verbose_name_plural = _("difficultés exprimées")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "trouble"], name="meeting_trouble_unique"),
            models.CheckConstraint(
                condition=models.Q(trouble__in=Trouble.values), name="meeting_trouble_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_trouble_display()


class RelayQuerySet(models.QuerySet["CommunityRelay"]):
    def visible_to(self, user: User | AnonymousUser) -> "RelayQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.PARTICIPATION_VIEW))

    def active(self) -> "RelayQuerySet":
        return self.filter(ended_on__isnull=True)


class CommunityRelay(models.Model):
    """A resource person of a commune who agreed to relay information (and to be listed here)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "communes.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("prénom et nom, ou pseudonyme"), max_length=150)
    role = models.CharField(
        _("qui est-ce"), max_length=200, blank=True, help_text=_("Secrétaire de mairie, épicière, voisin…")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    agreed_on = models.DateField(_("accord donné le"))
    ended_on = models.DateField(_("fin du relais le"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelayQuerySet.as_manager()

    class Meta:
        verbose_name = _("relais communautaire")
        verbose_name_plural = _("relais communautaires")
        ordering = ["commune__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("agreed_on")),
                name="relay_ended_after_agreed",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TestimonyQuerySet(models.QuerySet["Testimony"]):
    def visible_to(self, user: User | AnonymousUser) -> "TestimonyQuerySet":
        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.TESTIMONY_VIEW))

    def for_advocacy(self, user: User | AnonymousUser) -> "TestimonyQuerySet":
        """Testimonies marked for anonymised use, in the organisations whose advocacy the user reads."""
        return self.filter(
            advocacy_use=True, organisation_id__in=organisation_ids_for(user, Perm.ADVOCACY_VIEW)
        )


class Testimony(models.Model):
    """A person's own words about the difficulties met, possibly marked for anonymised advocacy."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="testimonies",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("recueilli lors de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonies",
    )
    collected_on = models.DateField(_("recueilli le"))
    text = models.TextField(_("témoignage, dans ses mots"))
    advocacy_use = models.BooleanField(_("utilisable, anonymisé, pour le plaidoyer"), default=False)
    # Set when the text seemed to contain a name, a phone number or a NIR at its last save.
    flagged = models.BooleanField(_("contient peut-être des données identifiantes"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["-collected_on", "-id"]

    def __str__(self) -> str:
        return f"Témoignage du {self.collected_on:%d/%m/%Y}"


class TestimonyTrouble(models.Model):
    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="troubles")
    trouble = models.CharField(_("difficulté"), max_length=20, choices=Trouble.choices)

    class Meta:
        verbose_name = _("difficulté rapportée")
        verbose_name_plural = _("difficultés rapportées")
        constraints = [
            models.UniqueConstraint(fields=["testimony", "trouble"], name="testimony_trouble_unique"),
            models.CheckConstraint(
                condition=models.Q(trouble__in=Trouble.values), name="testimony_trouble_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_trouble_display()
