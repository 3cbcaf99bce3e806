"""Page sections that apps built on another one contribute to its pages, without being imported
by it (the arrows of ARCHITECTURE.md point down): the letters on a saisine's page, the messages
to the person on a rights procedure's page.

The lower app makes one ``PageSections`` for its page; an app above registers a function
``(user, obj) -> dict | None`` in its ``AppConfig.ready()``: the dict names a ``template`` and
carries its context, ``None`` hides the section. Registering twice (tests reload apps) keeps one.
"""

from collections.abc import Callable
from typing import Any

from lien.accounts.models import User

type Section[T] = Callable[[User, T], dict[str, Any] | None]


class PageSections[T]:
    def __init__(self) -> None:
        self._sections: list[tuple[int, str, Section[T]]] = []

    def register(self, order: int) -> Callable[[Section[T]], Section[T]]:
        def decorator(func: Section[T]) -> Section[T]:
            name = f"{func.__module__}.{func.__qualname__}"
            if all(existing != name for _, existing, _ in self._sections):
                self._sections.append((order, name, func))
                self._sections.sort(key=lambda item: (item[0], item[1]))
            return func

        return decorator

    def sections_for(self, user: User, obj: T) -> list[dict[str, Any]]:
        return [part for _, _, func in self._sections if (part := func(user, obj)) is not None]
