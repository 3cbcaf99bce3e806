from datetime import timedelta

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.activity.definitions import people_accompanied_count, rolling_year
from lien.journal.models import Action, JournalEntry
from lien.people.models import Person


def recently_viewed_people(user: User, limit: int = 8) -> list[Person]:
    """The people whose file the user opened last, most recent first (from the journal)."""
    ids = (
        JournalEntry.objects.filter(user=user, action=Action.VIEW, person__isnull=False)
        .values_list("person_id", flat=True)
        .order_by("-at")[: limit * 5]
    )
    ordered = list(dict.fromkeys(ids))[:limit]
    people = Person.objects.visible_to(user).select_related("commune").in_bulk(ordered)
    return [people[pk] for pk in ordered if pk in people]


def activity_by_organisation(user: User) -> list[Organisation]:
    """Counts of the organisations whose statistics the user may read, one SQL query: the people
    accompanied over the last twelve months, those accompanied for the first time in 30 days
    (« personnes accompagnées »: one definition, lien/activity/definitions.py)."""
    start, today = rolling_year(timezone.localdate())
    return list(
        Organisation.objects.filter(pk__in=organisation_ids_for(user, Perm.STATISTICS_VIEW))
        .select_related("parent")
        .annotate(
            people_count=people_accompanied_count(OuterRef("pk"), start, today),
            new_people_count=people_accompanied_count(
                OuterRef("pk"), today - timedelta(days=29), today, new=True
            ),
            members_count=Count("memberships__user", distinct=True),
            heads_network=Exists(Organisation.objects.filter(parent=OuterRef("pk"))),
        )
        .order_by("kind", "name")
    )
