from django.dispatch import receiver

from lien.participation.models import Testimony
from lien.people.signals import person_anonymised


@receiver(person_anonymised, dispatch_uid="participation_delete_testimonies")
def delete_testimonies(sender, person, **kwargs) -> None:
    """A person's own words cannot be anonymised reliably: they go with the consent."""
    Testimony.objects.filter(person=person).delete()
