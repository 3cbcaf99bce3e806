from django.dispatch import receiver

from lien.followup.models import Contact, Goal, GoalAction, Prescription
from lien.people.signals import ERASED_TEXT, person_anonymised


@receiver(person_anonymised, dispatch_uid="followup_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Dates, channels, kinds and statuses stay for statistics; what was written about the person goes."""
    Contact.objects.filter(person=person).update(note="")
    Goal.objects.filter(person=person).update(title=ERASED_TEXT)
    GoalAction.objects.filter(goal__person=person).update(description=ERASED_TEXT)
    Prescription.objects.filter(person=person).update(label=ERASED_TEXT, prescriber="")
