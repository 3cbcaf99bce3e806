from django.dispatch import receiver

from lien.orientations.models import Orientation
from lien.people.signals import ERASED_TEXT, person_anonymised


@receiver(person_anonymised, dispatch_uid="orientations_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """The structure, its kind, the help given as ticks and the outcome stay; the words go."""
    Orientation.objects.filter(person=person).update(reason=ERASED_TEXT, help_detail="", outcome_detail="")
