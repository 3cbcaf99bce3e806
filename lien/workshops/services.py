"""Writes of the workshops: one service per action, each checking the permission in the
programme's organisation, validating, and journalling. The rules of the programme:

- a person is registered only with their consent to take part recorded (date, version of the text
  read out, who recorded it), once per programme, while it is open;
- a session never holds more people than its places: a registration is refused once the
  registrations in force fill the smallest session to come, a session's places never fall below
  them;
- attendance is recorded for the people registered on the session's day, once it has started;
- a patient partner facilitates a session only if proposable on its day (the one rule of
  ``partners.rules.partner_proposable``);
- a withdrawal loses the person: the sessions held before count the registration as a number,
  the sessions to come no longer list it.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lien.accounts.enums import COMMUNITY_KINDS, Role
from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.journal.models import Action, JournalEntry
from lien.partners.enums import Pathology
from lien.partners.models import PatientPartner
from lien.partners.rules import partner_proposable
from lien.people.models import Person
from lien.workflow.engine import ActionRefused
from lien.workshops.enums import AttendanceStatus, SessionTheme
from lien.workshops.information import WORKSHOP_INFORMATION_VERSIONS
from lien.workshops.models import (
    DESCRIPTION_LENGTH,
    MAX_CAPACITY,
    PLACE_LENGTH,
    SESSION_MAX_MINUTES,
    TITLE_LENGTH,
    WorkshopAttendance,
    WorkshopProgramme,
    WorkshopRegistration,
    WorkshopSession,
)

PROGRAMME_FIELDS = ("title", "description", "pathology", "starts_on", "ends_on", "active")
SESSION_FIELDS = ("starts_at", "duration_minutes", "place", "theme", "capacity", "professionals", "partners")
# Who facilitates as a professional: a member of the organisation in any role but these.
NOT_PROFESSIONALS = (Role.PATIENT_PARTNER, Role.ADMIN)


# -- programmes ------------------------------------------------------------------------------------


def _check_programme(programme: WorkshopProgramme) -> None:
    programme.title = programme.title.strip()
    programme.description = programme.description.strip()
    if not programme.title:
        raise ValidationError({"title": _("Indiquez le titre du programme.")})
    if len(programme.title) > TITLE_LENGTH:
        raise ValidationError({"title": _("Le titre tient en 200 caractères au plus.")})
    if len(programme.description) > DESCRIPTION_LENGTH:
        raise ValidationError({"description": _("La présentation tient en 2000 caractères au plus.")})
    if programme.pathology not in [*Pathology.values, ""]:
        raise ValidationError({"pathology": _("Pathologie inconnue.")})
    if programme.ends_on is not None and programme.ends_on < programme.starts_on:
        raise ValidationError({"ends_on": _("Le programme ne peut pas finir avant de commencer.")})


@transaction.atomic
def programme_create(
    *,
    acting_user: User,
    organisation: Organisation,
    title: str,
    starts_on: date,
    description: str = "",
    pathology: str = "",
    ends_on: date | None = None,
    active: bool = True,
) -> WorkshopProgramme:
    """Open a workshop programme in the organisation (an association or a health centre)."""
    require_perm(acting_user, Perm.WORKSHOPS_MANAGE, organisation.pk)
    if organisation.kind not in COMMUNITY_KINDS:  # pragma: no cover — the permission exists there only
        raise ValidationError(_("Les ateliers sont ceux d'une association ou d'un centre de santé."))
    programme = WorkshopProgramme(
        organisation=organisation,
        title=title,
        description=description,
        pathology=pathology,
        starts_on=starts_on,
        ends_on=ends_on,
        active=active,
        created_by=acting_user,
    )
    _check_programme(programme)
    programme.save()
    JournalEntry.log_create(user=acting_user, obj=programme, organisation=organisation)
    return programme


@transaction.atomic
def programme_update(*, acting_user: User, programme: WorkshopProgramme, **fields: Any) -> WorkshopProgramme:
    """Change what is said of the programme (``PROGRAMME_FIELDS``); its sessions stay within it."""
    require_perm(acting_user, Perm.WORKSHOPS_MANAGE, programme.organisation_id)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"programme_update() got unexpected fields: {sorted(unknown)}")
    changed = sorted(name for name, value in fields.items() if getattr(programme, name) != value)
    for name, value in fields.items():
        setattr(programme, name, value)
    _check_programme(programme)
    outside = [s for s in programme.sessions.all() if not programme.covers(s.day)]
    if outside:
        raise ValidationError(
            _("La séance du %(day)s sortirait du programme : changez-la d'abord.")
            % {"day": date_format(outside[0].day, "j F Y")}
        )
    programme.save()
    JournalEntry.log_update(
        user=acting_user, obj=programme, organisation=programme.organisation, detail=", ".join(changed)
    )
    return programme


# -- sessions --------------------------------------------------------------------------------------


def professionals_of(organisation_id: int) -> "Iterable[User]":
    """The members of the organisation who may facilitate a session as professionals."""
    return (
        User.objects.filter(is_active=True, memberships__organisation_id=organisation_id)
        .exclude(memberships__organisation_id=organisation_id, memberships__role__in=NOT_PROFESSIONALS)
        .distinct()
        .order_by("full_name", "email")
    )


def _refuse_unless_proposable(partner: PatientPartner, on: date) -> None:
    status = partner_proposable(partner, on)
    if not status:
        raise ActionRefused(
            _("%(name)s ne peut pas animer une séance le %(day)s : %(reasons)s.")
            % {
                "name": partner.display_name,
                "day": date_format(on, "j F Y"),
                "reasons": " ; ".join(status.reasons),
            }
        )


def _active_count(programme: WorkshopProgramme) -> int:
    return WorkshopRegistration.objects.filter(programme=programme).active().count()


def _check_session(
    session: WorkshopSession, professionals: list[User], partners: list[PatientPartner], changed: set[str]
) -> None:
    programme = session.programme
    session.place = session.place.strip()
    if not session.place:
        raise ValidationError({"place": _("Indiquez le lieu de la séance.")})
    if len(session.place) > PLACE_LENGTH:
        raise ValidationError({"place": _("Le lieu tient en 200 caractères au plus.")})
    if session.theme not in SessionTheme.values:
        raise ValidationError({"theme": _("Choisissez le thème de la séance.")})
    if not 1 <= session.duration_minutes <= SESSION_MAX_MINUTES:
        raise ValidationError({"duration_minutes": _("Indiquez une durée de 1 à 600 minutes.")})
    if not 1 <= session.capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": _("Indiquez de 1 à 100 places.")})
    if not programme.covers(session.day):
        raise ValidationError(
            {"starts_at": _("La séance a lieu pendant le programme, entre son début et sa fin.")}
        )
    if not session.has_started():
        registered = _active_count(programme)
        if session.capacity < registered:
            raise ActionRefused(
                _(
                    "%(count)s personnes sont inscrites au programme : la séance ne peut pas en "
                    "accueillir moins."
                )
                % {"count": registered}
            )
    members = {user.pk for user in professionals_of(programme.organisation_id)}
    if any(user.pk not in members for user in professionals):
        raise ValidationError(
            {"professionals": _("Choisissez des professionnel·les de l'organisation du programme.")}
        )
    for partner in partners:
        if partner.organisation_id != programme.organisation_id:
            raise ValidationError({"partners": _("Choisissez des patient·es partenaires de votre registre.")})
    # The rule holds on the session's day: checked again when the day or the partners change.
    if changed & {"starts_at", "partners"}:
        on = session.day
        for partner in PatientPartner.objects.filter(pk__in=[p.pk for p in partners]).for_list():
            _refuse_unless_proposable(partner, on)


def _unique[T](items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))


@transaction.atomic
def session_create(
    *,
    acting_user: User,
    programme: WorkshopProgramme,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    theme: str,
    capacity: int,
    professionals: Iterable[User] = (),
    partners: Iterable[PatientPartner] = (),
) -> WorkshopSession:
    """Plan a session of the programme, with its facilitators (professionals and patient
    partners proposable on that day)."""
    require_perm(acting_user, Perm.WORKSHOPS_MANAGE, programme.organisation_id)
    session = WorkshopSession(
        programme=programme,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        theme=theme,
        capacity=capacity,
        created_by=acting_user,
    )
    chosen_professionals, chosen_partners = _unique(professionals), _unique(partners)
    _check_session(session, chosen_professionals, chosen_partners, {"starts_at", "partners"})
    session.save()
    session.professionals.set(chosen_professionals)
    session.partners.set(chosen_partners)
    JournalEntry.log_create(user=acting_user, obj=session, organisation=programme.organisation)
    return session


@transaction.atomic
def session_update(*, acting_user: User, session: WorkshopSession, **fields: Any) -> WorkshopSession:
    """Change a session (``SESSION_FIELDS``)."""
    programme = session.programme
    require_perm(acting_user, Perm.WORKSHOPS_MANAGE, programme.organisation_id)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"session_update() got unexpected fields: {sorted(unknown)}")
    professionals = _unique(fields.pop("professionals", session.professionals.all()))
    partners = _unique(fields.pop("partners", session.partners.all()))
    changed = {name for name, value in fields.items() if getattr(session, name) != value}
    if {p.pk for p in partners} != set(session.partners.values_list("pk", flat=True)):
        changed.add("partners")
    if {u.pk for u in professionals} != set(session.professionals.values_list("pk", flat=True)):
        changed.add("professionals")
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session(session, professionals, partners, changed)
    session.save()
    session.professionals.set(professionals)
    session.partners.set(partners)
    JournalEntry.log_update(
        user=acting_user, obj=session, organisation=programme.organisation, detail=", ".join(sorted(changed))
    )
    return session


# -- registrations ---------------------------------------------------------------------------------


def _refuse_if_full(programme: WorkshopProgramme) -> None:
    """The registrations in force fill the smallest session to come: nobody more."""
    smallest = WorkshopSession.objects.filter(programme=programme, starts_at__gt=timezone.now()).aggregate(
        places=Min("capacity")
    )["places"]
    if smallest is not None and _active_count(programme) >= smallest:
        raise ActionRefused(
            _("Le programme est complet : une séance à venir n'a que %(places)s places.")
            % {"places": smallest}
        )


@transaction.atomic
def registration_create(
    *,
    acting_user: User,
    programme: WorkshopProgramme,
    person: Person,
    consent_given: bool,
    consented_on: date | None,
    information_version: str,
    registered_on: date | None = None,
) -> WorkshopRegistration:
    """Register a person of the organisation to the programme, with their consent to take part
    (read out in the version ``information_version``, given on ``consented_on``)."""
    require_perm(acting_user, Perm.WORKSHOPS_REGISTER, programme.organisation_id)
    today = timezone.localdate()
    registered_on = registered_on or today
    if person.organisation_id != programme.organisation_id or person.is_anonymised:
        raise ValidationError(
            {"person": _("Choisissez une personne suivie par l'organisation du programme.")}
        )
    if not consent_given or consented_on is None:
        raise ValidationError(
            {"consent_given": _("La personne doit avoir consenti à participer : notez son consentement.")}
        )
    if information_version not in WORKSHOP_INFORMATION_VERSIONS:
        raise ValidationError({"information_version": _("Version du texte d'information inconnue.")})
    if consented_on > today:
        raise ValidationError({"consented_on": _("Le consentement ne peut pas être daté dans le futur.")})
    if registered_on > today:
        raise ValidationError({"registered_on": _("L'inscription ne peut pas être datée dans le futur.")})
    if consented_on > registered_on:
        raise ValidationError({"consented_on": _("Le consentement précède l'inscription.")})
    if not programme.active or (programme.ends_on is not None and programme.ends_on < today):
        raise ActionRefused(_("Ce programme n'est plus ouvert aux inscriptions."))
    programme = WorkshopProgramme.objects.select_for_update().get(pk=programme.pk)
    if WorkshopRegistration.objects.filter(programme=programme, person=person).exists():
        raise ActionRefused(_("Cette personne est déjà inscrite à ce programme."))
    _refuse_if_full(programme)
    registration = WorkshopRegistration.objects.create(
        programme=programme,
        person=person,
        registered_on=registered_on,
        consented_on=consented_on,
        consent_information_version=information_version,
        consent_recorded_by=acting_user,
    )
    JournalEntry.log_create(
        user=acting_user, obj=registration, organisation=programme.organisation, person=person
    )
    return registration


def _withdraw(acting_user: User | None, registration: WorkshopRegistration, on: date) -> None:
    person = registration.person
    # The sessions to come no longer know the person; those held keep their count.
    WorkshopAttendance.objects.filter(
        registration=registration, session__starts_at__gt=timezone.now()
    ).delete()
    registration.withdrawn_on = max(on, registration.registered_on)
    registration.withdrawn_by = acting_user
    registration.person = None
    registration.save(update_fields=["withdrawn_on", "withdrawn_by", "person"])
    JournalEntry.log_update(
        user=acting_user,
        obj=registration,
        organisation=Organisation(pk=registration.programme.organisation_id),
        person=person,
        detail="withdraw",
    )


@transaction.atomic
def registration_withdraw(*, acting_user: User, registration: WorkshopRegistration) -> WorkshopRegistration:
    """The person stops taking part (at any time): their name leaves the programme."""
    require_perm(acting_user, Perm.WORKSHOPS_REGISTER, registration.programme.organisation_id)
    if registration.is_withdrawn:
        raise ActionRefused(_("Cette inscription est déjà retirée."))
    _withdraw(acting_user, registration, timezone.localdate())
    return registration


def registrations_withdraw_for_consent(*, acting_user: User | None, person: Person) -> None:
    """The person withdrew their consent to the file: every registration still in force ends (a
    job of Lien: whoever recorded the withdrawal may not hold the permission)."""
    for registration in WorkshopRegistration.objects.filter(person=person).select_related("programme"):
        _withdraw(acting_user, registration, timezone.localdate())


# -- attendance ------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, acting_user: User, session: WorkshopSession, entries: Mapping[int, str]
) -> list[WorkshopAttendance]:
    """Record who came to a session that has started: ``entries`` maps a registration's id to
    its ``AttendanceStatus``. Only the people registered on the session's day."""
    programme = session.programme
    require_perm(acting_user, Perm.WORKSHOPS_MANAGE, programme.organisation_id)
    if not session.has_started():
        raise ActionRefused(_("La séance n'a pas encore commencé : la présence se note une fois commencée."))
    unknown = sorted({status for status in entries.values()} - set(AttendanceStatus.values))
    if unknown:
        raise ValidationError(
            {"entries": _("Présence inconnue : %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    in_force = WorkshopRegistration.objects.filter(programme=programme, person__isnull=False).in_force(
        session.day
    )
    registered = {registration.pk: registration for registration in in_force.filter(pk__in=list(entries))}
    strangers = sorted(set(entries) - set(registered))
    if strangers:
        raise ValidationError(
            {
                "entries": _(
                    "Seules les personnes inscrites au programme le jour de la séance ont une présence."
                )
            }
        )
    existing = {row.registration_id: row for row in WorkshopAttendance.objects.filter(session=session)}
    rows = []
    for pk, status in entries.items():
        row = existing.get(pk) or WorkshopAttendance(registration=registered[pk], session=session)
        row.status = status
        row.recorded_by = acting_user
        row.save()
        rows.append(row)
    JournalEntry.log_update(
        user=acting_user, obj=session, organisation=programme.organisation, detail=f"présences ({len(rows)})"
    )
    return rows


# -- the report's files ----------------------------------------------------------------------------


def report_print(*, acting_user: User, programme: WorkshopProgramme, html: str, period: str) -> bytes:
    """The report as a PDF, journalled as a print (figures only, no person)."""
    from lien.web.pdf import html_to_pdf

    document = html_to_pdf(html)
    JournalEntry.log(
        user=acting_user,
        action=Action.PRINT,
        obj=programme,
        organisation=programme.organisation,
        detail=f"bilan {period}",
    )
    return document


def report_export(*, acting_user: User, programme: WorkshopProgramme, period: str) -> None:
    """The report as JSON, journalled as an export."""
    JournalEntry.log_export(
        user=acting_user, obj=programme, organisation=programme.organisation, detail=f"bilan {period} (JSON)"
    )
