"""The second factor before any page, and the redirect to the confirmation page."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.accounts import two_factor
from lien.accounts.models import User
from lien.accounts.reauth import ReauthenticationRequired, confirmation_url


def two_factor_exempt[V: Callable[..., Any]](view: V) -> V:
    """A page a logged-in user reaches before their second factor: the second step of the login,
    the enrolment, the passkey ceremonies, the logout."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


class TwoFactorMiddleware:
    """When ``LIEN_TWO_FACTOR`` is on, a user logged in with their password reaches no page but
    the second step (or the enrolment when they have no device yet) until their session is
    verified; a session-authenticated API call answers 401. Public pages stay public; an API
    token (no session) is not concerned."""

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
        if not two_factor.enabled() or not request.user.is_authenticated:
            return None
        if getattr(view_func, "two_factor_exempt", False) or not getattr(view_func, "login_required", True):
            return None
        if two_factor.is_verified(request.user):
            return None
        if request.path_info.startswith("/api/"):
            detail = _("Double authentification requise : connectez-vous.")
            return JsonResponse({"detail": detail}, status=401)
        user = request.user
        assert isinstance(user, User)  # noqa: S101 -- authenticated
        step = "two_factor_verify" if two_factor.is_enrolled(user) else "two_factor_enrol"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class ReauthenticationMiddleware:
    """A view that raised ``ReauthenticationRequired`` sends to the confirmation page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if isinstance(exception, ReauthenticationRequired):
            return HttpResponseRedirect(confirmation_url(exception.next_url))
        return None
