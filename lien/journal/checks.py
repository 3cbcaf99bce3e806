from typing import Any

from django.conf import settings
from django.core import checks

from lien.journal.services import RETENTION_MAXIMUM_MONTHS, RETENTION_MINIMUM_MONTHS


@checks.register()
def check_journal_retention(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The journal stays online 6 to 12 months (CNIL recommendation 2021-122): below 6, Lien does
    not start; above 12, it warns."""
    months = settings.LIEN_JOURNAL_RETENTION_MONTHS
    if months < RETENTION_MINIMUM_MONTHS:
        return [
            checks.Error(
                f"LIEN_JOURNAL_RETENTION_MONTHS must be at least {RETENTION_MINIMUM_MONTHS}, not {months}.",
                hint="The CNIL asks that the access journal stays online 6 to 12 months.",
                id="lien.journal.E001",
            )
        ]
    if months > RETENTION_MAXIMUM_MONTHS:
        return [
            checks.Warning(
                f"LIEN_JOURNAL_RETENTION_MONTHS is {months}: the CNIL recommends at most "
                f"{RETENTION_MAXIMUM_MONTHS} months online, then an archive.",
                id="lien.journal.W001",
            )
        ]
    return []
