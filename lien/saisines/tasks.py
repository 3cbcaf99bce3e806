"""Periodic jobs of the saisines (``lien tick``): idempotent, a second run changes nothing."""

from collections import defaultdict
from datetime import date

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Membership, User
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.saisines.enums import OPEN_STATUSES
from lien.saisines.models import FollowUpTask

# Who answers for a case nobody follows: the fund's mediators and their deputies.
FALLBACK_ROLES = (Role.INSTITUTIONAL_MEDIATOR, Role.DEPUTY)


def _fallback_recipients(organisation_ids: set[int]) -> dict[int, list[User]]:
    """The active mediators and deputies of each organisation, in one query."""
    by_organisation: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=organisation_ids, role__in=FALLBACK_ROLES, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        if membership.user not in by_organisation[membership.organisation_id]:
            by_organisation[membership.organisation_id].append(membership.user)
    return by_organisation


def overdue_service_answers_notify(*, today: date | None = None) -> int:
    """Tell whoever follows an open saisine that a service's answer is overdue (its follow-up
    task "Relancer le service" is past due and not done), once per task. Returns how many
    notifications were created."""
    today = today or timezone.localdate()
    tasks = list(
        FollowUpTask.objects.filter(
            kind=FollowUpTask.Kind.SERVICE_ANSWER,
            done_on__isnull=True,
            due_on__lt=today,
            saisine__status__in=OPEN_STATUSES,
        ).select_related("saisine__assigned_to", "saisine__organisation")
    )
    fallback = _fallback_recipients({task.saisine.organisation_id for task in tasks})
    created = 0
    for overdue in tasks:
        saisine = overdue.saisine
        assigned = saisine.assigned_to
        users = (
            [assigned] if assigned is not None and assigned.is_active else fallback[saisine.organisation_id]
        )
        created += len(
            notify(
                users=users,
                kind=NotificationKind.SERVICE_ANSWER_OVERDUE,
                # The reference names nobody: no requester, no service in the text (it is e-mailed).
                text=(
                    f"La saisine {saisine.reference} attend la réponse d'un service : "
                    f"relance prévue le {overdue.due_on:%d/%m/%Y}."
                ),
                url=reverse("saisines:detail", args=[saisine.pk]),
                key=f"service_answer_overdue:{overdue.pk}",
                organisation=saisine.organisation,
            )
        )
    return created


@task
def notify_overdue_service_answers() -> int:
    """Periodic job (``lien tick``): overdue answers of the fund's services, notified once."""
    return overdue_service_answers_notify()
