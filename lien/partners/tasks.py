"""Periodic job of the registry (``lien tick``): tell the coordination of a partner's
organisation that a convention ends within 30 days, then that it has ended — once each (the
notification's key), so a second run changes nothing. A convention already followed by another
one (renewed) says nothing."""

from collections import defaultdict
from datetime import date, timedelta

from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lien.accounts.enums import Role
from lien.accounts.models import Membership, User
from lien.accounts.permissions import Perm, role_grants
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.partners.models import Convention

WARNING_DAYS = 30


def _keepers(organisation_ids: set[int]) -> dict[int, list[User]]:
    """The active users who keep the registry (``partners.manage``) in each organisation."""
    roles = [role for role in Role if role_grants(role, Perm.PARTNERS_MANAGE)]
    by_organisation: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=organisation_ids, role__in=roles, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        if membership.user not in by_organisation[membership.organisation_id]:
            by_organisation[membership.organisation_id].append(membership.user)
    return by_organisation


def _renewed(convention: Convention) -> bool:
    """Whether another convention of the partner takes over when this one ends."""
    if convention.ends_on is None:  # open-ended: never ends
        return True
    next_day = convention.ends_on + timedelta(days=1)
    return any(
        other.pk != convention.pk and other.in_force_on(next_day)
        for other in convention.partner.conventions.all()
    )


def convention_expiry_notify(*, today: date | None = None) -> int:
    """Returns how many notifications were created."""
    today = today or timezone.localdate()
    conventions = [
        convention
        for convention in Convention.objects.filter(
            partner__active=True,
            # Ending within 30 days, or ended within the last 30 (older ones were told already).
            ends_on__gte=today - timedelta(days=WARNING_DAYS),
            ends_on__lte=today + timedelta(days=WARNING_DAYS),
        )
        .select_related("partner__organisation")
        .prefetch_related("partner__conventions")
        if not _renewed(convention)
    ]
    keepers = _keepers({convention.partner.organisation_id for convention in conventions})
    created = 0
    for convention in conventions:
        partner = convention.partner
        if convention.ends_on is None:  # filtered out above; for the type checker
            continue
        day = date_format(convention.ends_on, "j F Y")
        # The number names nobody (the text is e-mailed).
        if convention.ends_on >= today:
            kind = NotificationKind.CONVENTION_ENDING
            text = (
                f"La convention du ou de la patient·e partenaire n° {partner.pk} prend fin le {day} : "
                "pensez à la renouveler."
            )
        else:
            kind = NotificationKind.CONVENTION_ENDED
            text = (
                f"La convention du ou de la patient·e partenaire n° {partner.pk} a pris fin le {day} : "
                "il ou elle ne peut plus être proposé·e."
            )
        created += len(
            notify(
                users=keepers[partner.organisation_id],
                kind=kind,
                text=text,
                url=reverse("partners:detail", args=[partner.pk]),
                key=f"{kind}:{convention.pk}:{convention.ends_on.isoformat()}",
                organisation=partner.organisation,
            )
        )
    return created


@task
def notify_convention_expiry() -> int:
    """Periodic job (``lien tick``)."""
    return convention_expiry_notify()
