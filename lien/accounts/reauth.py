"""Re-authentication before a bulk export, an import or an anonymisation.

A session left open on a shared computer, or a stolen session cookie, must not be enough to carry
away a whole table or to erase a person's file: the view asks for the password again, and the
second factor when two-factor login is on (``/compte/confirmation/``). The confirmation is valid
``LIEN_REAUTH_MINUTES`` in this session only, and is journalled.

A view calls ``require_recent_auth(request)`` *after* its access check (a user who may not act
is refused as before, 404, and is never asked for their password), before its service::

    organisation_ids = _changeable(request.user)
    require_recent_auth(request)

``ReauthenticationRequired`` is turned into a redirect to the confirmation page by
``lien.accounts.middleware.ReauthenticationMiddleware``. The API authenticates with personal
tokens, not sessions, and is not concerned.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

SESSION_KEY = "lien_reauth_at"


class ReauthenticationRequired(Exception):
    """The view needs a recent confirmation; ``next_url`` is where to come back after it."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def mark_recent_auth(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()


def has_recent_auth(request: HttpRequest) -> bool:
    stamp = request.session.get(SESSION_KEY)
    if not isinstance(stamp, int | float):
        return False
    age = timezone.now().timestamp() - stamp
    return 0 <= age <= settings.LIEN_REAUTH_MINUTES * 60


def confirmation_url(next_url: str) -> str:
    return f"{reverse('reauthenticate')}?{urlencode({'next': next_url})}"


def require_recent_auth(request: HttpRequest, *, next_url: str | None = None) -> None:
    """Raise ``ReauthenticationRequired`` unless this session confirmed the password (and the
    second factor) in the last minutes. ``next_url`` is where to come back after the confirmation:
    by default this page for a GET, and for a POST the page (GET) of the same address."""
    if has_recent_auth(request):
        return
    if next_url is None:
        next_url = request.get_full_path() if request.method == "GET" else request.path
    raise ReauthenticationRequired(next_url)
