"""A notification: what a user is told, in a short sentence that names nobody, with a link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.notifications.enums import NotificationKind


class NotificationQuerySet(models.QuerySet["Notification"]):
    def of(self, user: User) -> "NotificationQuerySet":
        """A user reads their own notifications only, whatever their roles."""
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=40, choices=NotificationKind.choices)
    # No personal data: a saisine's reference names nobody; a person's name never goes here,
    # since the text is e-mailed and kept after a consent withdrawal.
    text = models.CharField(_("texte"), max_length=300)
    url = models.CharField(_("lien"), max_length=300)  # a path of Lien ("/saisines/42/")
    # What the notification is about ("service_answer_overdue:<task id>"): notify() is idempotent.
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)
    # A failed e-mail is tried again with back-off (services.EMAIL_ATTEMPTS, ``lien tick``);
    # ``email_retry_at`` empty and ``emailed_at`` empty after attempts: given up, said on the page.
    email_attempts = models.PositiveSmallIntegerField(_("essais d'envoi par e-mail"), default=0)
    email_retry_at = models.DateTimeField(_("nouvel essai d'envoi le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key"),
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(url__startswith="/") & ~models.Q(url__startswith="//"),
                name="notification_url_relative",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def email_given_up(self) -> bool:
        """The e-mail failed at every attempt: the notification is on the page only."""
        return self.emailed_at is None and self.email_attempts > 0 and self.email_retry_at is None
