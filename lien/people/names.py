"""The names Lien knows in an organisation, for the pseudonymiser (``lien.lib.pseudonymise``):
the people it follows, its users, and what the apps above register — the directory's named
contacts. A name found in a text is replaced even where the French model would miss it.

Only the names that could be in the texts are read: the people whose first or last name is one
of the texts' words (one indexed query, whatever the number of files), the users and the sources
registered in full (a team, a directory's contacts: hundreds, not millions).
"""

from collections.abc import Callable, Iterable

from django.db.models import Q
from django.db.models.functions import Lower

from lien.accounts.models import User
from lien.lib.pseudonymise import words_of
from lien.people.models import Person

NameSource = Callable[[set[int]], Iterable[str]]
_SOURCES: list[NameSource] = []


def register(source: NameSource) -> NameSource:
    """``source(organisation_ids)`` gives the names another app keeps for these organisations."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def known_names(organisation_ids: set[int], texts: Iterable[str]) -> list[str]:
    """The names of these organisations that the texts may contain."""
    texts = list(texts)
    words = {word.casefold() for text in texts for word in words_of(text) if len(word) >= 3}
    names: list[str] = []
    if words:
        people = (
            Person.objects.filter(organisation_id__in=organisation_ids, anonymised_at__isnull=True)
            .alias(first=Lower("first_name"), last=Lower("last_name"))
            .filter(Q(first__in=words) | Q(last__in=words))
            .values_list("first_name", "last_name")
        )
        for first, last in people:
            names += [first, last]
    names += User.objects.filter(memberships__organisation_id__in=organisation_ids).values_list(
        "full_name", flat=True
    )
    for source in _SOURCES:
        names += source(organisation_ids)
    return names
