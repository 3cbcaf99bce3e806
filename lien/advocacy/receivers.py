from django.db.models import Q
from django.dispatch import receiver

from lien.advocacy.models import Excerpt
from lien.people.signals import person_anonymised


@receiver(person_anonymised, dispatch_uid="advocacy_delete_excerpts")
def delete_excerpts(sender, person, **kwargs) -> None:
    """Words taken from a person's file leave the dossiers with their consent, reviewed or not
    (a testimony's excerpts go with the testimony, deleted by the participation app)."""
    Excerpt.objects.filter(
        Q(testimony__person=person) | Q(saisine__requester=person) | Q(saisine__concerned_person=person)
    ).delete()
