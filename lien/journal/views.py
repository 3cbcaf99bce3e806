from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from lien.accounts.permissions import Perm, organisation_ids_for, require_perm
from lien.journal.forms import JournalFilterForm
from lien.journal.selectors import journal_entries_for
from lien.journal.services import log_journal_read
from lien.web.http import AuthenticatedHttpRequest
from lien.web.pagination import CappedPaginator


def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The access journal of the organisations the user directs or administers."""
    require_perm(request.user, Perm.JOURNAL_VIEW, not_found=True)
    organisation_ids = organisation_ids_for(request.user, Perm.JOURNAL_VIEW)
    form = JournalFilterForm(request.GET or None, organisation_ids=organisation_ids)
    filters = form.cleaned_data if form.is_valid() else {}
    page = CappedPaginator(journal_entries_for(request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    response = render(
        request,
        "journal/journal.html",
        {"form": form, "page": page, "retention_months": settings.LIEN_JOURNAL_RETENTION_MONTHS},
    )
    # Once the page is read: it shows the journal as it was asked, and this reading from the next.
    log_journal_read(
        user=request.user, organisation_ids=organisation_ids, filters=filters, page_number=page.number
    )
    return response
