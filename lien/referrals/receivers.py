from django.dispatch import receiver

from lien.people.signals import ERASED_TEXT, person_anonymised
from lien.referrals.models import Referral


@receiver(person_anonymised, dispatch_uid="referrals_erase_free_text")
def erase_free_text(sender, person, **kwargs) -> None:
    """A referral of the person keeps its date, urgency and status (the report counts them by
    source); the name, the phone, the reason and the feedback go."""
    Referral.objects.filter(person=person).update(
        first_name=ERASED_TEXT[:100], last_name="", phone="", reason=ERASED_TEXT, feedback=""
    )
