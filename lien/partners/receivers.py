from django.db import transaction

from lien.partners.models import PartnerAccompaniment, PartnerDifficulty, PartnerMeeting
from lien.partners.services import accompaniments_withdraw_for_consent
from lien.people.signals import consent_withdrawn, person_anonymised


def _receive_withdrawal(sender, person, acting_user=None, **kwargs) -> None:
    """The person withdrew their consent to the file: no partner keeps reaching them."""
    accompaniments_withdraw_for_consent(acting_user=acting_user, person=person)


def _erase(sender, person, **kwargs) -> None:
    """The signed name, the drawn signature, the scope and the scanned consent go, and the
    partner's words (the place of a meeting, a message to the mediator); dates, durations and
    codes stay: the programme's figures."""
    PartnerMeeting.objects.filter(accompaniment__person=person).update(place="")
    PartnerDifficulty.objects.filter(accompaniment__person=person).update(message="")
    rows = PartnerAccompaniment.objects.filter(person=person)
    files = [
        (row.consent_scan.storage, row.consent_scan.name)
        for row in rows.exclude(consent_scan="")
        if row.consent_scan.name
    ]
    rows.update(signed_name="", consent_scope="", consent_scan="", signature_strokes=None)

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


consent_withdrawn.connect(_receive_withdrawal, dispatch_uid="partners_end_accompaniments")
person_anonymised.connect(_erase, dispatch_uid="partners_erase_consents")
