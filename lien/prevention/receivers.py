from django.dispatch import receiver

from lien.people.signals import person_anonymised
from lien.prevention.models import RapidTest


@receiver(person_anonymised, dispatch_uid="prevention_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Results and the linkage to care stay (coded) for the linkage rate; the note goes."""
    RapidTest.objects.filter(person=person).update(linkage_note="")
