"""The request every Lien page and API operation receives once logged in."""

from django.http import HttpRequest

from lien.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """``LoginRequiredMiddleware`` lets no anonymous request reach a view that is not marked
    public, so a view's ``request.user`` is a ``User`` (typing only: no runtime check)."""

    user: User


# The largest id a query string may name: what every database of Lien stores (a bigint), with room.
MAX_ID = 2**62


def id_from(value: str | None) -> int | None:
    """The object id a query string names (``?person=12``), or None: ASCII digits only (« ² » is a
    digit for ``str.isdigit``) and no larger than a database id, so that « 99999999999999999999 »
    is a 404 rather than an overflow in the database."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def ids_from(values: list[str], *, limit: int) -> list[int]:
    """The ids among ``values`` (``?v=1&v=2``), the first ``limit`` of them."""
    return [number for value in values if (number := id_from(value)) is not None][:limit]
