"""Who calls the API: a personal token (``Authorization: Bearer``) or the browser's session.

A token is refused once revoked, expired, or its account deactivated or given a new password
(``ApiToken.objects.active``); a read-only token is refused every write (403). Bad tokens are
counted per address (``accounts.client_ip``): past ``LIEN_BAD_TOKEN_LIMIT`` in 15 minutes, that
address is refused (429) until the 15 minutes are over — guessing tokens is slowed down, and a
lockout never starts again while it lasts.

Every call of an account, by token or session, is counted too: past ``LIEN_API_ACCOUNT_LIMIT`` in
15 minutes the account is refused (429) until the 15 minutes are over — a stolen token or a
runaway script cannot page through every file of the organisation unnoticed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from lien.accounts.client_ip import client_ip
from lien.accounts.models import ApiToken
from lien.accounts.throttle import is_throttled, throttle_hit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A token's last use is written at most once a minute (the account page shows its day): a script
# calling the API does not pay one write per call, which SQLite serialises across workers.
LAST_USE_PRECISION = timedelta(minutes=1)


def _bad_tokens_key(request) -> str:
    return f"lien:bad-api-tokens:{client_ip(request)}"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <personal token>``."""

    def authenticate(self, request, token: str):
        key = _bad_tokens_key(request)
        if is_throttled(key, settings.LIEN_BAD_TOKEN_LIMIT):
            raise HttpError(429, "Trop de jetons invalides depuis cette adresse : réessayez dans 15 minutes.")
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            throttle_hit(key)
            return None
        if api_token.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "Ce jeton est en lecture seule : il ne permet pas de modifier.")
        refuse_if_busy(api_token.user)
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USE_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


def refuse_if_busy(user) -> None:
    """Count a call of the account; 429 past ``LIEN_API_ACCOUNT_LIMIT`` in 15 minutes."""
    key = f"lien:api-account:{user.pk}"
    if is_throttled(key, settings.LIEN_API_ACCOUNT_LIMIT):
        raise HttpError(
            429,
            "Trop de requêtes pour ce compte en 15 minutes : réessayez plus tard, ou demandez "
            "un export à votre organisation.",
        )
    throttle_hit(key)


class CountedSessionAuth(SessionAuth):
    """The browser's session, counted per account as the tokens are."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user:
            refuse_if_busy(user)
        return user


AUTH = [TokenAuth(), CountedSessionAuth()]
