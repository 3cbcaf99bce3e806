"""Pages of the second factor: the second step of the login, the enrolment, the personal page of
one's devices, the confirmation before a bulk export, an import or an anonymisation, and the
passkey ceremonies of django-otp-webauthn (journalled, and counted as a confirmation)."""

import json
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration as webauthn_configuration

from lien.accounts import two_factor
from lien.accounts.forms import ReauthenticationForm, SecondFactorForm, TotpEnrolForm
from lien.accounts.middleware import two_factor_exempt
from lien.accounts.models import User
from lien.accounts.reauth import has_recent_auth, mark_recent_auth, require_recent_auth
from lien.journal.models import JournalEntry
from lien.lib import secretbox
from lien.web.forms import add_service_error
from lien.web.http import AuthenticatedHttpRequest

PENDING_KEY = "lien_totp_pending"
# A passkey confirmation counts only right after the password was confirmed on the same page.
PASSWORD_CONFIRMED_AT = "lien_reauth_password_at"  # noqa: S105 -- a session key
PASSWORD_SECONDS = 180


def _next(request: HttpRequest, default: str = "") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _route(url: str) -> str:
    """What the journal says of the page a confirmation opens: its route name, never its query
    string (a search may hold a name)."""
    try:
        return resolve(url.split("?", 1)[0]).view_name
    except Resolver404:
        return "?"


@two_factor_exempt
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of the login: a code of the application, a recovery code, or a passkey."""
    next_url = _next(request)
    user = request.user
    if two_factor.is_verified(user):
        return redirect(next_url)
    if not two_factor.is_enrolled(user):
        return redirect(_with_next("two_factor_enrol", next_url))
    form = SecondFactorForm(request.POST or None)
    if two_factor.passkey_required(user):
        return _passkey_page(request, next_url, "verify")
    if request.method == "POST" and form.is_valid():
        check = two_factor.second_factor_check(user=user, code=form.cleaned_data["code"], purpose="connexion")
        if check.device is not None:
            django_otp.login(request, check.device)
            return redirect(next_url)
        form.add_error("code", check.error)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def _passkey_page(request: HttpRequest, next_url: str, mode: str) -> HttpResponse:
    """The page of a passkey ceremony (django-otp-webauthn's scripts, served from static)."""
    context = {"next": next_url, "mode": mode, "webauthn_config": webauthn_configuration(request)}
    return render(request, "accounts/two_factor_passkey.html", context)


def _pending_key(request: HttpRequest) -> bytes | None:
    token = request.session.get(PENDING_KEY)
    if not isinstance(token, str):
        return None
    try:
        return secretbox.decrypt(token, key_material=settings.LIEN_FIELD_KEY, purpose="totp-pending")
    except secretbox.InvalidToken:
        return None


@two_factor_exempt
def two_factor_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an application: its secret shown once (QR code and text), confirmed with a code it
    makes; then the recovery codes, shown once. An administrator enrols a passkey instead."""
    next_url = _next(request)
    user = request.user
    if two_factor.passkey_required(user):
        if two_factor.is_enrolled(user):
            return redirect(_with_next("two_factor_verify", next_url))
        return _passkey_enrol(request, user, next_url)
    if two_factor.totp_device_of(user) is not None:
        return redirect(_with_next("two_factor_verify", next_url))
    form = TotpEnrolForm(request.POST or None)
    key = _pending_key(request) if request.method == "POST" else None
    if request.method == "POST" and key is not None and form.is_valid():
        try:
            device, codes = two_factor.totp_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            request.session.pop(PENDING_KEY, None)
            django_otp.login(request, device)
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": next_url})
    if key is None:
        # A new secret each time the page is shown: none is written in the database before the
        # user proved their application holds it; the session keeps it encrypted meanwhile.
        key = two_factor.totp_new_key()
        request.session[PENDING_KEY] = secretbox.encrypt(
            key, key_material=settings.LIEN_FIELD_KEY, purpose="totp-pending"
        )
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": two_factor.qr_svg(two_factor.totp_config_url(user=user, key=key)),
        "secret": two_factor.key_for_display(key),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _passkey_enrol(request: AuthenticatedHttpRequest, user: User, next_url: str) -> HttpResponse:
    # An administrator who already holds an application proves it first: django-otp-webauthn
    # registers a passkey only in a verified session when the user has a device.
    if two_factor.totp_device_of(user) is not None and getattr(user, "otp_device", None) is None:
        form = SecondFactorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            code = form.cleaned_data["code"]
            check = two_factor.second_factor_check(user=user, code=code, purpose="connexion")
            if check.device is not None:
                django_otp.login(request, check.device)
                return redirect(_with_next("two_factor_enrol", next_url))
            form.add_error("code", check.error)
        return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})
    return _passkey_page(request, next_url, "enrol")


def two_factor_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's second factor: the application, the recovery codes left, the passkeys."""
    user = request.user
    recovery = two_factor.recovery_device_of(user)
    context = {
        "enabled": two_factor.enabled(),
        "passkey_required": two_factor.passkey_required(user),
        "totp": two_factor.totp_device_of(user),
        "recovery_left": recovery.remaining() if recovery else None,
        "passkeys": two_factor.passkeys_of(user),
        "passkeys_available": two_factor.passkeys_available(),
        "recent_auth": has_recent_auth(request),
    }
    return render(request, "accounts/two_factor_settings.html", context)


@require_POST
def recovery_codes_regenerate_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_recent_auth(request, next_url=reverse("two_factor_settings"))
    try:
        codes = two_factor.recovery_codes_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("two_factor_settings")
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("two_factor_settings")}
    )


@require_POST
def totp_device_remove_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_recent_auth(request, next_url=reverse("two_factor_settings"))
    two_factor.totp_device_remove(user=request.user)
    messages.success(request, _("L'application d'authentification est retirée."))
    return redirect("two_factor_settings")


@require_POST
def passkey_remove_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_recent_auth(request, next_url=reverse("two_factor_settings"))
    if not two_factor.passkeys_available():
        raise Http404
    try:
        two_factor.passkey_remove(user=request.user, pk=pk)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("La clé d'accès est retirée."))
    return redirect("two_factor_settings")


def reauthenticate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The password again, and the second factor when two-factor login is on, before a bulk
    export, an import or an anonymisation; valid ``LIEN_REAUTH_MINUTES`` in this session."""
    user = request.user
    next_url = _next(request)
    passkey = two_factor.passkey_required(user)
    with_code = two_factor.enabled() and not passkey
    form = ReauthenticationForm(request.POST or None, with_code=with_code)
    if request.method == "POST" and form.is_valid():
        # Through the authentication backends: django-axes counts a wrong password here as at login.
        password = form.cleaned_data["password"]
        if authenticate(request, username=user.email, password=password) != user:
            form.add_error("password", _("Mot de passe incorrect."))
            JournalEntry.log_security(user=user, detail="confirmation : mot de passe refusé")
        elif with_code:
            check = two_factor.second_factor_check(
                user=user, code=form.cleaned_data["code"], purpose="confirmation"
            )
            if check.device is None:
                form.add_error("code", check.error)
        if form.is_valid() and passkey:
            request.session[PASSWORD_CONFIRMED_AT] = timezone.now().timestamp()
            return _passkey_page(request, next_url, "reauth")
        if form.is_valid():
            _confirmed(request, next_url)
            return redirect(next_url)
    context = {"form": form, "next": next_url, "reauth_minutes": settings.LIEN_REAUTH_MINUTES}
    return render(request, "accounts/reauthenticate.html", context)


def _confirmed(request: HttpRequest, next_url: str) -> None:
    mark_recent_auth(request)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- the view needs login
    JournalEntry.log_security(user=user, detail=f"confirmation avant : {_route(next_url)}")


# -- the passkey ceremonies of django-otp-webauthn, with Lien's journal --------------------------


class PasskeyRegistrationComplete(webauthn_views.CompleteCredentialRegistrationView):  # type: ignore[misc]
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)
        if response.status_code == 200:
            two_factor.passkey_recorded(user=self.request.user)
        return response


class PasskeyAuthenticationComplete(webauthn_views.CompleteCredentialAuthenticationView):  # type: ignore[misc]
    """A passkey verifies the session; right after the password on the confirmation page, it
    also confirms the user for a bulk export, an import or an anonymisation."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.request.user.is_authenticated:  # no login with a passkey alone
            return JsonResponse({"detail": _("Connectez-vous d'abord avec votre mot de passe.")}, status=403)
        response: HttpResponse = super().post(*args, **kwargs)
        stamp = self.request.session.pop(PASSWORD_CONFIRMED_AT, None)
        fresh = isinstance(stamp, int | float) and 0 <= timezone.now().timestamp() - stamp <= PASSWORD_SECONDS
        # The passkey that answered is the one now verifying this user's session (django-otp
        # refuses another user's device): only then does it confirm.
        device = getattr(self.request.user, "otp_device", None)
        answered = json.loads(response.content).get("id") if response.status_code == 200 else None
        if fresh and two_factor.is_passkey(device) and answered == getattr(device, "pk", None):
            _confirmed(self.request, self.get_success_url())
        return response


# The routes of django-otp-webauthn (its scripts name them), with the views above; no passwordless
# login, no JavaScript catalogue (static/lien/js/passkeys.js has the French messages).
webauthn_urlpatterns = [
    ("inscription/debut/", webauthn_views.BeginCredentialRegistrationView, "credential-registration-begin"),
    ("inscription/fin/", PasskeyRegistrationComplete, "credential-registration-complete"),
    ("verifier/debut/", webauthn_views.BeginCredentialAuthenticationView, "credential-authentication-begin"),
    ("verifier/fin/", PasskeyAuthenticationComplete, "credential-authentication-complete"),
]
