"""The network dashboard as a file: journalled, as every export of figures is."""

from datetime import date

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.journal.models import JournalEntry
from lien.network.dashboard import Dashboard, network_dashboard


def network_export(
    *,
    acting_user: User,
    root: Organisation,
    start: date,
    end: date,
    today: date,
    radius_km: int,
    fmt: str,
    via: str,
) -> Dashboard:
    """The dashboard of ``root``'s network for a file (``fmt``: csv, json) made by the page or the
    API (``via``), journalled as an export of the root (counts only: the entry keeps the period)."""
    require_perm(acting_user, Perm.STATISTICS_VIEW, root.pk)
    dashboard = network_dashboard(root, start, end, today=today, radius_km=radius_km)
    JournalEntry.log_export(
        user=acting_user,
        obj=root,
        organisation=root,
        detail=(
            f"tableau de bord du réseau du {start.isoformat()} au {end.isoformat()}, "
            f"{dashboard.organisations} organisations, services à {radius_km} km ({fmt.upper()}, {via})"
        ),
    )
    return dashboard
