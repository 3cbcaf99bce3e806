"""Writes of the reports app: the qualitative part of an annual report, and its print."""

from django.db import transaction

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.journal.models import JournalEntry
from lien.reports import pdf
from lien.reports.models import AnnualReportText


@transaction.atomic
def annual_report_text_save(
    *, acting_user: User, organisation: Organisation, year: int, highlights: str, improvement_actions: str
) -> AnnualReportText:
    require_perm(
        acting_user,
        Perm.REPORT_TEXT_CHANGE,
        organisation.pk,
        message="Seuls la médiation de la caisse et sa direction rédigent ce texte.",
    )
    text, _created = AnnualReportText.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "highlights": highlights.strip(),
            "improvement_actions": improvement_actions.strip(),
            "updated_by": acting_user,
        },
    )
    JournalEntry.log_update(user=acting_user, obj=text, organisation=organisation, detail="texte du rapport")
    return text


def annual_report_print(*, acting_user: User, organisation: Organisation, html: str) -> bytes:
    """The PDF of a report page already rendered as HTML; every print is journalled."""
    require_perm(acting_user, Perm.STATISTICS_VIEW, organisation.pk, message="Statistiques non accessibles.")
    document = pdf.html_to_pdf(html)
    JournalEntry.log_print(user=acting_user, obj=organisation, organisation=organisation)
    return document
