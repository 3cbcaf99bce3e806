"""The workshops' section of the patient-partner coordinator's view (``partners.coordination``):
each programme of the coordinated organisations with its figures over the period, from the
programme's own report (``report.programme_report``) — the same figures as its page."""

from datetime import date
from typing import Any

from django.db.models import Q

from lien.accounts.models import User
from lien.partners.coordination import register
from lien.workshops.models import WorkshopProgramme
from lien.workshops.report import programme_report


@register
def workshops_section(
    user: User, organisation_ids: set[int], start: date, end: date
) -> dict[str, Any] | None:
    """The programmes running during the period (none: no section)."""
    programmes = (
        WorkshopProgramme.objects.visible_to(user)
        .filter(organisation_id__in=organisation_ids, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("organisation")
        .order_by("starts_on", "pk")
    )
    rows = [(programme, programme_report(programme, start, end)) for programme in programmes]
    if not rows:
        return None
    return {"template": "workshops/_coordination.html", "rows": rows}
