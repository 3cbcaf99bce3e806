"""The one way views and the API reach a patient partner, a training or a convention: within the
organisations where the user reads the registry (``partners.view``), or keeps it (``write``:
``partners.manage``); 404 otherwise, for missing and forbidden alike. Reads are journalled."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import Http404

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm, organisation_ids_for
from lien.journal.models import JournalEntry
from lien.partners.models import (
    PARTNER_VIEW_FIELDS,
    Convention,
    PartnerAccompaniment,
    PartnerDifficulty,
    PartnerMeeting,
    PatientPartner,
    Training,
)
from lien.people.models import Person


def get_partner_for_user(user: User, pk: int, *, write: bool = False) -> PatientPartner:
    partner = (
        PatientPartner.objects.visible_to(user).select_related("organisation", "user").filter(pk=pk).first()
    )
    if partner is None or (write and not has_perm(user, Perm.PARTNERS_MANAGE, partner.organisation_id)):
        raise Http404("Patient·e partenaire introuvable.")
    if not write:
        JournalEntry.log_view(user=user, obj=partner, organisation=partner.organisation)
    return partner


def get_training_for_user(user: User, partner_pk: int, pk: int, *, write: bool = False) -> Training:
    """A training of a partner the user reads (validates, with ``write``)."""
    training = (
        Training.objects.filter(pk=pk, partner__in=PatientPartner.objects.visible_to(user))
        .select_related("partner__organisation", "validated_by")
        .first()
    )
    # The partner is compared here: an out-of-range id in a foreign key lookup is not caught by
    # Django as one on a primary key is (a 404, never a 500).
    if (
        training is None
        or training.partner_id != partner_pk
        or (write and not has_perm(user, Perm.PARTNERS_MANAGE, training.partner.organisation_id))
    ):
        raise Http404("Formation introuvable.")
    return training


def get_convention_for_user(user: User, partner_pk: int, pk: int) -> Convention:
    convention = (
        Convention.objects.filter(pk=pk, partner__in=PatientPartner.objects.visible_to(user))
        .select_related("partner__organisation")
        .first()
    )
    if convention is None or convention.partner_id != partner_pk:
        raise Http404("Convention introuvable.")
    return convention


def open_file_for_user(user: User, obj: Training | Convention) -> FieldFile:
    """The certificate of a training or the signed convention, opened for download and journalled
    as an export (the user already reached ``obj`` through its access helper)."""
    file: FieldFile = obj.certificate if isinstance(obj, Training) else obj.file
    try:
        file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    organisation = obj.partner.organisation
    JournalEntry.log_export(user=user, obj=obj, organisation=organisation, detail="fichier téléchargé")
    return file


def get_accompaniment_for_user(user: User, pk: int, *, write: bool = False) -> PartnerAccompaniment:
    """An accompaniment of the organisations where the user accompanies patients (the mediator);
    404 otherwise. A write is checked before anything is journalled."""
    accompaniment = (
        PartnerAccompaniment.objects.visible_to(user)
        .select_related("organisation", "person", "partner", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if accompaniment is None:
        raise Http404("Accompagnement introuvable.")
    if not write:
        JournalEntry.log_view(
            user=user,
            obj=accompaniment,
            organisation=accompaniment.organisation,
            person=accompaniment.person,
        )
    return accompaniment


@dataclass(frozen=True)
class PartnerAccompanimentView:
    """All a patient partner reads of an accompaniment (seed 003: the doctor communicates nothing
    about the patient): the first name, how to reach them, the dates. Built from these columns
    only, never from the Person, so no page of the partner can show more."""

    id: int
    first_name: str
    phone: str
    email: str
    proposed_on: date
    consented_on: date | None
    contacted_on: date | None


def _view(row: dict[str, Any]) -> PartnerAccompanimentView:
    return PartnerAccompanimentView(
        id=row["pk"],
        first_name=row["person__first_name"],
        phone=row["person__phone"],
        email=row["person__email"],
        proposed_on=row["proposed_on"],
        consented_on=row["consented_on"],
        contacted_on=row["contacted_on"],
    )


def partner_accompaniments(user: User) -> list[PartnerAccompanimentView]:
    """A patient partner's own accompaniments, as they may read them. Like the other lists, the
    list is not journalled; opening one (``get_accompaniment_for_partner``) is."""
    rows = (
        PartnerAccompaniment.objects.visible_to_partner(user)
        .order_by("-contacted_on", "-pk")
        .values(*PARTNER_VIEW_FIELDS)
    )
    return [_view(row) for row in rows]


def get_accompaniment_for_partner(user: User, pk: int) -> PartnerAccompanimentView:
    """One of the partner's own accompaniments; 404 for another partner's, before the consent and
    the choice, after the end or the withdrawal, and for anyone else."""
    row = (
        PartnerAccompaniment.objects.visible_to_partner(user)
        .filter(pk=pk)
        .values(*PARTNER_VIEW_FIELDS, "person_id", "organisation_id")
        .first()
    )
    if row is None:
        raise Http404("Accompagnement introuvable.")
    _log_partner_view(user, row)
    return _view(row)


def _log_partner_view(user: User, row: dict[str, Any]) -> None:
    # The journal needs the ids only: no Person is loaded for a partner.
    JournalEntry.log_view(
        user=user,
        obj=PartnerAccompaniment(pk=row["pk"]),
        organisation=Organisation(pk=row["organisation_id"]),
        person=Person(pk=row["person_id"]),
    )


def get_accompaniment_to_log(user: User, pk: int) -> PartnerAccompaniment:
    """One of the partner's own accompaniments, to record a meeting or signal a difficulty; 404 for
    another partner's and for anyone else. Whether it is still open is the service's to say (a
    refusal, not a 404: the partner knows it existed). Loaded without the Person: the columns of
    the accompaniment only, the person and the organisation as ids."""
    accompaniment = (
        PartnerAccompaniment.objects.filter(
            pk=pk,
            partner__user_id=user.pk,
            partner__organisation_id__in=organisation_ids_for(user, Perm.PARTNER_SPACE),
            person__anonymised_at__isnull=True,
        )
        .only("pk", "organisation_id", "person_id", "partner_id", "status", "contacted_on")
        .first()
    )
    if accompaniment is None:
        raise Http404("Accompagnement introuvable.")
    return accompaniment


def partner_meetings(user: User, accompaniment_pk: int) -> list[PartnerMeeting]:
    """The meetings the partner recorded in one of their accompaniments they still see."""
    return list(
        PartnerMeeting.objects.visible_to_partner(user)
        .filter(accompaniment_id=accompaniment_pk)
        .prefetch_related("themes")
    )


def get_difficulty_for_user(user: User, accompaniment: PartnerAccompaniment, pk: int) -> PartnerDifficulty:
    """A difficulty of an accompaniment the mediator reached through ``get_accompaniment_for_user``."""
    difficulty = PartnerDifficulty.objects.filter(accompaniment_id=accompaniment.pk, pk=pk).first()
    if difficulty is None:
        raise Http404("Difficulté introuvable.")
    difficulty.accompaniment = accompaniment
    return difficulty
