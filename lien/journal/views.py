from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.journal.forms import JournalFilterForm
from lien.journal.selectors import journal_entries_for


def journal(request: HttpRequest) -> HttpResponse:
    """The access journal of the organisations the user directs or administers."""
    organisation_ids = organisation_ids_for(request.user, Perm.JOURNAL_VIEW)
    if not organisation_ids:
        raise Http404
    form = JournalFilterForm(request.GET or None, organisation_ids=organisation_ids)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(journal_entries_for(request.user, filters=filters), 50).get_page(request.GET.get("page"))
    return render(request, "journal/journal.html", {"form": form, "page": page})
