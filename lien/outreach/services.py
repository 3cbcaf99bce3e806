"""Writes of outreach: sessions and the contacts recorded during them."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.followup.contact_days import refresh_contact_days
from lien.journal.models import JournalEntry
from lien.outreach.enums import SessionKind, Topic
from lien.outreach.models import MAX_VOLUNTEER_HOURS, Contact, ContactTopic, OutreachSession
from lien.outreach.selectors import contact_for_client_id
from lien.people.enums import AgeBand, Gender, age_band_for
from lien.people.models import Person

# A session may be recorded the day after (a late street round), not planned far ahead.
MAX_DAYS_AHEAD = 1
# A deleted contact can be restored this long, then the periodic job erases it.
UNDO_DELAY = timedelta(minutes=10)

EMPTY_CONTACT = "Contact vide : indiquez la personne, son âge, son genre ou un sujet abordé."
VOLUNTEER_HOURS_RANGE = (
    "Le temps bénévole se compte en heures, de 0 à 2\u00a0000 pour une sortie (par exemple 7,5) ; "
    "laissez vide s'il n'est pas connu."
)
TENTH = Decimal("0.1")


def _check(acting_user: User, organisation_id: int) -> None:
    if not has_perm(acting_user, Perm.OUTREACH_RECORD, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer de sortie dans cette organisation.")


def _clean_volunteer_hours(value: Decimal | float | int | None) -> Decimal | None:
    """Hours to the tenth (the API may send more decimals), ``None`` when not recorded; raises
    ``ValueError`` out of range."""
    if value is None:
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:  # not a number
        raise ValueError(value) from None
    if not hours.is_finite() or not 0 <= hours <= MAX_VOLUNTEER_HOURS:
        raise ValueError(value)
    return hours.quantize(TENTH, rounding=ROUND_HALF_UP)


def _clean_session(
    *,
    organisation: Organisation,
    kind: str,
    held_on: date,
    place: str,
    team: Iterable[User],
    volunteer_hours: Decimal | float | int | None,
) -> tuple[list[User], Decimal | None]:
    errors = {}
    hours = None
    try:
        hours = _clean_volunteer_hours(volunteer_hours)
    except ValueError:
        errors["volunteer_hours"] = VOLUNTEER_HOURS_RANGE
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
    return team, hours


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
    volunteer_hours: Decimal | float | int | None = None,
) -> OutreachSession:
    """Open a session; the one who records it is in the team. ``volunteer_hours``: the volunteers'
    time all together, to the tenth of an hour, ``None`` when not recorded."""
    _check(acting_user, organisation.pk)
    team, volunteer_hours = _clean_session(
        organisation=organisation,
        kind=kind,
        held_on=held_on,
        place=place,
        team=team,
        volunteer_hours=volunteer_hours,
    )
    session = OutreachSession.objects.create(
        organisation=organisation,
        kind=kind,
        held_on=held_on,
        place=place.strip()[:200],
        commune=commune,
        notes=notes,
        volunteer_hours=volunteer_hours,
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
    volunteer_hours: Decimal | float | int | None = None,
) -> OutreachSession:
    _check(acting_user, session.organisation_id)
    team, volunteer_hours = _clean_session(
        organisation=session.organisation,
        kind=kind,
        held_on=held_on,
        place=place,
        team=team,
        volunteer_hours=volunteer_hours,
    )
    session.kind, session.held_on, session.place = kind, held_on, place.strip()[:200]
    session.commune, session.notes, session.volunteer_hours = commune, notes, volunteer_hours
    session.save()
    session.team.set(team)
    # The contacts follow their session's date, and so do their people's days of contact.
    moved = session.contacts.exclude(on=held_on)
    people = set(moved.exclude(person=None).values_list("person_id", flat=True))
    moved.update(on=held_on)
    refresh_contact_days(people)
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
    client_id: UUID | None = None,
) -> Contact:
    """Record a contact of the session: with a person's file, or anonymous (counted all the same).

    ``client_id``, made by the phone, makes the call idempotent: a contact sent again (kept
    offline, the answer lost) is answered with the one already recorded, nothing is written.
    """
    _check(acting_user, session.organisation_id)
    if client_id is not None and (known := _known(session, client_id)) is not None:
        return known
    topics = list(dict.fromkeys(topics))
    if person is None and not (age_band or gender or topics):
        raise ValidationError(EMPTY_CONTACT)
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
    try:
        with transaction.atomic():  # a savepoint: the same contact may arrive twice at once
            contact = Contact.objects.create(
                organisation=session.organisation,
                session=session,
                on=session.held_on,
                person=person,
                age_band=age_band,
                gender=gender,
                commune=commune if person is not None else (commune or session.commune),
                recorded_by=acting_user,
                client_id=client_id,
            )
    except IntegrityError:
        known = _known(session, client_id) if client_id is not None else None
        if known is None:
            raise
        return known
    ContactTopic.objects.bulk_create([ContactTopic(contact=contact, topic=topic) for topic in topics])
    if person is not None:
        JournalEntry.log_create(
            user=acting_user, obj=contact, organisation=session.organisation, person=person
        )
    return contact


def _known(session: OutreachSession, client_id: UUID) -> Contact | None:
    known = contact_for_client_id(session=session, client_id=client_id)
    if known is not None and known.session_id != session.pk:
        # Not a field error: the identifier is a hidden field, the page would not show it.
        raise ValidationError("Cet identifiant de saisie est celui d'un contact d'une autre sortie.")
    return known


def contact_undoable_by(user: User, contact: Contact) -> bool:
    """Who may delete (and restore) a contact: its author, while they may record in the
    organisation, or a mediator (``OUTREACH_CORRECT``); a volunteer never undoes another's."""
    organisation_id = contact.organisation_id
    if has_perm(user, Perm.OUTREACH_CORRECT, organisation_id):
        return True
    return contact.recorded_by_id == user.pk and has_perm(user, Perm.OUTREACH_RECORD, organisation_id)


def contact_restorable_until(contact: Contact) -> datetime | None:
    """Until when a deleted contact can be restored (None: it is not deleted)."""
    return contact.deleted_at + UNDO_DELAY if contact.deleted_at is not None else None


@transaction.atomic
def contact_delete(*, acting_user: User, contact: Contact) -> Contact:
    """Delete a contact recorded by mistake (a wrong tap on the phone), after a confirmation: it
    leaves every list and figure at once, can be restored for ``UNDO_DELAY``, then is purged."""
    if not contact_undoable_by(acting_user, contact):
        raise PermissionDenied("Seul·e son auteur·rice ou un·e médiateur·rice peut supprimer ce contact.")
    if contact.deleted_at is not None:
        return contact
    contact.deleted_at, contact.deleted_by = timezone.now(), acting_user
    contact.save(update_fields=["deleted_at", "deleted_by"])
    JournalEntry.log_update(
        user=acting_user,
        obj=contact,
        organisation=contact.organisation,
        person=contact.person,
        detail="contact de sortie supprimé",
    )
    return contact


@transaction.atomic
def contact_restore(*, acting_user: User, contact: Contact) -> Contact:
    """Undo a deletion, within ``UNDO_DELAY``."""
    if not contact_undoable_by(acting_user, contact):
        raise PermissionDenied("Seul·e son auteur·rice ou un·e médiateur·rice peut rétablir ce contact.")
    until = contact_restorable_until(contact)
    if until is None:
        raise ValidationError("Ce contact n'est pas supprimé.")
    if timezone.now() > until:
        raise ValidationError(
            "Le délai pour rétablir ce contact est passé : enregistrez-le à nouveau s'il a bien eu lieu."
        )
    contact.deleted_at = contact.deleted_by = None
    contact.save(update_fields=["deleted_at", "deleted_by"])
    JournalEntry.log_update(
        user=acting_user,
        obj=contact,
        organisation=contact.organisation,
        person=contact.person,
        detail="contact de sortie rétabli",
    )
    return contact


def contacts_purge_deleted(*, now: datetime | None = None) -> int:
    """Erase for good the contacts deleted longer than ``UNDO_DELAY`` ago (the periodic job)."""
    limit = (now or timezone.now()) - UNDO_DELAY
    expired = Contact.all_objects.filter(deleted_at__lt=limit)
    count = expired.count()
    expired.delete()  # with their topics
    return count
