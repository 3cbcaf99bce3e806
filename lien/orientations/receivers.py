from django.dispatch import receiver

from lien.orientations.models import Orientation
from lien.people.signals import ERASED_TEXT, person_anonymised


@receiver(person_anonymised, dispatch_uid="orientations_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """The kind of structure, the directory's service, the help given as ticks and the outcome
    stay; the words go, and so does a structure typed freely (« Cabinet du Dr … »: with its date it
    tells the person's care)."""
    Orientation.objects.filter(person=person).update(reason=ERASED_TEXT, help_detail="", outcome_detail="")
    Orientation.objects.filter(person=person, directory_service__isnull=True).update(
        structure_name=ERASED_TEXT
    )
