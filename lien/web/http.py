"""The request every Lien page and API operation receives once logged in."""

from django.http import HttpRequest

from lien.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """``LoginRequiredMiddleware`` lets no anonymous request reach a view that is not marked
    public, so a view's ``request.user`` is a ``User`` (typing only: no runtime check)."""

    user: User
