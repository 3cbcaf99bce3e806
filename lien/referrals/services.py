"""Referrals: the doctor refers, the mediator takes in charge (with the person's file), closes
or declines, and gives the doctor short news. Each step is a named action of
``workflow.REFERRALS``; the doctor reads status and feedback, never the file."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, role_grants
from lien.journal.models import JournalEntry
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.people.models import Person
from lien.referrals.enums import Urgency
from lien.referrals.models import Referral
from lien.referrals.workflow import REFERRALS


def _handlers(organisation_id: int) -> list[User]:
    roles = [role for role in Role if role_grants(role, Perm.REFERRAL_HANDLE)]
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation_id=organisation_id, memberships__role__in=roles
        ).distinct()
    )


def _save(referral: Referral) -> None:
    referral.full_clean(exclude=["organisation", "referred_by", "handled_by", "person"])
    referral.save()


@transaction.atomic
def referral_create(
    *,
    acting_user: User,
    organisation: Organisation,
    first_name: str,
    reason: str,
    last_name: str = "",
    phone: str = "",
    urgency: str = Urgency.ROUTINE,
    referred_on: date | None = None,
) -> Referral:
    """A doctor of the organisation refers a patient; the mediators are notified (no name)."""
    referral = Referral(
        organisation=organisation,
        referred_by=acting_user,
        referred_on=referred_on or timezone.localdate(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=phone.strip(),
        reason=reason.strip(),
        urgency=urgency,
    )
    REFERRALS.start(acting_user, referral, "refer")
    if not referral.first_name:
        raise ValidationError({"first_name": "Indiquez au moins le prénom du ou de la patient·e."})
    if not referral.reason:
        raise ValidationError({"reason": "Dites en quelques mots pourquoi vous l'adressez."})
    _save(referral)
    REFERRALS.log_creation(acting_user, referral, "refer")
    JournalEntry.log_create(user=acting_user, obj=referral, organisation=organisation)
    notify(
        users=_handlers(organisation.pk),
        kind=NotificationKind.REFERRAL_RECEIVED,
        text=f"Un médecin vous adresse un·e patient·e (adressage n° {referral.pk}, "
        f"{referral.get_urgency_display().lower()}).",
        url=reverse("referrals:detail", args=[referral.pk]),
        key=f"referral_received:{referral.pk}",
        organisation=organisation,
    )
    return referral


def _act(acting_user: User, referral: Referral, name: str, feedback: str) -> Referral:
    REFERRALS.check(acting_user, referral, name)
    if feedback.strip():
        referral.feedback = feedback.strip()
    REFERRALS.perform(acting_user, referral, name)
    referral.handled_by = acting_user
    _save(referral)
    JournalEntry.log_update(
        user=acting_user,
        obj=referral,
        organisation=referral.organisation,
        person=referral.person,
        detail=name,
    )
    return referral


@transaction.atomic
def referral_take(*, acting_user: User, referral: Referral, person: Person, feedback: str = "") -> Referral:
    """The mediator takes the patient in charge with their file (created, with the consent, on the
    person pages): the referral is linked to it."""
    REFERRALS.check(acting_user, referral, "take")
    if person.organisation_id != referral.organisation_id or person.is_anonymised:
        raise ValidationError({"person": "Choisissez une fiche suivie par votre organisation."})
    referral.person = person
    return _act(acting_user, referral, "take", feedback)


@transaction.atomic
def referral_decline(*, acting_user: User, referral: Referral, feedback: str) -> Referral:
    if not feedback.strip():
        raise ValidationError({"feedback": "Dites au médecin pourquoi, en quelques mots."})
    return _act(acting_user, referral, "decline", feedback)


@transaction.atomic
def referral_close(*, acting_user: User, referral: Referral, feedback: str = "") -> Referral:
    return _act(acting_user, referral, "close", feedback)


@transaction.atomic
def referral_give_feedback(*, acting_user: User, referral: Referral, feedback: str) -> Referral:
    if not feedback.strip():
        raise ValidationError({"feedback": "Écrivez le retour au médecin."})
    return _act(acting_user, referral, "give_feedback", feedback)
