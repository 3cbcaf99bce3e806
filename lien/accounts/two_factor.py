"""The second factor of a login: an authenticator application (TOTP) with recovery codes for
everyone, a passkey (WebAuthn) for the administrators, when ``LIEN_TWO_FACTOR`` is on.

A user logs in with their password (Django's ``LoginView``, django-axes counting the failures),
then, before any page (``middleware.TwoFactorMiddleware``), gives a code of their application or
a recovery code (``two_factor_verify``), or enrols one if they have none (``two_factor_enrol``).
The session is then verified (django-otp's ``OTPMiddleware``: ``user.is_verified()``).
Each event is journalled in the user's organisations (``JournalEntry.log_security``).
"""

import base64
import io
import math
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device

from lien.accounts.models import RecoveryCode, RecoveryCodeDevice, TotpDevice, User, recovery_digest
from lien.journal.models import JournalEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code copied by hand from paper is read back without doubt; 12 characters of 31.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def enabled() -> bool:
    return bool(settings.LIEN_TWO_FACTOR)


def passkeys_available() -> bool:
    return "django_otp_webauthn" in settings.INSTALLED_APPS


def passkey_required(user: "User | AnonymousUser") -> bool:
    """An administrator (who opens the administration site) proves their second factor with a
    passkey: an application's code can be read over a shoulder or phished, a passkey cannot."""
    return enabled() and passkeys_available() and bool(getattr(user, "is_staff", False))


def passkeys_of(user: User) -> list[Device]:
    if not passkeys_available():
        return []
    from django_otp_webauthn.models import WebAuthnCredential

    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))


def is_passkey(device: Device | None) -> bool:
    if device is None or not passkeys_available():
        return False
    from django_otp_webauthn.models import WebAuthnCredential

    return isinstance(device, WebAuthnCredential)


def totp_device_of(user: User) -> TotpDevice | None:
    device: TotpDevice | None = TotpDevice.objects.filter(user=user, confirmed=True).first()
    return device


def recovery_device_of(user: User) -> RecoveryCodeDevice | None:
    device: RecoveryCodeDevice | None = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    return device


def is_enrolled(user: User) -> bool:
    """Whether the user has the second factor their role requires."""
    if passkey_required(user):
        return bool(passkeys_of(user))
    return totp_device_of(user) is not None or bool(passkeys_of(user))


def is_verified(user: "User | AnonymousUser") -> bool:
    """Whether this session passed the second factor the user's role requires (or needs none)."""
    if not enabled() or not user.is_authenticated:
        return True
    device = getattr(user, "otp_device", None)
    if device is None:
        return False
    return is_passkey(device) if passkey_required(user) else True


# -- the application (TOTP) -------------------------------------------------------------------


def totp_new_key() -> bytes:
    return secrets.token_bytes(20)


def key_for_display(key: bytes) -> str:
    """The secret as typed into an application by hand: base32 in groups of four."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_config_url(*, user: User, key: bytes) -> str:
    """The ``otpauth://`` address the QR code carries (Google's Key URI format)."""
    issuer = str(settings.OTP_TOTP_ISSUER)
    params = {
        "secret": base64.b32encode(key).decode("ascii").rstrip("="),
        "issuer": issuer,
        "algorithm": "SHA1",
        "digits": 6,
        "period": 30,
    }
    label = quote(f"{issuer}:{user.email}")
    return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"


def qr_svg(data: str) -> str:
    """The QR code as an inline SVG drawn here: no image service, nothing fetched by the browser."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # without the XML declaration, to sit inside the page


def _code_matches(device: TotpDevice, code: str) -> tuple[bool, Any]:
    cleaned = "".join(code.split())
    totp = device.totp()
    return cleaned.isdigit() and bool(totp.verify(int(cleaned), device.tolerance)), totp


@transaction.atomic
def totp_enrol(*, user: User, key: bytes, code: str) -> tuple[TotpDevice, list[str]]:
    """Record the application whose secret the user was shown, once they typed a code it made;
    returns the device and the recovery codes, in clear this once. The code used here cannot
    serve again (``last_t``)."""
    if TotpDevice.objects.filter(user=user).exists():
        raise ValidationError(_("Une application d'authentification est déjà enregistrée."))
    device = TotpDevice(user=user, name=_("Application d'authentification"), confirmed=True)
    device.set_key(key)
    matches, totp = _code_matches(device, code)
    if not matches:
        message = _("Ce code ne correspond pas. Vérifiez l'heure du téléphone et saisissez le code affiché.")
        raise ValidationError({"code": message})
    device.last_t, device.drift = totp.t(), totp.drift
    device.set_last_used_timestamp(commit=False)
    device.save()
    codes = _recovery_codes_replace(user)
    JournalEntry.log_security(user=user, detail="double authentification : application enregistrée")
    return device, codes


# -- the recovery codes -------------------------------------------------------------------------


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": _("Codes de secours"), "confirmed": True}
    )
    device.codes.all().delete()
    codes = [_new_recovery_code() for _i in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=recovery_digest(c)) for c in codes)
    device.throttle_reset(commit=True)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes, the old ones no longer valid; in clear this once."""
    if not (totp_device_of(user) or passkeys_of(user)):
        raise ValidationError(_("Enregistrez d'abord une application d'authentification."))
    codes = _recovery_codes_replace(user)
    JournalEntry.log_security(user=user, detail="double authentification : codes de secours renouvelés")
    return codes


# -- verifying a code -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """What a code gave: the device that accepted it, or why it was refused (in French)."""

    device: Device | None
    error: str = ""


def _wait_message(locked_until: Any) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Trop de codes erronés : patientez %(seconds)d seconde avant d'essayer à nouveau.",
        "Trop de codes erronés : patientez %(seconds)d secondes avant d'essayer à nouveau.",
        seconds,
    ) % {"seconds": seconds}


def second_factor_check(*, user: User, code: str, purpose: str) -> CodeCheck:
    """Check a code of the user's application, or one of their recovery codes (a code with
    letters), each usable once; wrong codes are throttled and journalled, so is a recovery code
    used. ``purpose`` says where in the journal (« connexion », « confirmation »)."""
    cleaned = "".join(code.split())
    # An application's code is 6 digits; a recovery code 12 characters (with dashes or not).
    is_recovery = not (cleaned.isdigit() and len(cleaned) <= 8)
    model: type[TotpDevice] | type[RecoveryCodeDevice] = RecoveryCodeDevice if is_recovery else TotpDevice
    with transaction.atomic():
        # Locked for the check: two requests with the same code cannot both pass.
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not cleaned:
            return CodeCheck(None, _("Code incorrect."))
        allowed, data = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(None, _wait_message(data["locked_until"]))
        if device.verify_token(cleaned):
            if isinstance(device, RecoveryCodeDevice):
                JournalEntry.log_security(
                    user=user,
                    detail=f"{purpose} : code de secours utilisé ({device.remaining()} restants)",
                )
            return CodeCheck(device)
        JournalEntry.log_security(user=user, detail=f"{purpose} : code de double authentification refusé")
    if is_recovery:
        return CodeCheck(None, _("Code de secours incorrect ou déjà utilisé."))
    return CodeCheck(None, _("Code incorrect ou déjà utilisé : attendez le code suivant de l'application."))


# -- removing a device ----------------------------------------------------------------------------


@transaction.atomic
def totp_device_remove(*, user: User) -> None:
    """Remove the user's application and its recovery codes: while two-factor login is on, the
    next page asks to enrol a new one (a new phone)."""
    deleted, _rows = TotpDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    if deleted:
        JournalEntry.log_security(user=user, detail="double authentification : application retirée")


@transaction.atomic
def passkey_remove(*, user: User, pk: int) -> None:
    from django_otp_webauthn.models import WebAuthnCredential

    deleted, _rows = WebAuthnCredential.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise ValidationError(_("Cette clé d'accès n'existe pas."))
    JournalEntry.log_security(user=user, detail="double authentification : clé d'accès retirée")


def passkey_recorded(*, user: User) -> None:
    JournalEntry.log_security(user=user, detail="double authentification : clé d'accès enregistrée")
