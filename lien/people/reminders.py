"""Whether a person's file lets them be reminded the way they chose: one rule for every app that
writes to the person (an appointment's reminder, rights to renew)."""

from django.core.exceptions import ValidationError

from lien.people.enums import ReminderChoice
from lien.people.models import Person
from lien.workflow.engine import ActionRefused


def reminder_recipient(person: Person, channel: str) -> str:
    """The number (``sms``) or the address (``email``) the file holds, "" when it holds none."""
    return person.phone.strip() if channel == ReminderChoice.SMS else person.email.strip()


def reminder_choice_check(person: Person, choice: str, *, field: str) -> None:
    """Refuse a choice the file cannot serve (SMS without a phone, e-mail without an address), the
    error on ``field``."""
    if choice not in ReminderChoice.values:
        raise ValidationError({field: "Choix de rappel inconnu."})
    if choice != ReminderChoice.NONE and not reminder_recipient(person, choice):
        missing = "numéro de téléphone" if choice == ReminderChoice.SMS else "adresse e-mail"
        raise ActionRefused({field: f"La fiche de la personne n'a pas de {missing}."})
