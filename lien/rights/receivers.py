from django.dispatch import receiver
from django.utils import timezone

from lien.people.enums import ReminderChoice
from lien.people.signals import ERASED_TEXT, person_anonymised
from lien.rights.enums import DEFAULT_DOCUMENTS
from lien.rights.models import Procedure, ProcedureDocument, ProcedureEvent, RightsReminder


@receiver(person_anonymised, dispatch_uid="rights_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Kinds, steps and dates stay for statistics; notes go, no reminder stays open and nothing
    more is sent to the person (there is nobody to reach). The checklist keeps its standard pieces
    (the same for everyone); a piece the team typed in (« certificat du Dr … ») is erased."""
    Procedure.objects.filter(person=person).update(notes="", remind_person=ReminderChoice.NONE)
    ProcedureEvent.objects.filter(procedure__person=person).update(detail="")
    standard = {label for labels in DEFAULT_DOCUMENTS.values() for label in labels}
    ProcedureDocument.objects.filter(procedure__person=person).exclude(label__in=standard).update(
        label=ERASED_TEXT
    )
    RightsReminder.objects.filter(procedure__person=person, done_at__isnull=True).update(
        done_at=timezone.now()
    )
