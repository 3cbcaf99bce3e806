"""Pages of a list whose cost does not grow with the table (issue 15).

Django's ``Paginator`` counts every row the list matches to number its pages: on a fund of a
million saisines, each page of the work list paid a ``COUNT(*)`` over the fund. ``CappedPaginator``
counts no further than ``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, read from the
list's index): up to it the count is exact; past it the list says « plus de 10 000 » and its
pages go as far as the cap — a mediator narrows the list with its filters long before.
"""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, cap: int = CAP, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows, exact up to ``cap``; ``cap + 1`` beyond (``is_capped``)."""
        if isinstance(self.object_list, QuerySet):
            return self.object_list.order_by()[: self.cap + 1].count()
        return min(len(self.object_list), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
