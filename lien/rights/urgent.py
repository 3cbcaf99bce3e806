"""The reason the rights give to call a person back: rights lapsing within 60 days, or lapsed."""

from datetime import date

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.followup.sections import urgency
from lien.rights.selectors import rights_lapsing


@urgency(40, "rights_lapsing", _("Droits qui arrivent à échéance ou échus"))
def rights_lapsing_by_person(user: User, organisation_ids: set[int], today: date) -> dict[int, date]:
    return dict(
        rights_lapsing(today)
        .filter(organisation_id__in=organisation_ids)
        .order_by()
        .values_list("person_id")
        .annotate(since=Min("rights_end"))
        .values_list("person_id", "since")
    )
