from datetime import date

from django.dispatch import receiver

from lien.accounts.models import User
from lien.followup.enums import EndReason, FollowupStatus
from lien.followup.models import Contact, Followup, Goal, GoalAction, Prescription
from lien.followup.services import followup_end
from lien.people.models import Person
from lien.people.signals import ERASED_TEXT, consent_withdrawn, person_anonymised


@receiver(consent_withdrawn, dispatch_uid="followup_end_on_withdrawal")
def end_followup(
    sender: type[Person], person: Person, acting_user: User, withdrawn_on: date, **kwargs: object
) -> None:
    """The person no longer wishes to be followed: the follow-up ends through its named action
    ``end`` (logged with who recorded the withdrawal), so the person leaves the call list and the
    rupture alert. It ends on the day of the withdrawal, or the day it started if later."""
    followup = (
        Followup.objects.select_for_update().filter(person=person, status=FollowupStatus.ACTIVE).first()
    )
    if followup is None:
        return
    followup.person = person  # the guards read it
    followup_end(
        acting_user=acting_user,
        followup=followup,
        reason=EndReason.DECLINED,
        ended_on=max(withdrawn_on, followup.started_on),
    )


@receiver(person_anonymised, dispatch_uid="followup_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """Dates, channels, kinds and statuses stay for statistics; what was written about the person goes."""
    Contact.objects.filter(person=person).update(note="")
    Goal.objects.filter(person=person).update(title=ERASED_TEXT)
    GoalAction.objects.filter(goal__person=person).update(description=ERASED_TEXT)
    Prescription.objects.filter(person=person).update(label=ERASED_TEXT, prescriber="")
