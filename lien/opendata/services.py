"""Publishing an open data table: the table read, its export journalled (counts only, no person:
the journal keeps the organisation, the period, the dimensions and the threshold)."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from lien.accounts.models import Organisation, User
from lien.journal.models import JournalEntry
from lien.opendata.tables import Table, chosen_threshold, open_data_table


def open_data_preview(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    by: Sequence[str],
    threshold: int | None,
    minimum_threshold: int,
) -> Table:
    """The table as the page shows it before any download (not an export: not journalled)."""
    return open_data_table(
        organisation, start, end, by, chosen_threshold(threshold, minimum=minimum_threshold)
    )


@transaction.atomic
def open_data_export(
    *,
    acting_user: User | None,
    organisation: Organisation,
    start: date,
    end: date,
    by: Sequence[str],
    threshold: int | None,
    minimum_threshold: int,
    fmt: str,
    via: str,
) -> Table:
    """The table, for a file (``fmt``: csv, json, xlsx) made by the page, the API or the command
    (``via``); ``acting_user`` is None for the command, run by the operator."""
    table = open_data_table(
        organisation, start, end, by, chosen_threshold(threshold, minimum=minimum_threshold)
    )
    JournalEntry.log_export(
        user=acting_user,
        obj=organisation,
        organisation=organisation,
        detail=(
            f"données ouvertes du {start.isoformat()} au {end.isoformat()} par {', '.join(by)}, "
            f"seuil {table.threshold} ({fmt.upper()}, {via})"
        ),
    )
    return table
