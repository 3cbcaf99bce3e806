"""Writes of participation: meetings, community relays, testimonies (each journalled)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.lib.identifiers import Finding, find_identifiers
from lien.participation.enums import MeetingKind, Trouble
from lien.participation.models import (
    CommunityRelay,
    Meeting,
    MeetingTrouble,
    Testimony,
    TestimonyTrouble,
)
from lien.people.models import Person
from lien.people.names import known_names


def _check(acting_user: User, perm: Perm, organisation_id: int) -> None:
    if not has_perm(acting_user, perm, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas cette action dans cette organisation.")


def _troubles(troubles: Iterable[str]) -> list[str]:
    troubles = list(dict.fromkeys(troubles))
    if any(trouble not in Trouble.values for trouble in troubles):
        raise ValidationError({"troubles": "Difficulté inconnue."})
    return troubles


def _set_troubles(model, owner_field: str, owner, troubles: list[str]) -> None:
    model.objects.filter(**{owner_field: owner}).exclude(trouble__in=troubles).delete()
    existing = set(model.objects.filter(**{owner_field: owner}).values_list("trouble", flat=True))
    model.objects.bulk_create(
        [model(**{owner_field: owner, "trouble": code}) for code in troubles if code not in existing]
    )


def _not_future(name: str, value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError({name: "La date ne peut être dans le futur."})


@transaction.atomic
def meeting_save(
    *,
    acting_user: User,
    organisation: Organisation,
    meeting: Meeting | None = None,
    kind: str,
    held_on: date,
    place: str,
    attendance: int,
    commune=None,
    theme: str = "",
    summary: str = "",
    troubles: Iterable[str] = (),
) -> Meeting:
    """Create (or, given ``meeting``, update) an exchange space or a users' group meeting."""
    _check(acting_user, Perm.PARTICIPATION_CHANGE, organisation.pk)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Type de rencontre inconnu."})
    _not_future("held_on", held_on)
    troubles = _troubles(troubles)
    creating = meeting is None
    meeting = meeting or Meeting(organisation=organisation, created_by=acting_user)
    meeting.kind, meeting.held_on, meeting.place, meeting.commune = kind, held_on, place, commune
    meeting.theme, meeting.attendance, meeting.summary = theme, attendance, summary
    meeting.full_clean(exclude=["organisation", "created_by", "commune"])
    meeting.save()
    _set_troubles(MeetingTrouble, "meeting", meeting, troubles)
    log = JournalEntry.log_create if creating else JournalEntry.log_update
    log(user=acting_user, obj=meeting, organisation=organisation)
    return meeting


@transaction.atomic
def relay_save(
    *,
    acting_user: User,
    organisation: Organisation,
    relay: CommunityRelay | None = None,
    commune,
    name: str,
    agreed_on: date,
    role: str = "",
    phone: str = "",
    email: str = "",
    ended_on: date | None = None,
    notes: str = "",
) -> CommunityRelay:
    """A relay is listed only once they agreed (``agreed_on``); ``ended_on`` ends the relay."""
    _check(acting_user, Perm.PARTICIPATION_CHANGE, organisation.pk)
    _not_future("agreed_on", agreed_on)
    creating = relay is None
    relay = relay or CommunityRelay(organisation=organisation, created_by=acting_user)
    relay.commune, relay.name, relay.agreed_on, relay.role = commune, name, agreed_on, role
    relay.phone, relay.email, relay.ended_on, relay.notes = phone, email, ended_on, notes
    relay.full_clean(exclude=["organisation", "created_by"])
    relay.save()
    log = JournalEntry.log_create if creating else JournalEntry.log_update
    log(user=acting_user, obj=relay, organisation=organisation)
    return relay


def text_findings(text: str, organisation_id: int, person: Person | None = None) -> list[Finding]:
    """What in a text of the organisation may identify someone: the pseudonymiser's findings,
    with the person's own names and those the organisation knows (people, team, contacts)."""
    names = [person.first_name, person.last_name] if person is not None else []
    return find_identifiers(text, names, known=known_names({organisation_id}, [text]))


def testimony_findings(text: str, person: Person | None, organisation_id: int) -> list[Finding]:
    return text_findings(text, organisation_id, person)


@transaction.atomic
def testimony_save(
    *,
    acting_user: User,
    organisation: Organisation,
    testimony: Testimony | None = None,
    collected_on: date,
    text: str,
    person: Person | None = None,
    meeting: Meeting | None = None,
    advocacy_use: bool = False,
    troubles: Iterable[str] = (),
) -> tuple[Testimony, list[Finding]]:
    """Record a testimony; returns it with what in its text looks identifying (a warning).

    For advocacy, a person's testimony needs their consent to that use.
    """
    _check(acting_user, Perm.TESTIMONY_CHANGE, organisation.pk)
    _not_future("collected_on", collected_on)
    if not text.strip():
        raise ValidationError({"text": "Le témoignage est vide."})
    if person is not None:
        if person.organisation_id != organisation.pk:
            raise ValidationError({"person": "La personne n'est pas suivie par cette organisation."})
        if person.is_anonymised:
            raise ValidationError({"person": "Cette fiche est anonymisée."})
        consent = person.current_consent() if person.requires_consent else None
        if advocacy_use and not (consent and consent.advocacy_testimonies):
            raise ValidationError(
                {
                    "advocacy_use": "La personne n'a pas donné son accord à l'usage de ses témoignages "
                    "pour le plaidoyer : recueillez-le d'abord (fiche, consentement)."
                }
            )
    if meeting is not None and meeting.organisation_id != organisation.pk:
        raise ValidationError({"meeting": "Rencontre d'une autre organisation."})
    troubles = _troubles(troubles)
    findings = testimony_findings(text, person, organisation.pk)
    creating = testimony is None
    testimony = testimony or Testimony(organisation=organisation, created_by=acting_user)
    testimony.person, testimony.meeting, testimony.collected_on = person, meeting, collected_on
    testimony.text, testimony.advocacy_use, testimony.flagged = text.strip(), advocacy_use, bool(findings)
    testimony.save()
    _set_troubles(TestimonyTrouble, "testimony", testimony, troubles)
    log = JournalEntry.log_create if creating else JournalEntry.log_update
    log(user=acting_user, obj=testimony, organisation=organisation, person=person)
    return testimony, findings
