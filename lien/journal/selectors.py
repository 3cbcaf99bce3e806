from typing import Any

from django.contrib.auth.models import AnonymousUser

from lien.accounts.models import User
from lien.journal.models import JournalEntry, JournalQuerySet
from lien.lib.text import search_key


def journal_entries_for(user: User | AnonymousUser, *, filters: dict[str, Any]) -> JournalQuerySet:
    """Entries of the organisations where the user may read the journal, filtered."""
    entries = JournalEntry.objects.visible_to(user).select_related("user", "organisation", "person")
    if filters.get("person"):
        entries = entries.filter(person__search_name__indexed_contains=search_key(filters["person"]))
    if filters.get("user"):
        entries = entries.filter(user=filters["user"])
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lte=filters["date_to"])
    return entries
