from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from lien.journal.models import JournalEntry
from lien.web.pagination import CAP


class Pagination(PageNumberPagination):
    """Page-number pagination with bounds, so that no page number overflows the database, and a
    ``count`` that stops at ``CAP`` + 1 (« more than 10 000 »): a page does not pay a count of the
    whole fund (``web/pagination.py``)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def _items_count(self, queryset: QuerySet) -> int:
        if isinstance(queryset, QuerySet):
            return queryset.order_by()[: CAP + 1].count()
        return min(len(queryset), CAP + 1)


class JournalledPagination(Pagination):
    """The pages of personal records (people, their files, saisines, partners): each page read
    writes one journal entry per organisation whose records it shows, with their count — a
    script paging through the files is in the director's journal (ASVS 16.3.2)."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        journal_list_read(request, queryset.model, [item.organisation_id for item in items])
        return page


def journal_list_read(request: HttpRequest, model: Any, organisation_ids: list[int]) -> None:
    """One entry per organisation for a list read through the API; nothing for an empty list.
    The search words are not written (they may be a name), only that there were some."""
    if not organisation_ids:
        return
    shown = [
        f"{name}=…" if name == "q" else f"{name}={value}"
        for name, value in sorted(request.GET.items())
        if value
    ]
    detail = f"API {request.method} {request.path}" + (f" ({', '.join(shown)})" if shown else "")
    JournalEntry.log_list(user=request.user, model=model, organisation_ids=organisation_ids, detail=detail)
