"""Writes of outreach: sessions and the contacts recorded during them."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.outreach.enums import SessionKind, Topic
from lien.outreach.models import Contact, ContactTopic, OutreachSession
from lien.people.enums import AgeBand, Gender, age_band_for
from lien.people.models import Person

# A session may be recorded the day after (a late street round), not planned far ahead.
MAX_DAYS_AHEAD = 1


def _check(acting_user: User, organisation_id: int) -> None:
    if not has_perm(acting_user, Perm.OUTREACH_RECORD, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer de sortie dans cette organisation.")


def _clean_session(
    *, organisation: Organisation, kind: str, held_on: date, place: str, team: Iterable[User]
) -> list[User]:
    errors = {}
    if kind not in SessionKind.values:
        errors["kind"] = "Type de sortie inconnu."
    if held_on > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        errors["held_on"] = "Une sortie s'enregistre le jour même ou après."
    if not place.strip():
        errors["place"] = "Indiquez le lieu."
    team = list(team)
    outsiders = [user for user in team if not user.memberships.filter(organisation=organisation).exists()]
    if outsiders:
        errors["team"] = "L'équipe se compose de membres de l'organisation."
    if errors:
        raise ValidationError(errors)
    return team


@transaction.atomic
def session_create(
    *,
    acting_user: User,
    organisation: Organisation,
    kind: str,
    held_on: date,
    place: str,
    commune=None,
    team: Iterable[User] = (),
    notes: str = "",
) -> OutreachSession:
    """Open a session; the one who records it is in the team."""
    _check(acting_user, organisation.pk)
    team = _clean_session(organisation=organisation, kind=kind, held_on=held_on, place=place, team=team)
    session = OutreachSession.objects.create(
        organisation=organisation,
        kind=kind,
        held_on=held_on,
        place=place.strip()[:200],
        commune=commune,
        notes=notes,
        created_by=acting_user,
    )
    session.team.set({*team, acting_user})
    JournalEntry.log_create(user=acting_user, obj=session, organisation=organisation)
    return session


@transaction.atomic
def session_update(
    *,
    acting_user: User,
    session: OutreachSession,
    kind: str,
    held_on: date,
    place: str,
    commune=None,
    team: Iterable[User] = (),
    notes: str = "",
) -> OutreachSession:
    _check(acting_user, session.organisation_id)
    team = _clean_session(
        organisation=session.organisation, kind=kind, held_on=held_on, place=place, team=team
    )
    session.kind, session.held_on, session.place = kind, held_on, place.strip()[:200]
    session.commune, session.notes = commune, notes
    session.save()
    session.team.set(team)
    # The contacts follow their session's date.
    session.contacts.exclude(on=held_on).update(on=held_on)
    JournalEntry.log_update(user=acting_user, obj=session, organisation=session.organisation)
    return session


@transaction.atomic
def contact_record(
    *,
    acting_user: User,
    session: OutreachSession,
    person: Person | None = None,
    age_band: str = "",
    gender: str = "",
    commune=None,
    topics: Iterable[str] = (),
) -> Contact:
    """Record a contact of the session: with a person's file, or anonymous (counted all the same)."""
    _check(acting_user, session.organisation_id)
    topics = list(dict.fromkeys(topics))
    errors = {}
    if [topic for topic in topics if topic not in Topic.values]:
        errors["topics"] = "Sujet inconnu."
    if person is not None:
        if person.organisation_id != session.organisation_id:
            raise ValidationError({"person": "La personne n'est pas suivie par l'organisation de la sortie."})
        if person.is_anonymised:
            raise ValidationError({"person": "Cette fiche est anonymisée : enregistrez un contact anonyme."})
        # The file's facts at the date, so that the contact is counted like an anonymous one.
        age_band = age_band_for(person.birth_year, session.held_on)
        gender = person.gender
        commune = person.commune or commune or session.commune
    else:
        if age_band and age_band not in AgeBand.values:
            errors["age_band"] = "Tranche d'âge inconnue."
        if gender and gender not in Gender.values:
            errors["gender"] = "Genre inconnu."
    if errors:
        raise ValidationError(errors)
    contact = Contact.objects.create(
        organisation=session.organisation,
        session=session,
        on=session.held_on,
        person=person,
        age_band=age_band,
        gender=gender,
        commune=commune if person is not None else (commune or session.commune),
        recorded_by=acting_user,
    )
    ContactTopic.objects.bulk_create([ContactTopic(contact=contact, topic=topic) for topic in topics])
    if person is not None:
        JournalEntry.log_create(
            user=acting_user, obj=contact, organisation=session.organisation, person=person
        )
    return contact


@transaction.atomic
def contact_delete(*, acting_user: User, contact: Contact) -> None:
    """Undo a contact recorded by mistake (a wrong tap on the phone)."""
    _check(acting_user, contact.organisation_id)
    if contact.person_id is not None:
        JournalEntry.log_update(
            user=acting_user,
            obj=contact,
            organisation=contact.organisation,
            person=contact.person,
            detail="contact de sortie supprimé",
        )
    contact.delete()
