"""Sections of a procedure's page that apps built on the rights contribute (the messages sent to
the person about their renewal, whose receipts the appointments app keeps), as ``people/panels.py``
does for a person's page: the rights app so names none of them.

An app registers a function ``(user, procedure) -> dict | None`` in its ``AppConfig.ready()``; the
dict names a ``template`` and carries its context, ``None`` hides the section.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lien.accounts.models import User
    from lien.rights.models import Procedure

Section = Callable[["User", "Procedure"], dict[str, Any] | None]
_SECTIONS: list[tuple[int, str, Section]] = []


def register(order: int) -> Callable[[Section], Section]:
    def decorator(func: Section) -> Section:
        name = f"{func.__module__}.{func.__qualname__}"
        if all(existing != name for _, existing, _ in _SECTIONS):
            _SECTIONS.append((order, name, func))
            _SECTIONS.sort(key=lambda item: (item[0], item[1]))
        return func

    return decorator


def sections_for(user: "User", procedure: "Procedure") -> list[dict[str, Any]]:
    return [part for _, _, func in _SECTIONS if (part := func(user, procedure)) is not None]
