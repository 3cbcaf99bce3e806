"""The retention periods, per category of data: what has expired at a date. The one place the rules
live; ``services.retention_run`` applies them (``lien tick``) or lists them (``lien retention
--dry-run``).

- **Community files** (associations, health centres): a file is kept for the time of the
  accompaniment, then ``LIEN_RETENTION_FOLLOWUP_YEARS`` (2) without any activity (CNIL, social and
  medico-social follow-up). Activity is any row of any app dated on or after the cutoff (a
  contact, an appointment — one to come means active —, an orientation, a test, an assessment, a
  procedure, a partner accompaniment, a workshop registration, a testimony, a consent), or the
  file itself created or modified since; something still open (a follow-up, a procedure, a
  partner accompaniment, a referral taken) keeps the file whatever its dates. Expired, the file is
  anonymised as by a consent withdrawal; its rows stay for the statistics.
- **Requesters of saisines** (a fund's mediation): a person who made or is concerned by saisines,
  all of them ended (closed, ended by a court action, or not receivable with the notice sent)
  longer than ``LIEN_RETENTION_SAISINE_YEARS`` (5) ago, is anonymised with the saisines' free text
  (``saisines/receivers.py``). A person with a saisine is governed by this rule only.
- **Saisines without a person** (imported without a requester): their free text goes
  (``saisines/receivers.saisines_erase_text``) ``LIEN_RETENTION_SAISINE_YEARS`` after they ended.
- **Files outside community mediation without a saisine** (a fund's, a network's): neither
  created nor modified for ``LIEN_RETENTION_SAISINE_YEARS``, with no activity since (as above)
  and nothing open, they are anonymised.
- **Documents of saisines**: deleted with their files ``LIEN_RETENTION_DOCUMENT_YEARS`` (the
  saisine period by default) after the saisine ended.
- **Anonymous outreach contacts** are not a category: they hold no free text and nothing that
  names a person (a date, a session, an age band, a gender, a commune, topics as codes); the
  identified ones go with their file.

Each rule returns a queryset; dates are compared with indexed columns through ``Exists``.
"""

from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from lien.accounts.enums import COMMUNITY_KINDS
from lien.appointments.models import Accompaniment, Appointment
from lien.assessments.models import Assessment
from lien.followup.enums import FollowupStatus
from lien.followup.models import Contact as FollowupContact
from lien.followup.models import Followup, Goal, Prescription
from lien.lib.dates import start_of_day
from lien.orientations.models import Orientation
from lien.outreach.models import Contact as OutreachContact
from lien.participation.models import Testimony
from lien.partners.enums import AccompanimentStatus
from lien.partners.models import PartnerAccompaniment, PartnerMeeting
from lien.people.models import Consent, Person
from lien.prevention.models import Advice, RapidTest
from lien.referrals.enums import ReferralStatus
from lien.referrals.models import Referral
from lien.rights.enums import OPEN_STATUSES as OPEN_PROCEDURES
from lien.rights.models import Procedure
from lien.saisines.enums import OPEN_STATUSES as OPEN_SAISINES
from lien.saisines.models import Document, Saisine
from lien.saisines.receivers import saisines_with_text
from lien.workshops.models import WorkshopRegistration


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _activity_since(cutoff: date, today: date) -> list[Exists]:
    """For a person (``OuterRef("pk")``), one ``Exists`` per app: a row dated on or after
    ``cutoff``, or still open, or to come after ``today``."""
    person = OuterRef("pk")
    since = start_of_day(cutoff)
    return [
        Exists(
            Followup.objects.filter(person=person).filter(
                Q(status=FollowupStatus.ACTIVE)
                | Q(started_on__gte=cutoff)
                | Q(ended_on__gte=cutoff)
                | Q(next_contact_on__gte=cutoff)
            )
        ),
        Exists(FollowupContact.objects.filter(person=person, on__gte=cutoff)),
        Exists(
            Goal.objects.filter(person=person).filter(Q(agreed_on__gte=cutoff) | Q(closed_on__gte=cutoff))
        ),
        Exists(
            Prescription.objects.filter(person=person).filter(
                Q(prescribed_on__gte=cutoff) | Q(done_on__gte=cutoff)
            )
        ),
        # Past or to come: an appointment to come means the person is accompanied.
        Exists(Appointment.objects.filter(person=person, starts_at__gte=since)),
        Exists(Accompaniment.objects.filter(person=person, on__gte=cutoff)),
        Exists(
            Orientation.objects.filter(person=person).filter(
                Q(oriented_on__gte=cutoff) | Q(outcome_on__gte=cutoff)
            )
        ),
        Exists(
            RapidTest.objects.filter(person=person).filter(
                Q(performed_on__gte=cutoff) | Q(linkage_updated_on__gte=cutoff)
            )
        ),
        Exists(Advice.objects.filter(person=person, given_on__gte=cutoff)),
        Exists(Assessment.objects.filter(person=person, assessed_on__gte=cutoff)),
        # An open procedure keeps the file; rights that ended since the cutoff too (their renewal
        # is on the call list).
        Exists(
            Procedure.objects.filter(person=person).filter(
                Q(status__in=OPEN_PROCEDURES)
                | Q(started_on__gte=cutoff)
                | Q(filed_on__gte=cutoff)
                | Q(decision_on__gte=cutoff)
                | Q(rights_end__gte=cutoff)
            )
        ),
        Exists(
            PartnerAccompaniment.objects.filter(person=person).filter(
                ~Q(status=AccompanimentStatus.ENDED)
                | Q(proposed_on__gte=cutoff)
                | Q(consented_on__gte=cutoff)
                | Q(contacted_on__gte=cutoff)
                | Q(ended_on__gte=cutoff)
            )
        ),
        Exists(PartnerMeeting.objects.filter(accompaniment__person=person, met_on__gte=cutoff)),
        # A registration, a withdrawal or a session attended since the cutoff; a session of the
        # programme to come while the person is registered.
        Exists(
            WorkshopRegistration.objects.filter(person=person).filter(
                Q(registered_on__gte=cutoff)
                | Q(withdrawn_on__gte=cutoff)
                | Q(attendances__session__starts_at__gte=since)
                | Q(withdrawn_on__isnull=True, programme__sessions__starts_at__gte=start_of_day(today))
            )
        ),
        Exists(OutreachContact.all_objects.filter(person=person, deleted_at__isnull=True, on__gte=cutoff)),
        Exists(
            Referral.objects.filter(person=person).filter(
                Q(status__in=[ReferralStatus.NEW, ReferralStatus.TAKEN]) | Q(referred_on__gte=cutoff)
            )
        ),
        Exists(Testimony.objects.filter(person=person, collected_on__gte=cutoff)),
        Exists(Consent.objects.filter(person=person, given_on__gte=cutoff)),
    ]


def _has_saisine() -> Exists:
    return Exists(Saisine.objects.filter(Q(requester=OuterRef("pk")) | Q(concerned_person=OuterRef("pk"))))


def community_files_expired(today: date) -> QuerySet[Person]:
    """The community files with no activity since ``LIEN_RETENTION_FOLLOWUP_YEARS`` before
    ``today`` and nothing open; not yet anonymised, without a saisine."""
    cutoff = years_before(today, settings.LIEN_RETENTION_FOLLOWUP_YEARS)
    since = start_of_day(cutoff)
    people = Person.objects.filter(
        organisation__kind__in=COMMUNITY_KINDS,
        anonymised_at__isnull=True,
        created_at__lt=since,
        updated_at__lt=since,
    ).exclude(_has_saisine())
    for recent in _activity_since(cutoff, today):
        people = people.exclude(recent)
    return people


def _saisine_ended_on() -> Coalesce:
    """When a saisine ended: its closure (or the end by a court action), else, not receivable,
    the notice sent; NULL while it has not ended."""
    return Coalesce("closed_on", "notice_sent_on")


def requesters_expired(today: date) -> QuerySet[Person]:
    """The people who made or are concerned by saisines, all ended before
    ``LIEN_RETENTION_SAISINE_YEARS`` before ``today``; not yet anonymised."""
    cutoff = years_before(today, settings.LIEN_RETENTION_SAISINE_YEARS)
    theirs = Saisine.objects.filter(Q(requester=OuterRef("pk")) | Q(concerned_person=OuterRef("pk")))
    kept = theirs.annotate(ended_on=_saisine_ended_on()).filter(
        Q(status__in=OPEN_SAISINES) | Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
    )
    return Person.objects.filter(anonymised_at__isnull=True).filter(_has_saisine()).exclude(Exists(kept))


def documents_expired(today: date) -> QuerySet[Document]:
    """The documents of saisines ended before ``LIEN_RETENTION_DOCUMENT_YEARS`` before ``today``."""
    cutoff = years_before(today, settings.LIEN_RETENTION_DOCUMENT_YEARS)
    ended = Saisine.objects.exclude(status__in=OPEN_SAISINES).annotate(ended_on=_saisine_ended_on())
    return Document.objects.filter(saisine__in=ended.filter(ended_on__lt=cutoff).values("pk"))


def saisines_without_person_expired(today: date) -> QuerySet[Saisine]:
    """The saisines with neither requester nor person concerned (imported so), ended before
    ``LIEN_RETENTION_SAISINE_YEARS`` before ``today``, still holding free text."""
    cutoff = years_before(today, settings.LIEN_RETENTION_SAISINE_YEARS)
    return (
        Saisine.objects.filter(requester__isnull=True, concerned_person__isnull=True)
        .exclude(status__in=OPEN_SAISINES)
        .annotate(ended_on=_saisine_ended_on())
        .filter(ended_on__lt=cutoff)
        .filter(saisines_with_text())
    )


def files_without_saisine_expired(today: date) -> QuerySet[Person]:
    """The files of a fund, a regional or national organisation that have no saisine, neither
    created nor modified since ``LIEN_RETENTION_SAISINE_YEARS`` before ``today``, with no
    activity since and nothing open; not yet anonymised."""
    cutoff = years_before(today, settings.LIEN_RETENTION_SAISINE_YEARS)
    since = start_of_day(cutoff)
    people = (
        Person.objects.exclude(organisation__kind__in=COMMUNITY_KINDS)
        .filter(anonymised_at__isnull=True, created_at__lt=since, updated_at__lt=since)
        .exclude(_has_saisine())
    )
    for recent in _activity_since(cutoff, today):
        people = people.exclude(recent)
    return people
