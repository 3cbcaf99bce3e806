"""The lifecycles of a follow-up and of its goals: every action a user may take on them.

Each action names the statuses it is open from, the status it leads to (None: the case stays
where it is), the permission it needs and the guards that must hold. The services of
``services.py`` perform them; the follow-up page and the API list them from here.
"""

from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm
from lien.followup.enums import FollowupStatus, GoalStatus
from lien.followup.models import Followup, Goal
from lien.people.models import Person
from lien.workflow.engine import Action, Workflow, action, register

CHANGE = Perm.FOLLOWUP_CHANGE


class OfAPerson(Protocol):
    @property
    def person(self) -> Person: ...


def person_not_anonymised(obj: OfAPerson, user: User | None) -> Promise | None:
    """A person who withdrew their consent has an anonymised file: kept for the figures, closed
    to new steps (also a guard of the orientations)."""
    if obj.person.is_anonymised:
        return _(
            "La personne a retiré son consentement : sa fiche est anonymisée et close à toute nouvelle étape."
        )
    return None


def _not_followed_yet(followup: Followup, user: User | None) -> Promise | None:
    if followup.pk is None and Followup.objects.filter(person_id=followup.person_id).exists():
        return _("Cette personne est déjà suivie.")
    return None


FOLLOWUPS: Workflow[Followup] = register(
    Workflow(
        key="followup",
        model=Followup,
        states=FollowupStatus,
        actions=(
            action(
                "start",
                _("Commencer le suivi"),
                sources=(),
                target=FollowupStatus.ACTIVE,
                permission=CHANGE,
                guards=[person_not_anonymised, _not_followed_yet],
            ),
            action(
                "end",
                _("Terminer le suivi"),
                sources=[FollowupStatus.ACTIVE],
                target=FollowupStatus.ENDED,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
            action(
                "resume",
                _("Reprendre le suivi"),
                sources=[FollowupStatus.ENDED],
                target=FollowupStatus.ACTIVE,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
        ),
    )
)

CLOSED_GOAL = [GoalStatus.ACHIEVED, GoalStatus.ABANDONED]

GOALS: Workflow[Goal] = register(
    Workflow(
        key="goal",
        model=Goal,
        states=GoalStatus,
        actions=(
            action(
                "agree",
                _("Convenir d'un objectif"),
                sources=(),
                target=GoalStatus.OPEN,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
            action(
                "add_step",
                _("Ajouter une action"),
                sources=[GoalStatus.OPEN],
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
            action(
                "achieve",
                _("Objectif atteint"),
                sources=[GoalStatus.OPEN],
                target=GoalStatus.ACHIEVED,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
            action(
                "abandon",
                _("Abandonner l'objectif"),
                sources=[GoalStatus.OPEN],
                target=GoalStatus.ABANDONED,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
            action(
                "reopen",
                _("Rouvrir l'objectif"),
                sources=CLOSED_GOAL,
                target=GoalStatus.OPEN,
                permission=CHANGE,
                guards=[person_not_anonymised],
            ),
        ),
    )
)


def followup_actions(user: User | None, person: Person, followup: Followup | None) -> list[Action]:
    """The actions open to the user on the person's follow-up now: ``start`` while there is
    none (the engine's ``available`` needs a case in a state), the table's otherwise."""
    if followup is not None:
        return FOLLOWUPS.available(user, followup)
    candidate = Followup(organisation_id=person.organisation_id, person=person)
    start = FOLLOWUPS["start"]
    if FOLLOWUPS.permitted(user, candidate, start.name) and not any(
        guard(candidate, user) for guard in start.guards
    ):
        return [start]
    return []
