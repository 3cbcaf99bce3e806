from django.dispatch import receiver
from django.utils import timezone

from lien.people.signals import person_anonymised
from lien.rights.models import Procedure, ProcedureEvent, RightsReminder


@receiver(person_anonymised, dispatch_uid="rights_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Kinds, steps and dates stay for statistics; notes go, and no reminder stays open."""
    Procedure.objects.filter(person=person).update(notes="")
    ProcedureEvent.objects.filter(procedure__person=person).update(detail="")
    RightsReminder.objects.filter(procedure__person=person, done_at__isnull=True).update(
        done_at=timezone.now()
    )
