"""The append-only access journal: who read or wrote what, and when."""

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from lien.accounts.models import Organisation, User
    from lien.people.models import Person


class Action(models.TextChoices):
    VIEW = "view", _("Consultation")
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Impression")
    # The security of an account: second factor enrolled, refused, a recovery code used, a device
    # removed, a re-authentication before a bulk export, import or anonymisation.
    SECURITY = "security", _("Sécurité du compte")


class JournalQuerySet(models.QuerySet["JournalEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("Journal entries cannot be modified.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Journal entries cannot be deleted.")

    def visible_to(self, user: "User | AnonymousUser") -> "JournalQuerySet":
        from lien.accounts.permissions import Perm, organisation_ids_for

        return self.filter(organisation_id__in=organisation_ids_for(user, Perm.JOURNAL_VIEW))


def _describe(obj: models.Model, person: "Person | None") -> str:
    """What the journal writes of the object.

    An entry about a person keeps no text that could name them: the journal is never rewritten,
    and a consent withdrawal must leave nothing of the person behind. Such an entry says the kind
    of object and its number (the page shows the person through ``person``, as the file is now),
    unless the model's ``journal_repr`` gives a text that names nobody (a saisine's reference).
    """
    if person is None:
        return str(obj)[:200]
    label = getattr(obj, "journal_repr", None)
    return (label or f"{obj._meta.verbose_name} n°{obj.pk}")[:200]


class JournalEntry(models.Model):
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur·rice"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("type d'objet"), max_length=50)
    object_id = models.CharField(_("identifiant"), max_length=50)
    object_repr = models.CharField(_("objet"), max_length=200)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField(_("détail"), max_length=300, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="journal_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("Journal entries cannot be modified.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Journal entries cannot be deleted.")

    @classmethod
    def log(
        cls,
        *,
        user: "User | AnonymousUser | None",
        action: str,
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
        detail: str = "",
    ) -> "JournalEntry":
        return cls.objects.create(
            user=user if user is not None and user.is_authenticated else None,
            organisation=organisation,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=_describe(obj, person),
            person=person,
            detail=detail[:300],
        )

    @classmethod
    def log_view(
        cls,
        *,
        user: "User | AnonymousUser | None",
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
    ) -> "JournalEntry":
        return cls.log(user=user, action=Action.VIEW, obj=obj, organisation=organisation, person=person)

    @classmethod
    def log_views(
        cls,
        *,
        user: "User | AnonymousUser | None",
        objs: "Iterable[models.Model]",
        organisation: "Organisation",
    ) -> list["JournalEntry"]:
        """A view entry for each object of a list shown whole, written in one query."""
        entries = [
            JournalEntry(
                user=user if user is not None and user.is_authenticated else None,
                organisation=organisation,
                action=Action.VIEW,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=_describe(obj, None),
            )
            for obj in objs
        ]
        return JournalEntry.objects.bulk_create(entries)

    @classmethod
    def log_create(
        cls,
        *,
        user: "User | AnonymousUser | None",
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
    ) -> "JournalEntry":
        return cls.log(user=user, action=Action.CREATE, obj=obj, organisation=organisation, person=person)

    @classmethod
    def log_update(
        cls,
        *,
        user: "User | AnonymousUser | None",
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
        detail: str = "",
    ) -> "JournalEntry":
        return cls.log(
            user=user, action=Action.UPDATE, obj=obj, organisation=organisation, person=person, detail=detail
        )

    @classmethod
    def log_export(
        cls,
        *,
        user: "User | AnonymousUser | None",
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
        detail: str = "",
    ) -> "JournalEntry":
        return cls.log(
            user=user, action=Action.EXPORT, obj=obj, organisation=organisation, person=person, detail=detail
        )

    @classmethod
    def log_print(
        cls,
        *,
        user: "User | AnonymousUser | None",
        obj: models.Model,
        organisation: "Organisation",
        person: "Person | None" = None,
    ) -> "JournalEntry":
        return cls.log(user=user, action=Action.PRINT, obj=obj, organisation=organisation, person=person)

    @classmethod
    def log_security(
        cls, *, user: "User | None", detail: str, account: "User | None" = None
    ) -> list["JournalEntry"]:
        """An event of the security of ``user``'s own account, written in each organisation where
        they hold a role (its director reads it); none for a user without any role.

        ``account``: the account concerned when it is not the acting user's own, as when nobody
        acted (``user=None``: a failed login, a lockout, sessions ended by a new password)."""
        from lien.accounts.models import Organisation

        concerned = account or user
        if concerned is None:
            raise ValueError("log_security needs the account concerned.")
        organisations = Organisation.objects.filter(memberships__user=concerned).distinct()
        return [
            cls.log(
                user=user, action=Action.SECURITY, obj=concerned, organisation=organisation, detail=detail
            )
            for organisation in organisations
        ]

    @classmethod
    def log_list(
        cls,
        *,
        user: "User | AnonymousUser | None",
        model: type[models.Model],
        organisation_ids: "Iterable[int]",
        detail: str,
    ) -> list["JournalEntry"]:
        """A list of records read at once (a page of the API): one entry per organisation whose
        records it shows, with their count, in one query — not one entry per record. The entry
        names no record: ``detail`` says the request."""
        counts = Counter(organisation_ids)
        meta = model._meta
        entries = [
            JournalEntry(
                user=user if user is not None and user.is_authenticated else None,
                organisation_id=organisation_id,
                action=Action.VIEW,
                object_type=meta.label_lower,
                object_id="liste",
                object_repr=gettext("Liste : %(count)d %(records)s")
                % {"count": count, "records": meta.verbose_name if count == 1 else meta.verbose_name_plural},
                detail=detail[:300],
            )
            for organisation_id, count in sorted(counts.items())
        ]
        return JournalEntry.objects.bulk_create(entries)
