from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page requires login unless marked ``@login_not_required``.

    The API authenticates by itself (session or token) and answers 401 in JSON rather than
    redirecting to the login page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[Any, Any],
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class NoStoreMiddleware:
    """No response of Lien stays in a browser's or a proxy's cache: a page, a PDF, an ``.ics``, an
    export or an API answer may carry a person's data, and a computer at a permanence is shared.

    ``Cache-Control: no-store, private`` on every response that does not say otherwise (the quick
    entry's service worker does); the static assets never reach here (WhiteNoise, above, answers
    them with their own long cache).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class RequestSizeMiddleware:
    """A body larger than ``LIEN_MAX_REQUEST_BYTES`` is refused (413) by its Content-Length, before
    Django reads it: an upload's own limit (5 or 10 Mo) is checked once it is received, this one
    keeps a 2 Go upload from filling the disk first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.LIEN_MAX_REQUEST_BYTES
        if length > limit:
            message = _("Envoi trop volumineux : %(size)s Mo au plus.") % {"size": limit // (1024 * 1024)}
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
