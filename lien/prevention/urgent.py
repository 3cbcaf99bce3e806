"""The most urgent reason to call a person back: a reactive rapid test whose confirmation is still
awaited. Only those who see the test's result learn it (``access.rapid_tests_visible_to``: the
rule of ``can_see_test_result``): for the others the person is not on the list for it."""

from datetime import date

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.followup.sections import urgency
from lien.prevention.access import rapid_tests_visible_to
from lien.prevention.enums import LinkageStatus, TestResult

AWAITING_CONFIRMATION = [LinkageStatus.NOT_ORIENTED, LinkageStatus.ORIENTED, LinkageStatus.SEEN]


@urgency(10, "reactive_test", _("Test réactif en attente de confirmation"))
def reactive_tests_awaiting_confirmation(
    user: User, organisation_ids: set[int], today: date
) -> dict[int, date]:
    return dict(
        rapid_tests_visible_to(user)
        .filter(
            organisation_id__in=organisation_ids,
            person__isnull=False,
            result=TestResult.REACTIVE,
            linkage_status__in=AWAITING_CONFIRMATION,
        )
        .order_by()
        .values_list("person_id")
        .annotate(since=Min("performed_on"))
        .values_list("person_id", "since")
    )
