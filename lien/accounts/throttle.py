"""Counters of failed or repeated attempts in Django's cache, by key, over a fixed window.

A key counts from its first hit for ``WINDOW_SECONDS``, then is forgotten: a refusal lasts until
the window of the first attempt is over, and a knock during it does not start it again. Used by
the bad API tokens per address (``api/auth.py``), the failed logins and the password reset
requests per account and per address (``accounts/sessions.py``).

The cache is Django's default: per process unless ``CACHES`` names a shared one (Redis,
Memcached), in which case the counts hold across the server's workers."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from lien.accounts.client_ip import client_ip

WINDOW_SECONDS = 15 * 60
LOGIN_ROUTES = frozenset({"login", "admin:login"})
RESET_ROUTE = "password_reset"


def throttle_key(kind: str, value: str) -> str:
    """The cache key of ``value`` (an address, an e-mail as typed) for a kind of attempt: hashed,
    so that neither a typed e-mail nor a long value ends up in a cache key."""
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"lien:throttle:{kind}:{digest}"


def is_throttled(key: str, limit: int) -> bool:
    return int(cache.get(key, 0)) >= limit


def throttle_hit(key: str) -> None:
    """Count one attempt under ``key``; the window starts at the first."""
    if cache.add(key, 1, WINDOW_SECONDS) is False:
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, WINDOW_SECONDS)


class LoginThrottleMiddleware:
    """Refuses (429) a login or a password reset request past the limits of 15 minutes, per
    address and per account (``LIEN_LOGIN_*_LIMIT``, ``LIEN_PASSWORD_RESET_*_LIMIT``).

    Failed logins are counted when they fail (``receivers.login_failed``), whichever view logs in;
    reset requests when they are made, for the e-mail address typed whether an account has it or
    not, so that the answer never tells whether it exists. Keyed by route name: the check holds
    whatever view serves the route."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if request.method != "POST" or match is None:
            return None
        if match.view_name in LOGIN_ROUTES:
            keys = login_keys(request, str(request.POST.get("username", "")))
            limits = (settings.LIEN_LOGIN_ADDRESS_LIMIT, settings.LIEN_LOGIN_ACCOUNT_LIMIT)
            message = _(
                "Trop de tentatives de connexion depuis cette adresse ou pour ce compte. "
                "Par sécurité, réessayez dans 15 minutes."
            )
        elif match.view_name == RESET_ROUTE:
            keys = (
                throttle_key("reset-address", client_ip(request)),
                throttle_key("reset-account", str(request.POST.get("email", ""))),
            )
            limits = (settings.LIEN_PASSWORD_RESET_ADDRESS_LIMIT, settings.LIEN_PASSWORD_RESET_ACCOUNT_LIMIT)
            message = _(
                "Trop de demandes de réinitialisation depuis cette adresse ou pour cette adresse e-mail. "
                "Réessayez dans 15 minutes."
            )
        else:
            return None
        if any(is_throttled(key, limit) for key, limit in zip(keys, limits, strict=True)):
            return render(request, "registration/throttled.html", {"message": message}, status=429)
        if match.view_name == RESET_ROUTE:
            for key in keys:
                throttle_hit(key)
        return None


def login_keys(request: HttpRequest, email: str) -> tuple[str, str]:
    """The counters of failed logins: from this address, on this account (as typed)."""
    return throttle_key("login-address", client_ip(request)), throttle_key("login-account", email)
