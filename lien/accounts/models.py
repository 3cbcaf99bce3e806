import hashlib
import secrets
import time
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth import hashers
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from lien.accounts.enums import OrganisationKind, Role
from lien.lib import secretbox


class Organisation(models.Model):
    """A node of the tree national → regional → local (fund, association, health centre)."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="organisation_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Organisation"]:
        chain, node = [], self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra |= {"is_staff": True, "is_superuser": True}
        return self.create_user(email, password, **extra)


# The devices of django-otp (untyped) point here: the stubs cannot name their reverse managers.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """A person who uses Lien, logging in by e-mail."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self._password_changed = True

    def check_password(self, raw_password: str | None) -> bool:
        """Django's, except that a hash upgraded at login (a new hasher, new parameters) is the
        same password: it ends no token and no session."""

        def rehash(raw: str) -> None:
            AbstractBaseUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return hashers.check_password(raw_password, self.password, rehash)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new password or a deactivation ends the account's API tokens and its sessions,
        whatever path changed it (the password pages, the reset by e-mail, the administration, a
        command). The password page keeps the session that changed it: Django moves it to a new
        key (``update_session_auth_hash``) once every session is ended here."""
        super().save(*args, **kwargs)
        password_changed = getattr(self, "_password_changed", False)
        if password_changed or not self.is_active:
            from lien.accounts.sessions import SessionEndReason, sessions_end

            self._password_changed = False
            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            reason = SessionEndReason.PASSWORD if password_changed else SessionEndReason.DEACTIVATION
            sessions_end(user=self, reason=reason)


class Membership(models.Model):
    """A role held by a user in an organisation; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rôle dans une organisation")
        verbose_name_plural = _("rôles dans les organisations")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        """Not revoked, not expired, of an active account."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)

    def authenticate(self, token: str) -> "ApiToken | None":
        return self.active().filter(digest=_digest(token)).select_related("user").first()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A token ends: 90 days by default, a year at most (the owner chooses when creating it).
    expires_at = models.DateTimeField(_("expire le"))
    # Read-only: GET only; the API refuses every write made with it (403).
    read_only = models.BooleanField(_("lecture seule"), default=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """A new token, its display prefix and its digest."""
        token = "lien_" + secrets.token_urlsafe(32)
        return token, token[5:13], _digest(token)


# -- the second factor (django-otp devices) -------------------------------------------------------


def _key_material() -> str:
    return str(settings.LIEN_FIELD_KEY)


def _key_materials() -> list[str]:
    """The current key material, then the retired ones a rotation still accepts."""
    return [_key_material(), *(str(key) for key in settings.LIEN_FIELD_KEYS_OLD)]


def recovery_digest(code: str) -> str:
    """The keyed digest of a recovery code, whatever its case and dashes: the table holds no code,
    and a copy of the database alone cannot test guesses against it."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return secretbox.keyed_digest(normalised.encode(), key_material=_key_material(), purpose="recovery-code")


def recovery_digests(code: str) -> list[str]:
    """The code's digests under every accepted key: codes made before a key rotation keep working
    while the old key is listed in ``LIEN_FIELD_KEYS_OLD``."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return secretbox.keyed_digests(
        normalised.encode(), key_materials=_key_materials(), purpose="recovery-code"
    )


class TotpDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """An authenticator application (TOTP, RFC 6238: a 6-digit code every 30 seconds).

    The shared secret is stored encrypted (``lien.lib.secretbox``), never in clear as django-otp's
    own ``TOTPDevice`` keeps it. A code is accepted once: ``last_t`` is the time step of the last
    code accepted, and only a later one passes. Wrong codes are throttled (1, 2, 4… seconds)."""

    encrypted_key = models.TextField(editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta:
        verbose_name = _("application d'authentification")
        verbose_name_plural = _("applications d'authentification")
        constraints = [models.UniqueConstraint(fields=["user"], name="totp_device_one_per_user")]

    @property
    def bin_key(self) -> bytes:
        return secretbox.decrypt_any(self.encrypted_key, key_materials=_key_materials(), purpose="totp-key")

    def rotate_key(self) -> bool:
        """Encrypt the secret under the current key (``lien rotate-field-key``); whether it was not."""
        try:
            secretbox.decrypt(self.encrypted_key, key_material=_key_material(), purpose="totp-key")
        except secretbox.InvalidToken:
            self.encrypted_key = secretbox.reencrypt(
                self.encrypted_key, key_materials=_key_materials(), purpose="totp-key"
            )
            return True
        return False

    def set_key(self, key: bytes) -> None:
        self.encrypted_key = secretbox.encrypt(key, key_material=_key_material(), purpose="totp-key")

    def totp(self) -> TOTP:
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        return totp

    def verify_token(self, token: str) -> bool:
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        cleaned = "".join(str(token).split())
        totp = self.totp()
        verified = cleaned.isdigit() and totp.verify(int(cleaned), self.tolerance, self.last_t + 1)
        if verified:
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment(commit=True)
        return bool(verified)

    def get_throttle_factor(self) -> int:
        return int(settings.OTP_TOTP_THROTTLE_FACTOR)


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """The recovery codes of a user (when the phone is lost): each works once, only their keyed
    digest is kept (``RecoveryCode``). Wrong codes are throttled like the application's."""

    class Meta:
        verbose_name = _("codes de secours")
        verbose_name_plural = _("codes de secours")
        constraints = [models.UniqueConstraint(fields=["user"], name="recovery_device_one_per_user")]

    def verify_token(self, token: str) -> bool:
        allowed, _data = self.verify_is_allowed()
        if not allowed:
            return False
        code = self.codes.filter(digest__in=recovery_digests(str(token)), used_at__isnull=True).first()
        if code is None:
            self.throttle_increment(commit=True)
            return False
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    def remaining(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())

    def get_throttle_factor(self) -> int:
        return int(settings.OTP_TOTP_THROTTLE_FACTOR)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("code de secours")
        verbose_name_plural = _("codes de secours")
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"{self.device.user} — {'utilisé' if self.used_at else 'disponible'}"


# -- sessions --------------------------------------------------------------------------------------


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def active(self) -> "UserSessionQuerySet":
        """Sessions not yet expired (idle timeout: Django moves ``expire_date`` at each request)."""
        return self.filter(session__expire_date__gt=timezone.now())


class UserSession(models.Model):
    """A signed-in browser session of a user, as listed on their page « Mes sessions ».

    It lives and dies with Django's session row (``django_session``, the database backend): a
    logout, an expiry purged by ``clearsessions`` or ``sessions.sessions_end`` deletes the
    session, and this row with it. Recorded at login (``sessions.session_record``); the session
    key never leaves the server (pages and URLs name the row's own id)."""

    session = models.OneToOneField("sessions.Session", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    created_at = models.DateTimeField(_("connexion"))
    # Moved at most once a minute (``sessions.SEEN_EVERY``): not a write per request.
    last_seen = models.DateTimeField(_("dernière activité"))
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    # « Firefox · Windows » (lien.lib.useragent), never the whole header.
    user_agent = models.CharField(_("navigateur"), max_length=100, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-last_seen", "-id"]

    def __str__(self) -> str:
        return f"{self.user} — {self.user_agent or '?'} ({self.created_at:%Y-%m-%d %H:%M})"
