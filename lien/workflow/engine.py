"""Named actions: the one way a case changes state.

Each lifecycle (a saisine, a rights procedure, an appointment…) declares its actions once, in
its app's ``workflow.py``: a name, the states it is open from, the state it leads to (or none,
when the action records something without moving the case), the permission it needs and the
guards that must hold. Services call ``perform`` — which checks all of it again and writes the
``ActionLog`` — and pages and the API list ``available`` actions from the same table, so no
second copy of a precondition lives in a display module.

How a lifecycle uses it:
- ``lien/<app>/workflow.py`` declares ``register(Workflow(key=…, model=…, states=<TextChoices>,
  actions=(action("start", …, sources=(), target=<first state>, permission=…), action(…), …)))``;
  a guard is ``(obj, user) -> reason | None``.
- one service per action (``procedure_file(*, acting_user, procedure, filed_on)``): validate the
  input, set the facts, ``WF.perform(acting_user, obj, "file")``, save. A creation calls
  ``WF.start`` before the first save and ``WF.log_creation`` after. No generic "set status"
  service, form, view or endpoint; no TRANSITIONS dict beside the table.
- pages list ``WF.available(user, obj)``; a refused POST shows ``WF.refusal(obj, name, user)``.
- the API has one route per action, ``POST /api/v1/<entity>/{id}/actions/<name>`` with its own
  input schema (names unique across the API: ``ProcedureFileIn``), and ``GET …/{id}/actions``.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.workflow.models import ActionLog


class ActionRefused(ValidationError):
    """The action is not open on this case now (its state or a guard): the API answers 409."""


# A guard says why the action is not open on this case now, or None when it is.
Guard = Callable[[Any, User | None], "str | Promise | None"]


@dataclass(frozen=True)
class Action:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str | None
    permission: Perm
    guards: tuple[Guard, ...] = ()
    # Shown on the page's list of actions; False for the steps other actions perform themselves.
    offered: bool = True

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"Action names are identifiers: {self.name!r}")


def action(
    name: str,
    label: str | Promise,
    *,
    sources: Iterable[str],
    target: str | None = None,
    permission: Perm,
    guards: Sequence[Guard] = (),
    offered: bool = True,
) -> Action:
    return Action(
        name=name,
        label=label,
        sources=frozenset(str(s) for s in sources),
        target=str(target) if target is not None else None,
        permission=permission,
        guards=tuple(guards),
        offered=offered,
    )


@dataclass(frozen=True)
class Workflow[T: models.Model]:
    """The table of a lifecycle. ``state_field`` holds the state on the model; ``states`` are its
    choices (labels for messages); ``organisation_of`` gives the organisation whose permissions
    apply to the case."""

    key: str
    model: type[T]
    states: type[models.TextChoices]
    actions: tuple[Action, ...]
    state_field: str = "status"
    organisation_of: Callable[[T], int] = field(default=lambda obj: obj.organisation_id)
    # Why this user may take no action at all on this case whatever their role (a conflict of
    # interest they declared), or None.
    recusal: Callable[[T, User], str | None] | None = None

    def __post_init__(self) -> None:
        names = [a.name for a in self.actions]
        if len(names) != len(set(names)):
            raise ValueError(f"Duplicate action names in the {self.key} workflow")
        known = set(self.states.values)
        for a in self.actions:
            unknown = (a.sources | ({a.target} if a.target else set())) - known
            if unknown:
                raise ValueError(f"{self.key}.{a.name}: unknown states {sorted(unknown)}")

    # -- the table ---------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Action:
        for a in self.actions:
            if a.name == name:
                return a
        raise KeyError(f"No action {name!r} in the {self.key} workflow")

    def __contains__(self, name: object) -> bool:
        return any(a.name == name for a in self.actions)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.actions]

    def state_of(self, obj: T) -> str:
        return str(getattr(obj, self.state_field))

    def state_label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    # -- questions ---------------------------------------------------------------------------
    def permitted(self, user: User | None, obj: T, name: str) -> bool:
        """Whether the user's role allows the action on this case (whatever its state), and the
        user is not recused from the case."""
        return (
            user is not None
            and has_perm(user, self[name].permission, self.organisation_of(obj))
            and self.recused(user, obj) is None
        )

    def recused(self, user: User, obj: T) -> str | None:
        return self.recusal(obj, user) if self.recusal else None

    def refusal(self, obj: T, name: str, user: User | None = None) -> str | None:
        """Why the action is not open on this case now (state, then guards), or None."""
        act = self[name]
        state = self.state_of(obj)
        if state not in act.sources:
            return gettext("« %(action)s » n'est pas possible pour un dossier au statut « %(state)s ».") % {
                "action": act.label,
                "state": self.state_label(state),
            }
        for guard in act.guards:
            reason = guard(obj, user)
            if reason:
                return str(reason)
        return None

    def allows(self, user: User | None, obj: T, name: str) -> bool:
        return self.permitted(user, obj, name) and self.refusal(obj, name, user) is None

    def available(self, user: User | None, obj: T, *, offered_only: bool = True) -> list[Action]:
        """The actions this user may take on this case now, in the table's order."""
        if user is None or self.recused(user, obj):
            return []
        return [
            a
            for a in self.actions
            if (a.offered or not offered_only)
            and has_perm(user, a.permission, self.organisation_of(obj))
            and self.refusal(obj, a.name, user) is None
        ]

    # -- doing -------------------------------------------------------------------------------
    def check(self, user: User | None, obj: T, name: str) -> Action:
        """Refuse (PermissionDenied, then ValidationError with the reason) unless the action is
        open to this user on this case now."""
        recused = self.recused(user, obj) if user is not None else None
        if recused:
            raise PermissionDenied(recused)
        if not self.permitted(user, obj, name):
            raise PermissionDenied(gettext("Votre rôle ne permet pas cette action sur ce dossier."))
        reason = self.refusal(obj, name, user)
        if reason:
            raise ActionRefused(reason)
        return self[name]

    def perform(self, user: User | None, obj: T, name: str, *, system: bool = False) -> ActionLog:
        """Check the action, move the case to the action's target (in memory: the service saves
        it with the facts it records) and log the action with its actor.

        ``system`` is for the periodic jobs of Lien itself (no actor, no permission to check);
        the state and the guards are checked all the same."""
        if system:
            reason = self.refusal(obj, name)
            if reason:
                raise ActionRefused(reason)
            act = self[name]
        else:
            act = self.check(user, obj, name)
        from_state = self.state_of(obj)
        if act.target is not None:
            setattr(obj, self.state_field, act.target)
        return ActionLog.objects.create(
            actor=None if system else user,
            organisation_id=self.organisation_of(obj),
            workflow=self.key,
            object_id=obj.pk,
            action=act.name,
            from_state=from_state,
            to_state=act.target or from_state,
        )

    def start(self, user: User | None, obj: T, name: str) -> Action:
        """Check the action that creates a case (``receive``, ``book``…: no source state) and put
        the new case in its first state; the service saves it, then calls ``log_creation``."""
        act = self[name]
        if act.sources or act.target is None:
            raise ValueError(f"{self.key}.{name} does not create a case")
        if not self.permitted(user, obj, name):
            raise PermissionDenied(gettext("Votre rôle ne permet pas cette action sur ce dossier."))
        for guard in act.guards:
            reason = guard(obj, user)
            if reason:
                raise ActionRefused(str(reason))
        setattr(obj, self.state_field, act.target)
        return act

    def log_creation(self, user: User | None, obj: T, name: str) -> ActionLog:
        """Log the action that created the case, once it is saved."""
        act = self[name]
        return ActionLog.objects.create(
            actor=user,
            organisation_id=self.organisation_of(obj),
            workflow=self.key,
            object_id=obj.pk,
            action=act.name,
            from_state="",
            to_state=self.state_of(obj),
        )


REGISTRY: dict[str, Workflow[Any]] = {}


def register[T: models.Model](workflow: Workflow[T]) -> Workflow[T]:
    """Every lifecycle registers its table, so tests can walk all of them."""
    if workflow.key in REGISTRY and REGISTRY[workflow.key] is not workflow:
        raise ValueError(f"Two workflows named {workflow.key!r}")
    REGISTRY[workflow.key] = workflow
    return workflow
