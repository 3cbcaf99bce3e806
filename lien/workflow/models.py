"""The log of every named action taken on a case: which action, by whom, from which state to
which, and when. Written by ``Workflow.perform`` only; it keeps no free text (a consent
withdrawal has nothing to erase here) and refuses updates and deletes, like the journal."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionLogQuerySet(models.QuerySet["ActionLog"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionDenied("Action log entries cannot be modified.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Action log entries cannot be deleted.")

    def of(self, workflow: str, object_id: int) -> "ActionLogQuerySet":
        return self.filter(workflow=workflow, object_id=object_id).order_by("at", "pk")


class ActionLog(models.Model):
    at = models.DateTimeField(_("date"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    workflow = models.CharField(_("cycle de vie"), max_length=30)
    object_id = models.BigIntegerField(_("identifiant"))
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("état de départ"), max_length=30, blank=True)
    to_state = models.CharField(_("état d'arrivée"), max_length=30, blank=True)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("action enregistrée")
        verbose_name_plural = _("actions enregistrées")
        indexes = [models.Index(fields=["workflow", "object_id"], name="workflow_actionlog_object")]

    def __str__(self) -> str:
        return f"{self.workflow} {self.object_id}: {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionDenied("Action log entries cannot be modified.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Action log entries cannot be deleted.")
