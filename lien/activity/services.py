"""The printed report: a PDF made offline, its export journalled (figures only, no person)."""

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from lien.accounts.models import Organisation, User
from lien.journal.models import JournalEntry


def programme_report_print(*, acting_user: User, organisation: Organisation, html: str, period: str) -> bytes:
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    JournalEntry.log_export(
        user=acting_user, obj=organisation, organisation=organisation, detail=f"rapport d'activité {period}"
    )
    return document
