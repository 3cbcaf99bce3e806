"""Writes of the registry of patient partners: each checks the permission in the partner's
organisation (``partners.manage``), validates, and journals. Then the accompaniment of a patient
by a partner (``accompaniment_*``): one service per named action of ``workflow.ACCOMPANIMENTS``."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import COMMUNITY_KINDS, Role
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm, role_grants
from lien.communes.models import Commune
from lien.journal.models import JournalEntry
from lien.lib import uploads
from lien.lib.signature import SignatureError, parse_strokes
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.partners.enums import (
    ConsentMethod,
    DifficultyKind,
    EndReason,
    Framework,
    MeetingMode,
    MeetingTheme,
    Pathology,
    TrainingKind,
)
from lien.partners.information import (
    CURRENT_PARTNER_INFORMATION_VERSION,
    DEFAULT_SCOPE,
    PARTNER_INFORMATION_VERSIONS,
)
from lien.partners.models import (
    DIFFICULTY_MESSAGE_LENGTH,
    MEETING_MAX_MINUTES,
    MEETING_PLACE_LENGTH,
    Convention,
    PartnerAccompaniment,
    PartnerDepartement,
    PartnerDifficulty,
    PartnerLanguage,
    PartnerMeeting,
    PartnerMeetingTheme,
    PartnerPathology,
    PatientPartner,
    Training,
)
from lien.partners.rules import partner_proposable
from lien.partners.workflow import ACCOMPANIMENTS
from lien.people.enums import Language
from lien.people.models import Person
from lien.workflow.engine import ActionRefused

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "experience",
    "availability",
    "active",
    "user",
)


def check_upload(file: "UploadedFile[bytes]", field: str) -> None:
    """Refuse anything but a PDF, PNG or JPEG file of 5 MB at most, checked by its content (the
    name and the browser's content type are the sender's word; no HTML, no SVG: they would run
    scripts)."""
    uploads.check_upload(file, allowed=uploads.SCANS, max_bytes=UPLOAD_MAX_BYTES, field=field)


def _codes(values: Iterable[str], allowed: Iterable[str], field: str, message: str) -> list[str]:
    codes = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    unknown = sorted(set(codes) - set(allowed))
    if unknown:
        raise ValidationError({field: message % {"codes": ", ".join(unknown)}})
    return codes


def _departements(values: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(value.strip().upper() for value in values if value.strip()))
    known = set(
        Commune.objects.filter(departement__in=codes).values_list("departement", flat=True).distinct()
    )
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"departements": f"Département inconnu : {', '.join(unknown)}."})
    return codes


def _set_codes(partner: PatientPartner, model: type[models.Model], codes: list[str]) -> None:
    rows = model._default_manager.filter(partner=partner)
    rows.exclude(code__in=codes).delete()
    present = set(rows.values_list("code", flat=True))
    model._default_manager.bulk_create(
        [model(partner=partner, code=code) for code in codes if code not in present]
    )


def _check_account(user: User | None, organisation: Organisation, partner: PatientPartner | None) -> None:
    if user is None:
        return
    if not user.memberships.filter(organisation=organisation, role=Role.PATIENT_PARTNER).exists():
        raise ValidationError(
            {"user": "Ce compte n'a pas le rôle de patient·e partenaire dans l'organisation."}
        )
    taken = PatientPartner.objects.filter(user=user)
    if partner is not None:
        taken = taken.exclude(pk=partner.pk)
    if taken.exists():
        raise ValidationError({"user": "Ce compte est déjà lié à un·e autre patient·e partenaire."})


def _save(partner: PatientPartner) -> None:
    partner.first_name = partner.first_name.strip()
    partner.last_name = partner.last_name.strip()
    partner.phone = partner.phone.strip()
    partner.email = partner.email.strip()
    partner.experience = partner.experience.strip()
    partner.availability = partner.availability.strip()
    if not partner.first_name:
        raise ValidationError({"first_name": "Indiquez le prénom."})
    partner.full_clean(exclude=["organisation", "user"])
    partner.save()


@transaction.atomic
def partner_create(
    *,
    acting_user: User,
    organisation: Organisation,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    experience: str = "",
    availability: str = "",
    active: bool = True,
    user: User | None = None,
    pathologies: Iterable[str] = (),
    languages: Iterable[str] = (),
    departements: Iterable[str] = (),
) -> PatientPartner:
    """Add a patient partner to the registry of the organisation (a network or an establishment)."""
    require_perm(acting_user, Perm.PARTNERS_MANAGE, organisation.pk)
    pathology_codes = _codes(pathologies, Pathology.values, "pathologies", "Pathologie inconnue : %(codes)s.")
    language_codes = _codes(languages, Language.values, "languages", "Langue inconnue : %(codes)s.")
    departement_codes = _departements(departements)
    _check_account(user, organisation, None)
    partner = PatientPartner(
        organisation=organisation,
        user=user,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        experience=experience,
        availability=availability,
        active=active,
    )
    _save(partner)
    _set_codes(partner, PartnerPathology, pathology_codes)
    _set_codes(partner, PartnerLanguage, language_codes)
    _set_codes(partner, PartnerDepartement, departement_codes)
    JournalEntry.log_create(user=acting_user, obj=partner, organisation=organisation)
    return partner


@transaction.atomic
def partner_update(*, acting_user: User, partner: PatientPartner, **fields: Any) -> PatientPartner:
    """Change what is given of the profile (``PROFILE_FIELDS`` and the three lists of codes)."""
    require_perm(acting_user, Perm.PARTNERS_MANAGE, partner.organisation_id)
    unknown = set(fields) - set(PROFILE_FIELDS) - {"pathologies", "languages", "departements"}
    if unknown:
        raise TypeError(f"partner_update() got unexpected fields: {sorted(unknown)}")
    codes: list[tuple[type[models.Model], list[str]]] = []
    if "pathologies" in fields:
        pathologies = fields.pop("pathologies")
        codes.append(
            (
                PartnerPathology,
                _codes(pathologies, Pathology.values, "pathologies", "Pathologie inconnue : %(codes)s."),
            )
        )
    if "languages" in fields:
        languages = fields.pop("languages")
        codes.append(
            (PartnerLanguage, _codes(languages, Language.values, "languages", "Langue inconnue : %(codes)s."))
        )
    if "departements" in fields:
        codes.append((PartnerDepartement, _departements(fields.pop("departements"))))
    if "user" in fields:
        _check_account(fields["user"], partner.organisation, partner)
    changed = sorted(name for name, value in fields.items() if getattr(partner, name) != value)
    for name, value in fields.items():
        setattr(partner, name, value)
    _save(partner)
    for model, values in codes:
        _set_codes(partner, model, values)
    JournalEntry.log_update(
        user=acting_user,
        obj=partner,
        organisation=partner.organisation,
        detail=", ".join(changed + [model._meta.model_name or "" for model, _values in codes]),
    )
    return partner


@transaction.atomic
def training_add(
    *,
    acting_user: User,
    partner: PatientPartner,
    kind: str,
    body: str,
    completed_on: date,
    certificate: "UploadedFile[bytes]",
) -> Training:
    """Record a training with its certificate; it counts once the coordination validates it."""
    require_perm(acting_user, Perm.PARTNERS_MANAGE, partner.organisation_id)
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": "Choisissez la voie de formation."})
    if not body.strip():
        raise ValidationError({"body": "Indiquez l'université ou l'association."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "La formation ne peut pas se terminer dans le futur."})
    check_upload(certificate, "certificate")
    training = Training(
        partner=partner,
        kind=kind,
        body=body.strip(),
        completed_on=completed_on,
        certificate=certificate,
        created_by=acting_user,
    )
    training.full_clean(exclude=["partner", "created_by", "validated_by", "certificate"])
    training.save()
    JournalEntry.log_create(user=acting_user, obj=training, organisation=partner.organisation)
    return training


@transaction.atomic
def training_validate(*, acting_user: User, training: Training) -> Training:
    """The coordination has checked the certificate: the training counts for the rule."""
    partner = training.partner
    require_perm(
        acting_user,
        Perm.PARTNERS_MANAGE,
        partner.organisation_id,
        message="Seule la coordination valide une formation.",
    )
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.validated_at is not None:
        raise ActionRefused("Cette formation est déjà validée.")
    training.validated_by = acting_user
    training.validated_at = timezone.now()
    training.save(update_fields=["validated_by", "validated_at"])
    JournalEntry.log_update(
        user=acting_user, obj=training, organisation=partner.organisation, detail="formation validée"
    )
    return training


@transaction.atomic
def convention_add(
    *,
    acting_user: User,
    partner: PatientPartner,
    party: str,
    starts_on: date,
    framework: str,
    file: "UploadedFile[bytes]",
    ends_on: date | None = None,
    establishment: Organisation | None = None,
) -> Convention:
    """Record the convention signed with the establishment or the network. When the establishment
    uses Lien (``establishment``), its mediators may propose the partner to their patients while
    the convention is in force."""
    require_perm(acting_user, Perm.PARTNERS_MANAGE, partner.organisation_id)
    if not party.strip():
        raise ValidationError({"party": "Indiquez l'établissement ou le réseau signataire."})
    if establishment is not None and (
        establishment.kind not in COMMUNITY_KINDS or establishment.pk == partner.organisation_id
    ):
        raise ValidationError(
            {"establishment": "Choisissez une structure de médiation en santé autre que la vôtre."}
        )
    if framework not in Framework.values:
        raise ValidationError({"framework": "Choisissez le cadre de l'intervention."})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "La convention ne peut pas finir avant de prendre effet."})
    check_upload(file, "file")
    convention = Convention(
        partner=partner,
        party=party.strip(),
        establishment=establishment,
        starts_on=starts_on,
        ends_on=ends_on,
        framework=framework,
        file=file,
        created_by=acting_user,
    )
    convention.full_clean(exclude=["partner", "created_by", "file", "establishment"])
    convention.save()
    JournalEntry.log_create(user=acting_user, obj=convention, organisation=partner.organisation)
    return convention


# -- the accompaniment of a patient by a patient partner -------------------------------------


def _refuse_unless_proposable(partner: PatientPartner, on: date, organisation_id: int | None = None) -> None:
    status = partner_proposable(partner, on, organisation_id)
    if not status:
        name, day, reasons = partner.display_name, on.strftime("%d/%m/%Y"), " ; ".join(status.reasons)
        raise ActionRefused(f"{name} ne peut pas être proposé·e le {day} : {reasons}.")


def _journal(acting_user: User | None, accompaniment: PartnerAccompaniment, detail: str) -> None:
    JournalEntry.log_update(
        user=acting_user,
        obj=accompaniment,
        organisation=accompaniment.organisation,
        person=accompaniment.person,
        detail=detail,
    )


@transaction.atomic
def accompaniment_propose(
    *,
    acting_user: User,
    person: Person,
    suggested: Iterable[PatientPartner] = (),
    proposed_on: date | None = None,
) -> PartnerAccompaniment:
    """Propose patient partners to a patient of the organisation (a community mediator, the
    coordination or a referring doctor): the patient decides, nothing is shared before their
    signed consent. The partners suggested must be proposable that day."""
    accompaniment = PartnerAccompaniment(
        organisation=person.organisation,
        person=person,
        proposed_by=acting_user,
        proposed_on=proposed_on or timezone.localdate(),
    )
    ACCOMPANIMENTS.start(acting_user, accompaniment, "propose")
    if person.is_anonymised or person.organisation.kind not in COMMUNITY_KINDS:
        raise ValidationError({"person": "Choisissez une fiche suivie par votre organisation."})
    if accompaniment.proposed_on > timezone.localdate():
        raise ValidationError({"proposed_on": "La proposition ne peut pas être datée dans le futur."})
    if PartnerAccompaniment.objects.filter(person=person).exclude(status="ended").exists():
        raise ActionRefused(
            "Un accompagnement par un·e patient·e partenaire est déjà en cours pour cette personne."
        )
    partners = list(dict.fromkeys(suggested))
    reaching = set(PatientPartner.objects.reaching(person.organisation_id).values_list("pk", flat=True))
    for partner in partners:
        if partner.pk not in reaching:
            elsewhere = "Choisissez des patient·es partenaires de votre registre ou d'un réseau conventionné."
            raise ValidationError({"suggested": elsewhere})
        _refuse_unless_proposable(partner, accompaniment.proposed_on, person.organisation_id)
    accompaniment.save()
    accompaniment.suggested.set(partners)
    ACCOMPANIMENTS.log_creation(acting_user, accompaniment, "propose")
    JournalEntry.log_create(
        user=acting_user, obj=accompaniment, organisation=accompaniment.organisation, person=person
    )
    return accompaniment


@transaction.atomic
def accompaniment_record_consent(
    *,
    acting_user: User,
    accompaniment: PartnerAccompaniment,
    method: str,
    consented_on: date,
    scope: str = DEFAULT_SCOPE,
    information_version: str = CURRENT_PARTNER_INFORMATION_VERSION,
    scan: "UploadedFile[bytes] | None" = None,
    signed_name: str = "",
    signature: str = "",
) -> PartnerAccompaniment:
    """The patient's signed consent: a scan of the paper signed, or on screen — the signature
    drawn (``signature``: the strokes as JSON, ``lien.lib.signature``), the full name the patient
    types and the moment."""
    ACCOMPANIMENTS.check(acting_user, accompaniment, "record_consent")
    if method not in ConsentMethod.values:
        raise ValidationError({"method": "Choisissez la forme du consentement."})
    if consented_on > timezone.localdate():
        raise ValidationError({"consented_on": "Le consentement ne peut pas être daté dans le futur."})
    if consented_on < accompaniment.proposed_on:
        raise ValidationError({"consented_on": "Le consentement ne peut pas précéder la proposition."})
    if information_version not in PARTNER_INFORMATION_VERSIONS:
        raise ValidationError({"information_version": "Version du texte d'information inconnue."})
    if not scope.strip():
        raise ValidationError({"scope": "Indiquez à quoi le ou la patient·e consent."})
    if method == ConsentMethod.SCAN:
        if scan is None:
            raise ValidationError({"scan": "Déposez le consentement signé, numérisé."})
        check_upload(scan, "scan")
        accompaniment.consent_scan = scan
    else:
        errors = {}
        if not signed_name.strip():
            errors["signed_name"] = "Le ou la patient·e saisit son nom complet pour signer."
        try:
            strokes = parse_strokes(signature)
        except SignatureError as error:
            errors["signature"] = str(error)
        if errors:
            raise ValidationError(errors)
        accompaniment.signature_strokes = [[list(point) for point in stroke] for stroke in strokes]
        accompaniment.signed_name = signed_name.strip()
        accompaniment.signed_at = timezone.now()
    accompaniment.consent_method = method
    accompaniment.consented_on = consented_on
    accompaniment.consent_scope = scope.strip()
    accompaniment.consent_information_version = information_version
    accompaniment.consent_recorded_by = acting_user
    ACCOMPANIMENTS.perform(acting_user, accompaniment, "record_consent")
    accompaniment.save()
    _journal(acting_user, accompaniment, "record_consent")
    return accompaniment


@transaction.atomic
def accompaniment_choose_partner(
    *,
    acting_user: User,
    accompaniment: PartnerAccompaniment,
    partner: PatientPartner,
    contacted_on: date,
) -> PartnerAccompaniment:
    """The patient chose this partner and made the contact: from now on the partner sees the
    patient's first name and how to reach them. The partner must be proposable that day."""
    ACCOMPANIMENTS.check(acting_user, accompaniment, "choose_partner")
    if not PatientPartner.objects.reaching(accompaniment.organisation_id).filter(pk=partner.pk).exists():
        raise ValidationError(
            {"partner": "Choisissez un·e patient·e partenaire de votre registre ou d'un réseau conventionné."}
        )
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": "La prise de contact ne peut pas être datée dans le futur."})
    if accompaniment.consented_on is not None and contacted_on < accompaniment.consented_on:
        raise ValidationError({"contacted_on": "La prise de contact ne peut pas précéder le consentement."})
    _refuse_unless_proposable(partner, contacted_on, accompaniment.organisation_id)
    accompaniment.partner = partner
    accompaniment.contacted_on = contacted_on
    ACCOMPANIMENTS.perform(acting_user, accompaniment, "choose_partner")
    accompaniment.save()
    _journal(acting_user, accompaniment, "choose_partner")
    return accompaniment


def _close(
    acting_user: User | None,
    accompaniment: PartnerAccompaniment,
    name: str,
    reason: str,
    on: date | None,
    *,
    system: bool = False,
) -> PartnerAccompaniment:
    if not system:
        ACCOMPANIMENTS.check(acting_user, accompaniment, name)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": "La fin ne peut pas être datée dans le futur."})
    accompaniment.ended_on = day
    accompaniment.end_reason = reason
    ACCOMPANIMENTS.perform(acting_user, accompaniment, name, system=system)
    accompaniment.save()
    _journal(acting_user, accompaniment, name)
    return accompaniment


@transaction.atomic
def accompaniment_withdraw(
    *, acting_user: User, accompaniment: PartnerAccompaniment, on: date | None = None
) -> PartnerAccompaniment:
    """The patient withdraws (at any time): the partner's access ends at once."""
    return _close(acting_user, accompaniment, "withdraw", EndReason.WITHDRAWN, on)


@transaction.atomic
def accompaniment_end(
    *, acting_user: User, accompaniment: PartnerAccompaniment, on: date | None = None
) -> PartnerAccompaniment:
    """The accompaniment is over: the partner's access ends."""
    return _close(acting_user, accompaniment, "end", EndReason.ENDED, on)


def accompaniments_withdraw_for_consent(*, acting_user: User | None, person: Person) -> None:
    """The person withdrew their consent to the file: every accompaniment still open ends, as a
    withdrawal (a job of Lien: whoever recorded the withdrawal may not hold the permission)."""
    for accompaniment in PartnerAccompaniment.objects.filter(person=person).exclude(status="ended"):
        _close(acting_user, accompaniment, "withdraw", EndReason.WITHDRAWN, None, system=True)


# -- the accompaniment log kept by the patient partner -------------------------------------------


def _refuse_unless_open_to_partner(acting_user: User, accompaniment: PartnerAccompaniment) -> None:
    """Only the partner chosen, while the accompaniment is open: the rule of what they see."""
    visible = PartnerAccompaniment.objects.visible_to_partner(acting_user).filter(pk=accompaniment.pk)
    if not visible.exists():
        raise ActionRefused(
            "Cet accompagnement n'est plus en cours (fin ou retrait du ou de la patient·e) : "
            "vous ne pouvez plus y noter de rencontre ni de difficulté."
        )


def _refuse_unless_in_range(day: date, accompaniment: PartnerAccompaniment, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "La date ne peut pas être dans le futur."})
    if accompaniment.contacted_on is not None and day < accompaniment.contacted_on:
        chosen = accompaniment.contacted_on.strftime("%d/%m/%Y")
        message = f"La date ne peut pas précéder le choix du ou de la patient·e ({chosen})."
        raise ValidationError({field: message})


def _log_create(acting_user: User, obj: PartnerMeeting | PartnerDifficulty) -> None:
    # Ids only: the partner's side never loads the Person.
    accompaniment = obj.accompaniment
    JournalEntry.log_create(
        user=acting_user,
        obj=obj,
        organisation=Organisation(pk=accompaniment.organisation_id),
        person=Person(pk=accompaniment.person_id),
    )


@transaction.atomic
def partner_meeting_record(
    *,
    acting_user: User,
    accompaniment: PartnerAccompaniment,
    met_on: date,
    duration_minutes: int,
    mode: str,
    themes: Iterable[str] = (),
    place: str = "",
) -> PartnerMeeting:
    """The partner notes a meeting with the patient they accompany: the date, the duration, the
    form, the place if they wish, the themes from a closed list; never words about their health."""
    _refuse_unless_open_to_partner(acting_user, accompaniment)
    _refuse_unless_in_range(met_on, accompaniment, "met_on")
    if not 1 <= duration_minutes <= MEETING_MAX_MINUTES:
        message = f"Indiquez une durée de 1 à {MEETING_MAX_MINUTES} minutes."
        raise ValidationError({"duration_minutes": message})
    if mode not in MeetingMode.values:
        raise ValidationError({"mode": "Choisissez la forme de la rencontre."})
    codes = _codes(themes, MeetingTheme.values, "themes", "Thème inconnu : %(codes)s.")
    if not codes:
        raise ValidationError({"themes": "Choisissez au moins un thème."})
    place = place.strip()
    if len(place) > MEETING_PLACE_LENGTH:
        raise ValidationError({"place": f"Le lieu tient en {MEETING_PLACE_LENGTH} caractères au plus."})
    meeting = PartnerMeeting.objects.create(
        accompaniment=accompaniment,
        met_on=met_on,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        recorded_by=acting_user,
    )
    PartnerMeetingTheme.objects.bulk_create(PartnerMeetingTheme(meeting=meeting, code=code) for code in codes)
    _log_create(acting_user, meeting)
    return meeting


def _mediators(organisation_id: int) -> list[User]:
    roles = [role for role in Role if role_grants(role, Perm.PARTNER_ACCOMPANY)]
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation_id=organisation_id, memberships__role__in=roles
        ).distinct()
    )


@transaction.atomic
def partner_difficulty_signal(
    *,
    acting_user: User,
    accompaniment: PartnerAccompaniment,
    kind: str,
    message: str = "",
    signalled_on: date | None = None,
) -> PartnerDifficulty:
    """The partner signals a difficulty: the mediators of the organisation are notified, by a
    sentence that names nobody; ``notified_count`` says how many were (none when the organisation
    has no active mediator, which the partner's screen then says)."""
    _refuse_unless_open_to_partner(acting_user, accompaniment)
    day = signalled_on or timezone.localdate()
    _refuse_unless_in_range(day, accompaniment, "signalled_on")
    if kind not in DifficultyKind.values:
        raise ValidationError({"kind": "Choisissez la difficulté."})
    message = message.strip()
    if len(message) > DIFFICULTY_MESSAGE_LENGTH:
        too_long = f"Le message tient en {DIFFICULTY_MESSAGE_LENGTH} caractères au plus."
        raise ValidationError({"message": too_long})
    difficulty = PartnerDifficulty.objects.create(
        accompaniment=accompaniment, signalled_on=day, kind=kind, message=message, recorded_by=acting_user
    )
    _log_create(acting_user, difficulty)
    notified = notify(
        users=_mediators(accompaniment.organisation_id),
        kind=NotificationKind.PARTNER_DIFFICULTY,
        text=f"Un·e patient·e partenaire signale une difficulté dans l'accompagnement n° {accompaniment.pk} "
        f"({difficulty.get_kind_display().lower()}).",
        url=reverse("partners:accompaniment_detail", args=[accompaniment.pk]),
        key=f"partner_difficulty:{difficulty.pk}",
        organisation=Organisation.objects.get(pk=accompaniment.organisation_id),
    )
    difficulty.notified_count = len(notified)
    difficulty.save(update_fields=["notified_count"])
    return difficulty


@transaction.atomic
def partner_difficulty_handle(*, acting_user: User, difficulty: PartnerDifficulty) -> PartnerDifficulty:
    """A mediator of the organisation marks a signalled difficulty as handled."""
    accompaniment = difficulty.accompaniment
    require_perm(acting_user, Perm.PARTNER_ACCOMPANY, accompaniment.organisation_id)
    if difficulty.handled_at is not None:
        raise ActionRefused("Cette difficulté est déjà marquée comme traitée.")
    difficulty.handled_at = timezone.now()
    difficulty.handled_by = acting_user
    difficulty.save(update_fields=["handled_at", "handled_by"])
    JournalEntry.log_update(
        user=acting_user,
        obj=difficulty,
        organisation=accompaniment.organisation,
        person=accompaniment.person,
        detail="handled",
    )
    return difficulty
