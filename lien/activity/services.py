"""The printed report and the spreadsheet: files made offline, their export journalled (figures
only, no person)."""

from lien.accounts.models import Organisation, User
from lien.activity.exports import report_xlsx
from lien.journal.models import JournalEntry
from lien.reports import pdf


def programme_report_print(*, acting_user: User, organisation: Organisation, html: str, period: str) -> bytes:
    document = pdf.html_to_pdf(html)
    JournalEntry.log_export(
        user=acting_user, obj=organisation, organisation=organisation, detail=f"rapport d'activité {period}"
    )
    return document


def programme_report_export(
    *, acting_user: User, organisation: Organisation, page: dict, glossary: list[tuple[str, str]], period: str
) -> bytes:
    document = report_xlsx(page=page, glossary=glossary, period=period)
    JournalEntry.log_export(
        user=acting_user,
        obj=organisation,
        organisation=organisation,
        detail=f"rapport d'activité {period} (XLSX)",
    )
    return document
