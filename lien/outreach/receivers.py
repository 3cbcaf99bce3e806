from django.dispatch import receiver

from lien.outreach.models import Contact
from lien.people.anonymity import commune_is_kept
from lien.people.models import Person
from lien.people.signals import person_anonymised


@receiver(person_anonymised, dispatch_uid="outreach_generalise_communes")
def generalise_communes(sender: type[Person], person: Person, **kwargs: object) -> None:
    """A contact with the person keeps its date, session, topics and age band; like the file, it
    keeps its commune only where enough people are followed for it to name nobody (the report
    counts communes of anonymous contacts only: no figure moves)."""
    contacts = Contact.all_objects.filter(person=person, commune__isnull=False)
    rare = [
        commune_id
        for commune_id in set(contacts.values_list("commune_id", flat=True))
        if not commune_is_kept(organisation_id=person.organisation_id, commune_id=commune_id)
    ]
    contacts.filter(commune_id__in=rare).update(commune=None)
