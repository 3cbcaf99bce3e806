from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from lien.accounts.permissions import RefusedNotFound
from lien.journal.services import log_refused_access


class RefusalJournalMiddleware:
    """Journals each refusal a page raises to an authenticated user: any ``PermissionDenied``
    (403), and the 404 of ``require_perm(not_found=True)`` (``RefusedNotFound``), once per request
    since a view raises once. A plain 404 (a missing object, or an access helper's 404 for missing
    and forbidden alike) is not journalled: nothing tells a probe from a typo there.

    The API answers its refusals itself (lien/api/api.py's exception handlers), before any
    middleware sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if isinstance(exception, PermissionDenied | RefusedNotFound):
            log_refused_access(request=request, exception=exception)
        return None  # Django answers the 403 or the 404 as before
