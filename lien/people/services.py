"""Writes on people's files; each is journalled."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.lib.nir import normalise as normalise_nir
from lien.lib.text import search_key
from lien.people.models import Person

EDITABLE_FIELDS = ("first_name", "last_name", "birth_year", "phone", "email", "commune", "nir")


def person_find_similar(
    *, user, first_name: str, last_name: str = "", phone: str = "", email: str = "", nir: str = ""
) -> list[Person]:
    """People the user can see who may be the same person (name, phone, e-mail or NIR)."""
    visible = Person.objects.visible_to(user)
    found: dict[int, Person] = {}
    key = search_key(f"{first_name} {last_name}")
    if key:
        for person in visible.filter(search_name=key)[:10]:
            found[person.pk] = person
        if last_name:
            for person in visible.filter(search_name__endswith=" " + search_key(last_name))[:10]:
                found[person.pk] = person
    if email:
        for person in visible.filter(email__iexact=email.strip())[:10]:
            found[person.pk] = person
    if nir:
        for person in visible.filter(nir=normalise_nir(nir))[:10]:
            found[person.pk] = person
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 6:
        for person in visible.filter(phone_digits__endswith=digits[-9:])[:10]:
            found[person.pk] = person
    return list(found.values())


@transaction.atomic
def person_create(*, acting_user, organisation: Organisation, **fields) -> Person:
    if not has_perm(acting_user, Perm.PERSON_CHANGE, organisation.pk):
        raise PermissionDenied("Vous ne pouvez pas créer de fiche dans cette organisation.")
    person = Person(organisation=organisation, created_by=acting_user, **fields)
    person.refresh_search_fields()
    person.full_clean()
    person.save()
    JournalEntry.log_create(user=acting_user, obj=person, organisation=organisation, person=person)
    return person


@transaction.atomic
def person_update(*, acting_user, person: Person, **fields) -> Person:
    """Apply the given fields (those the user changed) and journal their names."""
    if not has_perm(acting_user, Perm.PERSON_CHANGE, person.organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")
    changed = [name for name in EDITABLE_FIELDS if name in fields]
    for name in changed:
        setattr(person, name, fields[name])
    person.refresh_search_fields()
    person.full_clean()
    person.save(update_fields=[*changed, "search_name", "phone_digits", "updated_at"])
    JournalEntry.log_update(
        user=acting_user,
        obj=person,
        organisation=person.organisation,
        person=person,
        detail=", ".join(changed),
    )
    return person
