from django.dispatch import receiver

from lien.assessments.models import Assessment
from lien.people.signals import person_anonymised


@receiver(person_anonymised, dispatch_uid="assessments_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Codes and scores stay for statistics; the person's words and the notes go."""
    Assessment.objects.filter(person=person).update(notes="", priority_words="")
