"""The reason the orientations give to call a person back: an orientation still without outcome
30 days on (did the person go?)."""

from datetime import date, timedelta

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.followup.sections import urgency
from lien.orientations.enums import Outcome
from lien.orientations.models import Orientation

WITHOUT_OUTCOME_DAYS = 30


@urgency(30, "orientation_without_outcome", _("Orientation sans nouvelles depuis 30 jours"))
def orientations_without_outcome(user: User, organisation_ids: set[int], today: date) -> dict[int, date]:
    return dict(
        Orientation.objects.filter(
            organisation_id__in=organisation_ids,
            outcome=Outcome.PENDING,
            oriented_on__lte=today - timedelta(days=WITHOUT_OUTCOME_DAYS),
        )
        .order_by()
        .values_list("person_id")
        .annotate(since=Min("oriented_on"))
        .values_list("person_id", "since")
    )
