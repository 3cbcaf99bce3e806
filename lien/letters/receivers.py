from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from lien.letters.models import Letter
from lien.letters.services import _recipient_text, render_pdf
from lien.people.models import Person
from lien.people.signals import ERASED_TEXT, person_anonymised
from lien.saisines.receivers import delete_files_on_commit


@receiver(person_anonymised, dispatch_uid="letters_erase_free_text")
def erase_free_text(sender: type[Person], person: Person, **kwargs: object) -> None:
    """A letter of a saisine the person made or is concerned by keeps its kind and its sending
    date and channel (the deadlines count them). Its text and address go, and its PDF is written
    anew with the erased text and the pseudonym; the old file is deleted."""
    letters = Letter.objects.filter(
        Q(saisine__requester=person) | Q(saisine__concerned_person=person)
    ).select_related("saisine__organisation", "saisine__requester__commune")
    old_files: list[tuple[Storage, str]] = []
    for letter in letters:
        if letter.pdf.name:
            old_files.append((letter.pdf.storage, letter.pdf.name))
        written_on = timezone.localdate(letter.created_at)
        pdf = render_pdf(
            letter_body=ERASED_TEXT,
            saisine=letter.saisine,
            kind=letter.kind,
            recipient=_recipient_text(letter.saisine, letter.kind),
            today=written_on,
        )
        letter.body, letter.sent_to = ERASED_TEXT, ""
        letter.pdf.save(
            f"{letter.saisine.reference}-{letter.kind}-{written_on:%Y%m%d}.pdf", ContentFile(pdf), save=False
        )
        letter.save(update_fields=["body", "sent_to", "pdf"])
    delete_files_on_commit(old_files)
