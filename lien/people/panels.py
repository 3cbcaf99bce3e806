"""Sections of a person's page that other apps contribute (assessments, rights, outreach…).

An app registers a function ``(user, person) -> dict | None`` in its ``AppConfig.ready()``;
the dict names a ``template`` and carries its context, ``None`` hides the section (the user's
role does not reach it). The people app so stays ignorant of the apps built on it.

A panel that offers actions (a new step, a form) says whether the user may take them in
``can_change``. An anonymised file is closed to new steps: on it, every panel is read-only
(``can_change`` is False whatever the panel said) and a panel with nothing to read — no key
but ``template`` and ``can_change``, only actions — is left out, so the page offers no action
that leads nowhere.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lien.accounts.models import User
    from lien.people.models import Person

Panel = Callable[["User", "Person"], dict[str, Any] | None]
_PANELS: list[tuple[int, str, Panel]] = []


def register(order: int) -> Callable[[Panel], Panel]:
    def decorator(func: Panel) -> Panel:
        name = f"{func.__module__}.{func.__qualname__}"
        if all(existing != name for _, existing, _ in _PANELS):
            _PANELS.append((order, name, func))
            _PANELS.sort(key=lambda item: (item[0], item[1]))
        return func

    return decorator


ACTIONS_ONLY = frozenset({"template", "can_change"})


def panels_for(user: "User", person: "Person") -> list[dict[str, Any]]:
    panels = [panel for _, _, func in _PANELS if (panel := func(user, person)) is not None]
    if not person.is_anonymised:
        return panels
    return [panel | {"can_change": False} for panel in panels if not set(panel) <= ACTIONS_ONLY]
