from lien.people.signals import consent_withdrawn
from lien.workshops.services import registrations_withdraw_for_consent


def _receive_withdrawal(sender, person, acting_user=None, **kwargs) -> None:
    """The person withdrew their consent to the file: they leave every programme, as by a
    withdrawal of the registration (the sessions held count them as a number, without a name).
    Nothing is left to erase at anonymisation: a registration keeps no free text."""
    registrations_withdraw_for_consent(acting_user=acting_user, person=person)


consent_withdrawn.connect(_receive_withdrawal, dispatch_uid="workshops_withdraw_registrations")
