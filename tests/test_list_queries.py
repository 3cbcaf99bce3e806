"""Every list, HTML and API, answers with a number of queries that does not grow with its rows.

Each list has a case: who asks, which rows make it (built through the services, each row with
its own person, commune and user, so that a lazy foreign key shows up as one more query per
row) and how to ask. The test builds a few rows, counts the queries of the request, builds as
many more and counts again: the two counts must be equal, and the answer must have grown.

The API lists are found in the routers (every GET operation answering a list or a page of
one); the HTML lists are a registry of route names, and every route without parameters, or
named like a list, is either in it or set aside with a reason. A new list without a case
fails ``test_every_*_list_has_a_case``.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import get_origin
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lien.accounts.enums import Role
from lien.accounts.models import User
from lien.accounts.services import api_token_create, membership_add
from lien.advocacy.services import dossier_create, excerpt_add, excerpt_review
from lien.api.api import api
from lien.appointments.services import (
    accompaniment_record,
    appointment_book,
    appointment_record_missed,
    reminder_send,
)
from lien.assessments.services import assessment_create
from lien.directory.services import (
    contact_save,
    difficulty_report,
    service_create,
    structure_create,
)
from lien.directory.services import meeting_save as partner_meeting_save
from lien.followup.services import contact_record as followup_contact
from lien.followup.services import followup_schedule, followup_start, goal_create, prescription_add
from lien.improvements.services import improvement_create, improvement_send, improvement_update
from lien.letters.services import letter_template_save
from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from lien.orientations.services import orientation_create, orientation_record_did_not_go
from lien.outreach.services import contact_record as outreach_contact
from lien.outreach.services import session_create
from lien.participation.models import Testimony as SavedTestimony
from lien.participation.services import meeting_save, relay_save
from lien.participation.services import testimony_save as save_testimony
from lien.partners import services as partners_services
from lien.partners.models import PartnerAccompaniment
from lien.people.access import get_person_for_user
from lien.prevention.services import collective_action_record, rapid_test_orient, rapid_test_record
from lien.referrals.services import referral_create
from lien.rights.services import (
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_return_to_documents,
    procedure_start,
    rights_reminders_create,
)
from lien.saisines.services import (
    document_add,
    exchange_request,
    note_add,
    saisine_declare_receivable,
    saisine_examine,
    saisine_receive,
    saisine_record_perimeter,
)
from lien.workshops import services as workshops_services
from lien.workshops.models import WorkshopRegistration
from tests.community import aware, sms_outbox  # noqa: F401 — the fixture of the text messages
from tests.factories import DRAWN_SIGNATURE, CommuneFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.mediation import FULL_CONSENT, consented_person

TODAY = date(2025, 5, 14)  # a Wednesday: the agenda's week runs from the 12th to the 18th
API = "/api/v1"
AGE_BAND = "25-34"
MEDIATOR, FUND = "community_mediator", "fund_mediator"  # who asks (keys of ``Rows.users``)


@pytest.fixture
def frozen():
    with time_machine.travel(aware(TODAY, 12), tick=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- The rows ------------------------------------------------------------------------------


class Rows:
    """The world of tests/conftest.py, a fund, and what the builders made (``made[kind]``)."""

    def __init__(self, world):
        self.world = world
        self.organisation = world.organisation
        self.users = dict(world.users)
        self.made: dict[str, list] = defaultdict(list)
        self.fund = OrganisationFactory(slug="cpam-listes", name="CPAM des listes", fund=True)
        self.users[FUND] = UserFactory(email="mediateur@cpam-listes.example")
        membership_add(user=self.users[FUND], organisation=self.fund, role=Role.INSTITUTIONAL_MEDIATOR)

    @property
    def mediator(self):
        return self.users["community_mediator"]

    @property
    def fund_mediator(self):
        return self.users[FUND]

    def commune(self, i: int):
        return CommuneFactory(
            insee_code=f"11{500 + i:03d}", name=f"Commune {i}", postal_codes=f"11{600 + i:03d}"
        )

    def member(self, i: int, *, organisation=None, role: str = Role.COMMUNITY_MEDIATOR):
        """A new user of the organisation for row ``i``."""
        organisation = organisation or self.organisation
        user = UserFactory(email=f"{role}-{i}@{organisation.slug}.example", full_name=f"Membre {i}")
        membership_add(user=user, organisation=organisation, role=role)
        return user

    def person(self, i: int, **fields):
        """A person of the association with a consent, a commune, languages and vulnerabilities."""
        fields = {
            "first_name": f"Personne{i}",
            "last_name": f"Nom{i}",
            "phone": f"06 12 34 56 {i:02d}",
            "email": f"personne{i}@example.org",
            "commune": self.commune(i),
            "languages": ["fr", "ar"],
            "vulnerabilities": ["social_isolation"],
        } | fields
        return consented_person(self.world, consent=FULL_CONSENT, **fields)

    def fund_person(self, i: int):
        """A person of the fund (no consent there: the requester of a saisine)."""
        return PersonFactory(
            organisation=self.fund, first_name=f"Assuré{i}", last_name=f"Nom{i}", commune=self.commune(i)
        )


def people(rows: Rows, i: int) -> None:
    rows.made["person"].append(rows.person(i))


def viewed_people(rows: Rows, i: int) -> None:
    """People whose file the mediator opened (the home page lists them)."""
    person = rows.person(i)
    get_person_for_user(rows.mediator, person.pk)
    rows.made["person"].append(person)


def communes(rows: Rows, i: int) -> None:
    rows.commune(i)


def referrals(rows: Rows, i: int) -> None:
    """Referrals by the doctors of the association, in the mediator's inbox (lien/referrals)."""
    referral_create(
        acting_user=rows.member(i, role=Role.REFERRING_DOCTOR),
        organisation=rows.organisation,
        first_name=f"Patient {i}",
        reason="Droits à ouvrir.",
    )


def partners(rows: Rows, i: int) -> None:
    """Patient partners of the association's registry, each with codes, a validated training and
    a convention, created by the coordination (lien/partners)."""
    coordinator = rows.users["coordinator"]
    rows.commune(i)  # département 11
    partner = partners_services.partner_create(
        acting_user=coordinator,
        organisation=rows.organisation,
        first_name=f"Partenaire {i}",
        pathologies=["diabetes", "hiv"],
        languages=["fr"],
        departements=["11"],
    )
    training = partners_services.training_add(
        acting_user=coordinator,
        partner=partner,
        kind="association",
        body="Association agréée",
        completed_on=TODAY - timedelta(days=100),
        certificate=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
    )
    partners_services.training_validate(acting_user=coordinator, training=training)
    partners_services.convention_add(
        acting_user=coordinator,
        partner=partner,
        party="Association",
        starts_on=TODAY - timedelta(days=10 * i),
        ends_on=TODAY + timedelta(days=i) if i % 2 else None,
        framework="volunteer",
        file=SimpleUploadedFile("c.pdf", b"%PDF-1.4 c", content_type="application/pdf"),
    )
    rows.made["partner"].append(partner)


def suggestions(rows: Rows, i: int) -> None:
    """Partners to suggest to one person of the association (the proposal's suggestions)."""
    _one(rows, "person", lambda: rows.person(0))
    partners(rows, i)


def coordination(rows: Rows, i: int) -> None:
    """What waits for the coordination, growing together: a partner (whose convention ends within
    days, one in two) with a second training to validate, and a proposal of them to a patient
    waiting for the consent (lien/partners/coordination.py)."""
    partners(rows, i)
    partner = rows.made["partner"][-1]
    partners_services.training_add(
        acting_user=rows.users["coordinator"],
        partner=partner,
        kind="university",
        body="DU patient partenaire",
        completed_on=TODAY - timedelta(days=20),
        certificate=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
    )
    partners_services.accompaniment_propose(
        acting_user=rows.mediator,
        person=rows.person(i),
        suggested=[partner],
        proposed_on=TODAY - timedelta(days=i),
    )


def accompaniments(rows: Rows, i: int) -> None:
    """Patients who consented to the world's patient partner and chose them, each with their own
    file (lien/partners: the partner's space)."""
    coordinator, mediator = rows.users["coordinator"], rows.mediator

    def companion():
        partners(rows, 0)
        partner = rows.made["partner"][0]
        return partners_services.partner_update(
            acting_user=coordinator, partner=partner, user=rows.users["patient_partner"]
        )

    partner = _one(rows, "companion", companion)
    accompaniment = partners_services.accompaniment_propose(
        acting_user=mediator, person=rows.person(i), proposed_on=TODAY - timedelta(days=3)
    )
    partners_services.accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment,
        method="drawn",
        consented_on=TODAY - timedelta(days=2),
        signed_name=f"Personne{i} Nom{i}",
        signature=DRAWN_SIGNATURE,
    )
    partners_services.accompaniment_choose_partner(
        acting_user=mediator, accompaniment=accompaniment, partner=partner, contacted_on=TODAY
    )


def partner_meetings(rows: Rows, i: int) -> None:
    """Meetings noted by the world's patient partner in one accompaniment, each with its themes,
    and a difficulty per meeting (lien/partners: the partner's log)."""

    def accompaniment():
        accompaniments(rows, 0)
        return PartnerAccompaniment.objects.get()

    accompaniment = _one(rows, "accompaniment", accompaniment)
    partner = rows.users["patient_partner"]
    partners_services.partner_meeting_record(
        acting_user=partner,
        accompaniment=accompaniment,
        met_on=TODAY,
        duration_minutes=30 + i,
        mode="phone",
        themes=["care_path", "morale"],
        place=f"Café {i}",
    )
    partners_services.partner_difficulty_signal(
        acting_user=partner, accompaniment=accompaniment, kind="other", message=f"Message {i}"
    )


def notifications(rows: Rows, i: int) -> None:
    """Notifications of the fund's mediator (lien/notifications)."""
    notify(
        users=[rows.fund_mediator],
        kind=NotificationKind.SERVICE_ANSWER_OVERDUE,
        text=f"La saisine 2025-{i:04d} attend la réponse d'un service.",
        url="/saisines/",
        key=f"liste:{i}",
    )


def organisations(rows: Rows, i: int) -> None:
    """A local association under the regional one, with a member and a person: the coordinator
    reads its statistics."""
    organisation = OrganisationFactory(slug=f"asso-{i}", name=f"Association {i}", parent=rows.world.regional)
    rows.member(i, organisation=organisation)
    PersonFactory(organisation=organisation, commune=rows.commune(i))


def outreach(rows: Rows, i: int) -> None:
    """A session of the week, held by two users, with an identified and an anonymous contact."""
    session = session_create(
        acting_user=rows.mediator,
        organisation=rows.organisation,
        kind=["permanence", "street", "food_distribution"][i % 3],
        held_on=TODAY - timedelta(days=i % 2),
        place=f"Lieu {i}",
        commune=rows.commune(i),
        team=[rows.member(i)],
    )
    outreach_contact(acting_user=rows.mediator, session=session, person=rows.person(i), topics=["rights"])
    outreach_contact(
        acting_user=rows.mediator,
        session=session,
        age_band=AGE_BAND,
        gender="female",
        commune=rows.commune(i + 50),
        topics=["care_access", "prevention"],
    )
    rows.made["session"].append(session)


def assessments(rows: Rows, i: int) -> None:
    rows.made["assessment"].append(
        assessment_create(
            acting_user=rows.member(i),
            person=rows.person(i),
            assessed_on=TODAY - timedelta(days=i),
            barriers=["mobility", "digital"],
            needs=["find_gp", "dental"],
            epices_answers=[0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
        )
    )


def person_assessments(rows: Rows, i: int) -> None:
    """Assessments of one person, repeated (its page compares them)."""
    if not rows.made["person"]:
        rows.made["person"].append(rows.person(0))
    assessment_create(
        acting_user=rows.member(i),
        person=rows.made["person"][0],
        assessed_on=TODAY - timedelta(days=30 * i),
        barriers=["mobility"] if i % 2 else ["digital", "language"],
        needs=["find_gp"],
        epices_answers=[i % 2, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1],
    )


def procedures(rows: Rows, i: int) -> None:
    """A procedure in progress followed by its own mediator, filed long ago, and rights granted
    a year ago that end soon: a reminder is due for each."""
    person = rows.person(i)
    procedure = procedure_start(
        acting_user=rows.mediator,
        person=person,
        kind=["ame", "c2s", "puma"][i % 3],
        started_on=TODAY - timedelta(days=90),
        followed_by=rows.member(i),
    )
    procedure_file(acting_user=rows.mediator, procedure=procedure, filed_on=TODAY - timedelta(days=70 + i))
    granted = procedure_start(
        acting_user=rows.mediator,
        person=person,
        kind="c2s",
        started_on=TODAY - timedelta(days=400),
        followed_by=rows.member(i + 100),
    )
    procedure_file(acting_user=rows.mediator, procedure=granted, filed_on=TODAY - timedelta(days=390))
    procedure_grant(
        acting_user=rows.mediator,
        procedure=granted,
        decision_on=TODAY - timedelta(days=350),
        rights_end=TODAY + timedelta(days=20 + i),
    )
    rights_reminders_create(today=TODAY, notify=False)
    rows.made["procedure"].append(procedure)


def meetings(rows: Rows, i: int) -> None:
    meeting = meeting_save(
        acting_user=rows.member(i),
        organisation=rows.organisation,
        kind=["exchange_space", "users_group"][i % 2],
        held_on=TODAY - timedelta(days=i),
        place=f"Salle {i}",
        attendance=5 + i,
        commune=rows.commune(i),
        theme=f"Thème {i}",
        troubles=["no_gp", "delays"],
    )
    rows.made["meeting"].append(meeting)


def dossiers(rows: Rows, i: int) -> None:
    """Advocacy dossiers of the association, by different members (lien/advocacy)."""
    rows.made["dossier"].append(
        dossier_create(
            acting_user=rows.mediator,
            organisation=rows.organisation,
            title=f"Dossier {i}",
            recipient=f"ARS {i}",
        )
    )


def dossier_excerpts(rows: Rows, i: int) -> None:
    """Testimonies opened to advocacy, each an excerpt of one dossier, reviewed by a member."""
    if not rows.made["dossier"]:
        dossiers(rows, 0)
    witnesses(rows, i)
    testimony = SavedTestimony.objects.filter(organisation=rows.organisation).order_by("-pk").first()
    excerpt = excerpt_add(
        acting_user=rows.mediator,
        dossier=rows.made["dossier"][0],
        source="testimony",
        testimony_id=testimony.pk,
    )
    excerpt_review(acting_user=rows.mediator, excerpt=excerpt, text=f"Extrait relu {i}.")


def relays(rows: Rows, i: int) -> None:
    relay_save(
        acting_user=rows.member(i),
        organisation=rows.organisation,
        commune=rows.commune(i),
        name=f"Relais {i}",
        agreed_on=TODAY - timedelta(days=i),
        role="Épicerie solidaire",
    )


def witnesses(rows: Rows, i: int) -> None:
    """A person's testimony for advocacy, at a meeting, with troubles."""
    meetings(rows, i)
    save_testimony(
        acting_user=rows.member(i),
        organisation=rows.organisation,
        collected_on=TODAY - timedelta(days=i),
        text=f"Pas de médecin traitant depuis des mois ({i}).",
        person=rows.person(i),
        meeting=rows.made["meeting"][-1],
        advocacy_use=True,
        troubles=["no_gp", "cost"],
    )


def callbacks(rows: Rows, i: int) -> None:
    """A followed person silent for 90 days, a call due, a missed and a past appointment."""
    person = rows.person(i)
    referent = rows.mediator if i % 2 == 0 else rows.member(i)
    followup_start(acting_user=rows.mediator, person=person, on=TODAY - timedelta(days=120))
    followup_contact(acting_user=rows.mediator, person=person, on=TODAY - timedelta(days=90), channel="phone")
    followup_schedule(
        acting_user=rows.mediator, person=person, next_contact_on=TODAY - timedelta(days=1), referent=referent
    )
    goal = goal_create(
        acting_user=rows.mediator,
        person=person,
        title=f"Objectif {i}",
        agreed_on=TODAY - timedelta(days=100),
        actions=["Appeler la CPAM"],
    )
    with time_machine.travel(aware(TODAY - timedelta(days=10), 8), tick=False):
        missed = appointment_book(
            acting_user=rows.mediator,
            person=person,
            starts_at=aware(TODAY - timedelta(days=3)),
            professional=f"Dr {i}",
            place="Centre hospitalier",
            booked_by="for_person",
            mediator=referent,
        )
        appointment_book(
            acting_user=rows.mediator,
            person=person,
            starts_at=aware(TODAY - timedelta(days=1)),
            professional=f"Dr {i} bis",
            place="Maison de santé",
            booked_by="with_person",
            mediator=referent,
        )
    appointment_record_missed(acting_user=rows.mediator, appointment=missed)
    rows.made["person"].append(person)
    rows.made["goal"].append(goal)


def orientations(rows: Rows, i: int) -> None:
    """Two orientations per person, to a directory service: one pending, one where they did not go."""
    person = rows.person(i)
    service = _service(rows, i)
    orientation = orientation_create(
        acting_user=rows.member(i),
        person=person,
        oriented_on=TODAY - timedelta(days=i),
        structure_kind="pass",
        structure_name=service.structure.name,
        reason=f"Raison {i}",
        directory_service=service,
    )
    failed = orientation_create(
        acting_user=rows.member(i + 100),
        person=person,
        oriented_on=TODAY - timedelta(days=20),
        structure_kind=["gp", "dental", "cegidd"][i % 3],
        structure_name=f"Structure {i}",
        reason="Bilan",
    )
    orientation_record_did_not_go(
        acting_user=rows.mediator, orientation=failed, difficulty=["cost", "distance"][i % 2]
    )
    rows.made["orientation"].append(orientation)


def agenda(rows: Rows, i: int) -> None:
    """The team's week: an appointment, an accompaniment and a permanence, each with its user."""
    person, member = rows.person(i), rows.member(i)
    appointment = appointment_book(
        acting_user=rows.mediator,
        person=person,
        starts_at=aware(TODAY + timedelta(days=1 + i % 3), 9 + i),
        professional=f"Dr {i}",
        place=f"Cabinet {i}",
        booked_by="for_person",
        mediator=member,
        accompaniment_needed=True,
        reminder="sms",
    )
    accompaniment_record(
        acting_user=rows.mediator,
        person=person,
        on=TODAY - timedelta(days=1),
        destination=f"Hôpital {i}",
        accompanied_by=member,
        vehicle="team_vehicle",
        distance_km=10 + i,
        duration_minutes=60,
    )
    session_create(
        acting_user=rows.mediator,
        organisation=rows.organisation,
        kind="permanence",
        held_on=TODAY - timedelta(days=i % 2),
        place=f"Permanence {i}",
        commune=rows.commune(i),
        team=[member],
    )
    rows.made["appointment"].append(appointment)


RECEIPTS = [("sms", "booking"), ("email", "booking"), ("sms", "reminder"), ("email", "reminder")]


def receipts(rows: Rows, i: int) -> None:
    """The messages sent for one appointment (one per channel and kind: four at most)."""
    if not rows.made["appointment"]:
        agenda(rows, 0)
    channel, kind = RECEIPTS[i]
    reminder_send(
        appointment=rows.made["appointment"][0], kind=kind, channel=channel, acting_user=rows.mediator
    )


def prevention(rows: Rows, i: int) -> None:
    """Reactive tests oriented to care, by the mediator and by others; a collective action."""
    performer = rows.mediator if i % 2 == 0 else rows.member(i)
    test = rapid_test_record(
        acting_user=performer,
        kind=["hiv", "hcv"][i % 2],
        result="reactive",
        performed_on=TODAY - timedelta(days=i),
        person=rows.person(i),
    )
    rapid_test_orient(acting_user=performer, test=test, structure="cegidd")
    rapid_test_record(
        acting_user=rows.mediator,
        kind="hiv",
        result="non_reactive",
        performed_on=TODAY - timedelta(days=i),
        person=rows.person(i + 100),
    )
    collective_action_record(
        acting_user=rows.member(i + 200),
        organisation=rows.organisation,
        held_on=TODAY - timedelta(days=i),
        theme="sexual_health",
        title=f"Atelier {i}",
        attendance=10 + i,
        commune=rows.commune(i),
    )
    rows.made["test"].append(test)


def _structure(rows: Rows, i: int, **fields):
    structure = structure_create(
        acting_user=rows.mediator,
        organisation=rows.organisation,
        name=f"Structure de santé {i}",
        description="Une structure de l'annuaire.",
        commune_name=f"Commune {i}",
        code_insee=rows.commune(i).insee_code,
        postal_code=f"11{600 + i:03d}",
        latitude=42.87 + i / 100,
        longitude=2.18 + i / 100,
        **fields,
    )
    rows.made["structure"].append(structure)
    return structure


def _service(rows: Rows, i: int, structure=None):
    service = service_create(
        acting_user=rows.mediator,
        structure=structure or _structure(rows, i),
        thematics=[
            "sante--addictions",
            "sante--acces-aux-soins",
        ][: 1 + i % 2],
        name=f"Consultation {i}",
        description="Consultations sans rendez-vous.",
    )
    rows.made["service"].append(service)
    return service


def directory(rows: Rows, i: int) -> None:
    """A structure with its service, a partner meeting and an orientation difficulty."""
    service = _service(rows, i)
    partner_meeting_save(
        acting_user=rows.member(i),
        organisation=rows.organisation,
        structures=[service.structure, *rows.made["structure"][:1]],
        held_on=TODAY - timedelta(days=i),
        participants=f"Équipe {i}",
        topics="Accès aux soins",
    )
    difficulty_report(
        acting_user=rows.member(i + 100),
        organisation=rows.organisation,
        structure=service.structure,
        service=service,
        kind="waiting_list",
        occurred_on=TODAY - timedelta(days=i),
    )


def structure_services(rows: Rows, i: int) -> None:
    """Services of one structure."""
    if not rows.made["structure"]:
        _structure(rows, 0)
    _service(rows, i, structure=rows.made["structure"][0])


def _receive(rows: Rows, i: int):
    return saisine_receive(
        acting_user=rows.fund_mediator,
        organisation=rows.fund,
        received_on=TODAY - timedelta(days=i % 4),  # all in the "due soon" queue
        channel=["letter", "email", "phone"][i % 3],
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="cash_benefits",
        subprocess="sickness",
        requester=rows.fund_person(i),
        subject=f"Indemnités journalières {i}",
    )


def saisines(rows: Rows, i: int) -> None:
    """Saisines of the fund, each with its requester and commune, some under review."""
    saisine = _receive(rows, i)
    if i % 2:
        saisine_examine(acting_user=rows.fund_mediator, saisine=saisine)
    rows.made["saisine"].append(saisine)


def improvements(rows: Rows, i: int) -> None:
    saisines(rows, i)
    proposal = improvement_create(
        acting_user=rows.fund_mediator,
        organisation=rows.fund,
        kind=["dysfunction", "regulation"][i % 2],
        title=f"Proposition {i}",
        description="Délais de paiement trop longs.",
        saisines=[rows.made["saisine"][-1], *rows.made["saisine"][:1]],
    )
    if i % 2:
        improvement_send(
            acting_user=rows.fund_mediator, proposal=proposal, sent_to="Direction", sent_on=TODAY
        )


def letter_templates(rows: Rows, i: int) -> None:
    """Another fund whose templates the mediator keeps, with one template changed."""
    fund = OrganisationFactory(slug=f"cpam-{i}", name=f"CPAM {i}", fund=True)
    membership_add(user=rows.fund_mediator, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    letter_template_save(
        acting_user=User.objects.get(pk=rows.fund_mediator.pk),  # its permissions as they are now
        organisation=fund,
        kind="acknowledgement",
        body=f"Bonjour {i}.",
    )


def journal(rows: Rows, i: int) -> None:
    """Entries by several users about several people and objects."""
    member = rows.member(i)
    person = rows.person(i)
    get_person_for_user(member, person.pk)
    assessment_create(acting_user=member, person=person, assessed_on=TODAY, barriers=["digital"])


# Rows listed inside one object's page: ``made[kind][0]`` is the object, made once.


def workshop_programmes(rows: Rows, i: int) -> None:
    """Workshop programmes of the association, each with a session facilitated by a member and a
    patient partner, and a person registered with their consent (lien/workshops)."""
    coordinator = rows.users["coordinator"]
    partners(rows, i)
    programme = workshops_services.programme_create(
        acting_user=coordinator, organisation=rows.organisation, title=f"Programme {i}", starts_on=TODAY
    )
    rows.made["workshop_programme"].append(programme)
    _workshop_session(rows, programme, i, rows.made["partner"][-1])


def _workshop_session(rows: Rows, programme, i: int, partner) -> None:
    """A session held this morning, a person registered yesterday, and everyone registered present."""
    coordinator = rows.users["coordinator"]
    session = workshops_services.session_create(
        acting_user=coordinator,
        programme=programme,
        starts_at=aware(TODAY, 10),
        duration_minutes=120,
        place=f"Salle {i}",
        theme="nutrition",
        capacity=20,
        professionals=[rows.member(i)],
        partners=[partner],
    )
    rows.made["workshop_session"].append(session)
    workshops_services.registration_create(
        acting_user=rows.mediator,
        programme=programme,
        person=rows.person(i),
        consent_given=True,
        consented_on=TODAY - timedelta(days=1),
        information_version="etp-2026-01",
        registered_on=TODAY - timedelta(days=1),
    )
    registered = WorkshopRegistration.objects.filter(programme=programme).values_list("pk", flat=True)
    workshops_services.attendance_record(
        acting_user=coordinator, session=session, entries=dict.fromkeys(registered, "present")
    )


def workshop_sessions(rows: Rows, i: int) -> None:
    """One programme with more sessions, registrations and attendances (lien/workshops)."""
    coordinator = rows.users["coordinator"]
    partners(rows, i)
    programme = _one(
        rows,
        "workshop_programme",
        lambda: workshops_services.programme_create(
            acting_user=coordinator, organisation=rows.organisation, title="Diabète", starts_on=TODAY
        ),
    )
    _workshop_session(rows, programme, i, rows.made["partner"][-1])


def facilitated(rows: Rows, i: int) -> None:
    """Sessions the world's patient partner facilitates, each in a programme with its registered
    people (lien/workshops: the partner's own sessions)."""
    coordinator = rows.users["coordinator"]

    def companion():
        partners(rows, 0)
        return partners_services.partner_update(
            acting_user=coordinator, partner=rows.made["partner"][0], user=rows.users["patient_partner"]
        )

    partner = _one(rows, "companion", companion)
    programme = workshops_services.programme_create(
        acting_user=coordinator, organisation=rows.organisation, title=f"Programme {i}", starts_on=TODAY
    )
    _workshop_session(rows, programme, i, partner)


def _one(rows: Rows, kind: str, make: Callable[[], object]):
    if not rows.made[kind]:
        rows.made[kind].append(make())
    return rows.made[kind][0]


def person_file(rows: Rows, i: int) -> None:
    """One person followed by several users: every panel of the file and the follow-up plan."""
    person = _one(rows, "person", lambda: rows.person(0))
    member = rows.member(i)
    if i == 0:
        followup_start(acting_user=member, person=person, on=TODAY - timedelta(days=200))
    followup_contact(acting_user=member, person=person, on=TODAY - timedelta(days=i), channel="phone")
    goal_create(
        acting_user=member,
        person=person,
        title=f"Objectif {i}",
        agreed_on=TODAY - timedelta(days=i),
        actions=[f"Action {i}", f"Autre action {i}"],
    )
    prescription_add(acting_user=member, person=person, kind="examination", label=f"Prise de sang {i}")
    appointment_book(
        acting_user=member,
        person=person,
        starts_at=aware(TODAY + timedelta(days=i + 1)),
        professional=f"Dr {i}",
        place=f"Cabinet {i}",
        booked_by="for_person",
        mediator=member,
    )
    accompaniment_record(
        acting_user=member,
        person=person,
        on=TODAY - timedelta(days=i),
        destination=f"Hôpital {i}",
        accompanied_by=member,
        vehicle="team_vehicle",
        distance_km=5,
        duration_minutes=30,
    )
    orientation_create(
        acting_user=member,
        person=person,
        oriented_on=TODAY - timedelta(days=i),
        structure_kind="gp",
        structure_name=f"Maison de santé {i}",
        reason=f"Raison {i}",
        directory_service=_service(rows, i),
    )
    procedure_start(
        acting_user=member,
        person=person,
        kind=["ame", "c2s", "puma", "gp_declaration", "vitale_card", "mdph"][i],
        started_on=TODAY - timedelta(days=i),
        followed_by=member,
    )
    assessment_create(
        acting_user=member, person=person, assessed_on=TODAY - timedelta(days=i), needs=["dental"]
    )
    rapid_test_record(
        acting_user=member,
        kind="hiv",
        result="non_reactive",
        performed_on=TODAY - timedelta(days=i),
        person=person,
    )
    session = session_create(
        acting_user=member,
        organisation=rows.organisation,
        kind="street",
        held_on=TODAY - timedelta(days=i),
        place=f"Place {i}",
        commune=rows.commune(i),
    )
    outreach_contact(acting_user=member, session=session, person=person, topics=["rights"])
    save_testimony(
        acting_user=member,
        organisation=rows.organisation,
        collected_on=TODAY - timedelta(days=i),
        text=f"Témoignage {i}.",
        person=person,
        troubles=["cost"],
    )
    get_person_for_user(member, person.pk)


def session_contacts(rows: Rows, i: int) -> None:
    """One session: identified contacts, each with their person, and anonymous ones."""
    session = _one(
        rows,
        "session",
        lambda: session_create(
            acting_user=rows.mediator,
            organisation=rows.organisation,
            kind="food_distribution",
            held_on=TODAY,
            place="Marché",
            commune=rows.commune(0),
        ),
    )
    outreach_contact(acting_user=rows.member(i), session=session, person=rows.person(i), topics=["rights"])
    outreach_contact(
        acting_user=rows.member(i + 100),
        session=session,
        age_band=AGE_BAND,
        gender="male",
        commune=rows.commune(i + 50),
        topics=["information"],
    )


def procedure_steps(rows: Rows, i: int) -> None:
    """One procedure: documents added and steps taken back and forth by several users."""
    procedure = _one(
        rows,
        "procedure",
        lambda: procedure_start(
            acting_user=rows.mediator,
            person=rows.person(0),
            kind="ame",
            started_on=TODAY - timedelta(days=30),
        ),
    )
    member = rows.member(i)
    procedure_documents_update(
        acting_user=member, procedure=procedure, gathered_ids=set(), on=TODAY, new_label=f"Pièce {i}"
    )
    procedure_file(acting_user=member, procedure=procedure, filed_on=TODAY - timedelta(days=20 - i))
    procedure_return_to_documents(
        acting_user=member, procedure=procedure, on=TODAY - timedelta(days=20 - i), detail=f"Manque {i}"
    )


def saisine_file(rows: Rows, i: int) -> None:
    """One saisine in instruction: notes, documents and exchanges with services, by several users."""
    saisine = _one(rows, "saisine", lambda: _instructed(rows))
    member = rows.member(i, organisation=rows.fund, role=Role.INSTITUTIONAL_MEDIATOR)
    note_add(acting_user=member, saisine=saisine, text=f"Note {i}")
    upload = SimpleUploadedFile(f"piece-{i}.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document_add(acting_user=member, saisine=saisine, file=upload)
    exchange_request(acting_user=member, saisine=saisine, service=f"Service {i}", requested_on=TODAY)


def _instructed(rows: Rows):
    saisine = _receive(rows, 0)
    saisine_examine(acting_user=rows.fund_mediator, saisine=saisine)
    saisine_record_perimeter(
        acting_user=rows.fund_mediator,
        saisine=saisine,
        perimeter=saisine.perimeter,
        matter="",
        prior_claim=True,
        court_action_pending=False,
    )
    saisine_declare_receivable(acting_user=rows.fund_mediator, saisine=saisine)
    return saisine


def structure_file(rows: Rows, i: int) -> None:
    """One structure: its services, named contacts, difficulties and meetings."""
    structure = _one(rows, "structure", lambda: _structure(rows, 0))
    member = rows.member(i)
    service = _service(rows, i, structure=structure)
    contact_save(
        acting_user=member, structure=structure, name=f"Contact {i}", role="Accueil", service=service
    )
    difficulty_report(
        acting_user=member,
        organisation=rows.organisation,
        structure=structure,
        service=service,
        kind="unreachable",
        occurred_on=TODAY - timedelta(days=i),
    )
    partner_meeting_save(
        acting_user=member,
        organisation=rows.organisation,
        structures=[structure],
        held_on=TODAY - timedelta(days=i),
        participants=f"Équipe {i}",
        topics="Délais",
    )


def proposal_evidence(rows: Rows, i: int) -> None:
    """One improvement proposal and the saisines given as its evidence."""
    saisines(rows, i)
    proposal = _one(
        rows,
        "proposal",
        lambda: improvement_create(
            acting_user=rows.fund_mediator, organisation=rows.fund, kind="dysfunction", title="Délais"
        ),
    )
    improvement_update(acting_user=rows.fund_mediator, proposal=proposal, saisines=rows.made["saisine"])


def account(rows: Rows, i: int) -> None:
    """The mediator's roles in more organisations, and API tokens."""
    organisation = OrganisationFactory(slug=f"reseau-{i}", name=f"Réseau {i}", parent=rows.world.regional)
    membership_add(user=rows.mediator, organisation=organisation, role=Role.VOLUNTEER)
    api_token_create(user=rows.mediator, name=f"Jeton {i}")


def devices(rows: Rows, i: int) -> None:
    """The mediator signed in on one more device."""
    Client().force_login(rows.mediator)


# --- The cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    rows: Callable[[Rows, int], None]
    actor: str
    url: Callable[[Rows], str]
    few: int = 3
    many: int = 6
    grows: bool = True  # the answer gets longer with the rows (not for an object's actions)


def page(name: str, *args: Callable[[Rows], object], **query) -> Callable[[Rows], str]:
    def url(rows: Rows) -> str:
        path = reverse(name, args=[arg(rows) for arg in args])
        values = {key: value(rows) if callable(value) else value for key, value in query.items()}
        return f"{path}?{urlencode(values)}" if values else path

    return url


def endpoint(path: str, **query) -> Callable[[Rows], str]:
    """An API path; ``{kind}`` is replaced by the id of the first object of that kind made."""

    def url(rows: Rows) -> str:
        filled = re.sub(r"\{(\w+)\}", lambda match: str(rows.made[match[1]][0].pk), path)
        return f"{API}{filled}" + (f"?{urlencode(query)}" if query else "")

    return url


def first(kind: str) -> Callable[[Rows], int]:
    return lambda rows: rows.made[kind][0].pk


# HTML list pages, by route name (several cases for one page: its views).
HTML_LISTS: dict[str, list[Case]] = {
    "home": [
        Case(viewed_people, MEDIATOR, page("home")),
        Case(saisines, FUND, page("home")),  # the queues and "Mes dossiers"
        Case(notifications, FUND, page("home")),
    ],
    "notifications:list": [Case(notifications, FUND, page("notifications:list"))],
    "referrals:list": [Case(referrals, MEDIATOR, page("referrals:list"))],
    "partners:list": [
        Case(partners, MEDIATOR, page("partners:list")),
        Case(
            partners,
            "coordinator",
            page("partners:list", pathologie="hiv", departement="11", proposable="oui"),
        ),
    ],
    "partners:my_accompaniments": [
        Case(accompaniments, "patient_partner", page("partners:my_accompaniments"))
    ],
    "partners:coordination": [
        Case(coordination, "coordinator", page("partners:coordination")),
    ],
    "partners:my_accompaniment": [
        Case(partner_meetings, "patient_partner", page("partners:my_accompaniment", first("accompaniment")))
    ],
    "partners:accompaniment_detail": [
        Case(partner_meetings, MEDIATOR, page("partners:accompaniment_detail", first("accompaniment")))
    ],
    "workshops:list": [Case(workshop_programmes, "coordinator", page("workshops:list"))],
    "workshops:programme_detail": [
        Case(
            workshop_sessions, "coordinator", page("workshops:programme_detail", first("workshop_programme"))
        )
    ],
    "workshops:attendance": [
        Case(workshop_sessions, "coordinator", page("workshops:attendance", first("workshop_session")))
    ],
    "workshops:report": [
        Case(workshop_sessions, MEDIATOR, page("workshops:report", first("workshop_programme")))
    ],
    "workshops:my_sessions": [Case(facilitated, "patient_partner", page("workshops:my_sessions"))],
    "me": [Case(account, MEDIATOR, page("me"))],
    "user_sessions": [Case(devices, MEDIATOR, page("user_sessions"))],
    "statistics": [Case(organisations, "regional_coordinator", page("statistics"))],
    "person_list": [
        Case(people, MEDIATOR, page("person_list")),
        Case(people, MEDIATOR, page("person_list", q="personne")),
    ],
    "commune_search": [Case(communes, MEDIATOR, page("commune_search", q="commune"))],
    "person_detail": [Case(person_file, MEDIATOR, page("person_detail", first("person")))],
    "followup:person": [Case(person_file, MEDIATOR, page("followup:person", first("person")))],
    "outreach:list": [Case(outreach, MEDIATOR, page("outreach:list"))],
    "outreach:detail": [Case(session_contacts, MEDIATOR, page("outreach:detail", first("session")))],
    "outreach:quick": [Case(outreach, MEDIATOR, page("outreach:quick", session=first("session")))],
    "assessments:list": [Case(assessments, MEDIATOR, page("assessments:list"))],
    "assessments:person": [Case(person_assessments, MEDIATOR, page("assessments:person", first("person")))],
    "rights:list": [Case(procedures, MEDIATOR, page("rights:list"))],
    "rights:detail": [Case(procedure_steps, MEDIATOR, page("rights:detail", first("procedure")))],
    "participation:index": [Case(meetings, MEDIATOR, page("participation:index"))],
    "participation:relays": [Case(relays, MEDIATOR, page("participation:relays"))],
    "participation:testimonies": [Case(witnesses, MEDIATOR, page("participation:testimonies"))],
    "participation:advocacy": [Case(witnesses, MEDIATOR, page("participation:advocacy"))],
    "advocacy:dossiers": [Case(dossiers, MEDIATOR, page("advocacy:dossiers"))],
    "advocacy:dossier": [Case(dossier_excerpts, MEDIATOR, page("advocacy:dossier", first("dossier")))],
    # People assessed in more communes: a row more in each table, as many queries.
    "advocacy:needs": [Case(assessments, MEDIATOR, page("advocacy:needs"))],
    "followup:call_list": [
        Case(callbacks, MEDIATOR, page("followup:call_list")),
        Case(callbacks, MEDIATOR, page("followup:call_list", equipe="1")),
        Case(callbacks, MEDIATOR, page("followup:call_list", equipe="1", q="personne")),
    ],
    "orientations:list": [
        Case(orientations, MEDIATOR, page("orientations:list")),
        Case(orientations, MEDIATOR, page("orientations:list", toutes="1")),
    ],
    "orientations:difficulties": [Case(orientations, MEDIATOR, page("orientations:difficulties"))],
    "appointments:agenda": [Case(agenda, MEDIATOR, page("appointments:agenda"))],
    "appointments:detail": [
        Case(receipts, MEDIATOR, page("appointments:detail", first("appointment")), few=2, many=4)
    ],
    "prevention:home": [Case(prevention, MEDIATOR, page("prevention:home"))],
    "prevention:collective_actions": [Case(prevention, MEDIATOR, page("prevention:collective_actions"))],
    "journal": [Case(journal, "director", page("journal"))],
    "saisines:list": [
        Case(saisines, FUND, page("saisines:list")),
        Case(saisines, FUND, page("saisines:list", queue="due_soon")),
    ],
    "saisines:detail": [Case(saisine_file, FUND, page("saisines:detail", first("saisine")))],
    "saisines:export_csv": [Case(saisines, FUND, page("saisines:export_csv"))],
    "saisines:export_xlsx": [Case(saisines, FUND, page("saisines:export_xlsx"))],
    "improvement_list": [Case(improvements, FUND, page("improvement_list"))],
    "improvement_detail": [Case(proposal_evidence, FUND, page("improvement_detail", first("proposal")))],
    "report_annual": [Case(improvements, FUND, page("report_annual"))],
    "report_monthly": [Case(saisines, FUND, page("report_monthly"), grows=False)],  # counts
    "letters:templates": [Case(letter_templates, FUND, page("letters:templates"))],
    "directory:search": [
        Case(directory, MEDIATOR, page("directory:search", thematic="sante--addictions")),
        Case(directory, MEDIATOR, page("directory:search", q="consultation", commune="11500", radius="50")),
    ],
    "directory:structure_list": [Case(directory, MEDIATOR, page("directory:structure_list"))],
    "directory:structure_detail": [
        Case(structure_file, MEDIATOR, page("directory:structure_detail", first("structure")))
    ],
    "directory:meeting_list": [Case(directory, MEDIATOR, page("directory:meeting_list"))],
    "directory:sheet": [
        Case(
            directory,
            MEDIATOR,
            lambda rows: (
                reverse("directory:sheet")
                + "?"
                + urlencode(
                    [("v", service.pk) for service in rows.made["service"]]
                    + [("person", rows.made["person"][0].pk if rows.made["person"] else "")]
                )
            ),
        )
    ],
}

# Pages without parameters (or named like a list) that are no list, and why.
NOT_LISTS = {
    "otp_webauthn:credential-authentication-begin": "a passkey ceremony step (JSON)",
    "otp_webauthn:credential-authentication-complete": "a passkey ceremony step (JSON)",
    "otp_webauthn:credential-registration-begin": "a passkey ceremony step (JSON)",
    "otp_webauthn:credential-registration-complete": "a passkey ceremony step (JSON)",
    "reauthenticate": "a form",
    "network:index": "a redirect to the first network's dashboard (its queries: tests/network)",
    "person_data_export_json": "one person's data (tests/people/test_subject_access.py)",
    "person_data_export_pdf": "one person's data, printed",
    "two_factor_enrol": "a form",
    "two_factor_recovery_codes": "an action (POST) showing the new codes once",
    "two_factor_settings": "the user's own second factors: an app, recovery codes, a few passkeys",
    "two_factor_totp_remove": "an action (POST)",
    "two_factor_verify": "a form",
    "person_create": "a form",
    "information_text": "a text",
    "logout_everywhere": "an action (POST)",
    "outreach:create": "a form",
    "outreach:quick_start": "a form (POST)",
    "participation:meeting_create": "a form",
    "participation:relay_create": "a form",
    "participation:testimony_create": "a form",
    "followup:settings": "a form",
    "prevention:test_create": "a form",
    "prevention:advice_create": "a form",
    "prevention:collective_action_create": "a form",
    "activity:report": "aggregates in SQL (tests/activity)",
    "activity:report_pdf": "the report as a PDF",
    "activity:report_xlsx": "the report as a spreadsheet",
    "activity:territory": "a settings page: the programme's communes counted by département in SQL",
    "opendata:page": "an aggregated table: one query per dimension whatever the number of people "
    "(tests/opendata/test_tables.py counts them)",
    "opendata:csv": "the open data table as a file",
    "opendata:xlsx": "the open data table as a spreadsheet",
    "opendata:public_settings": "a settings page: the organisation's few public tables",
    "opendata:public_figure_add": "a form (POST)",
    "opendata:public_figure_remove": "an action (POST)",
    "opendata:public_page": "a few aggregated tables, each one query per dimension",
    "advocacy:dossier_create": "a form",
    "advocacy:pseudonymise": "a form",
    "advocacy:dossier_edit": "a form (POST)",
    "advocacy:dossier_pdf": "the dossier as a PDF (the page is a case)",
    "advocacy:excerpt_add": "a form (POST)",
    "advocacy:figure_add": "a form (POST)",
    "advocacy:review": "one excerpt and its form",
    "advocacy:excerpt_remove": "an action (POST)",
    "advocacy:figure_remove": "an action (POST)",
    "advocacy:needs_csv": "a table of the needs page as a file (the page is a case)",
    "saisines:create": "a form",
    "saisines:import": "a form",
    "saisines:import_confirm": "a form (POST)",
    "improvement_create": "a form",
    "report_annual_pdf": "the annual report as a PDF (the page is a case)",
    "directory:structure_create": "a form",
    "directory:meeting_create": "a form",
    "directory:exchange": "import and export forms",
    "directory:difficulty_create": "a form",
    "directory:sheet_pdf": "the sheet as a PDF (the page is a case)",
    "login": "a form",
    "logout": "POST only",
    "password_change": "a form",
    "password_change_done": "a message",
    "password_reset": "a form",
    "password_reset_done": "a message",
    "password_reset_complete": "a message",
    "set_language": "POST only",
    "notifications:read_all": "POST only",
    "referrals:create": "a form",
    "partners:create": "a form",
    "workshops:programme_create": "a form",
    "workshops:report_pdf": "the report as a PDF (the page is a case)",
    "workshops:report_json": "the report as JSON (the page is a case)",
    "partners:my_meeting_add": "a form (POST)",
    "partners:my_difficulty_signal": "a form (POST)",
    "partners:difficulty_handle": "an action (POST)",
    "outreach:service_worker": "the quick entry's service worker (a script)",
    "orientations:record_waiting_list": "an action (POST)",
    "directory:difficulty_list": "one row per structure, aggregated in SQL "
    "(tests/directory/test_needs_and_difficulties.py counts its queries)",
}

# API list operations, by path under /api/v1 (as the routers declare it).
API_LISTS: dict[str, Case] = {
    "/people": Case(people, MEDIATOR, endpoint("/people")),
    "/communes": Case(communes, MEDIATOR, endpoint("/communes", q="commune")),
    "/saisines": Case(saisines, FUND, endpoint("/saisines")),
    "/notifications": Case(notifications, FUND, endpoint("/notifications")),
    "/referrals": Case(referrals, MEDIATOR, endpoint("/referrals")),
    "/partners": Case(partners, MEDIATOR, endpoint("/partners")),
    "/workshops/programmes": Case(workshop_programmes, "coordinator", endpoint("/workshops/programmes")),
    "/workshops/programmes/{int:programme_id}/sessions": Case(
        workshop_sessions, "coordinator", endpoint("/workshops/programmes/{workshop_programme}/sessions")
    ),
    "/workshops/programmes/{int:programme_id}/registrations": Case(
        workshop_sessions, MEDIATOR, endpoint("/workshops/programmes/{workshop_programme}/registrations")
    ),
    "/workshops/my-sessions": Case(facilitated, "patient_partner", endpoint("/workshops/my-sessions")),
    "/advocacy/dossiers": Case(dossiers, MEDIATOR, endpoint("/advocacy/dossiers")),
    "/partners/accompaniments": Case(accompaniments, "patient_partner", endpoint("/partners/accompaniments")),
    "/partners/people/{int:person_id}/suggestions": Case(
        suggestions, MEDIATOR, endpoint("/partners/people/{person}/suggestions", pathology="hiv")
    ),
    "/partners/accompaniments/{int:accompaniment_id}/meetings": Case(
        partner_meetings, "patient_partner", endpoint("/partners/accompaniments/{accompaniment}/meetings")
    ),
    "/saisines/{int:saisine_id}/actions": Case(
        saisines, FUND, endpoint("/saisines/{saisine}/actions"), grows=False
    ),
    "/directory/services": Case(
        directory, MEDIATOR, endpoint("/directory/services", thematic="sante--addictions")
    ),
    "/directory/structures": Case(directory, MEDIATOR, endpoint("/directory/structures")),
    "/directory/structures/{int:structure_id}/services": Case(
        structure_services, MEDIATOR, endpoint("/directory/structures/{structure}/services")
    ),
    "/outreach/sessions": Case(outreach, MEDIATOR, endpoint("/outreach/sessions")),
    "/assessments": Case(assessments, MEDIATOR, endpoint("/assessments")),
    "/rights/procedures": Case(procedures, MEDIATOR, endpoint("/rights/procedures")),
    "/rights/procedures/{int:procedure_id}/actions": Case(
        procedures, MEDIATOR, endpoint("/rights/procedures/{procedure}/actions"), grows=False
    ),
    "/rights/reminders": Case(procedures, MEDIATOR, endpoint("/rights/reminders")),
    "/participation/meetings": Case(meetings, MEDIATOR, endpoint("/participation/meetings")),
    "/participation/relays": Case(relays, MEDIATOR, endpoint("/participation/relays")),
    "/participation/testimonies": Case(witnesses, MEDIATOR, endpoint("/participation/testimonies")),
    "/participation/advocacy": Case(witnesses, MEDIATOR, endpoint("/participation/advocacy")),
    "/followup/callbacks": Case(callbacks, MEDIATOR, endpoint("/followup/callbacks", team="true")),
    "/followup/people/{int:person_id}/actions": Case(
        callbacks, MEDIATOR, endpoint("/followup/people/{person}/actions"), grows=False
    ),
    "/followup/goals/{int:goal_id}/actions": Case(
        callbacks, MEDIATOR, endpoint("/followup/goals/{goal}/actions"), grows=False
    ),
    "/orientations": Case(orientations, MEDIATOR, endpoint("/orientations")),
    "/orientations/difficulties": Case(orientations, MEDIATOR, endpoint("/orientations/difficulties")),
    "/orientations/{int:orientation_id}/actions": Case(
        orientations, MEDIATOR, endpoint("/orientations/{orientation}/actions"), grows=False
    ),
    "/appointments": Case(agenda, MEDIATOR, endpoint("/appointments")),
    "/appointments/agenda": Case(agenda, MEDIATOR, endpoint("/appointments/agenda")),
    "/appointments/accompaniments": Case(agenda, MEDIATOR, endpoint("/appointments/accompaniments")),
    "/appointments/{int:appointment_id}/actions": Case(
        agenda, MEDIATOR, endpoint("/appointments/{appointment}/actions"), grows=False
    ),
    "/appointments/{int:appointment_id}/reminders": Case(
        receipts, MEDIATOR, endpoint("/appointments/{appointment}/reminders"), few=2, many=4
    ),
    "/prevention/tests": Case(prevention, MEDIATOR, endpoint("/prevention/tests")),
    "/prevention/tests/{int:test_id}/actions": Case(
        prevention, MEDIATOR, endpoint("/prevention/tests/{test}/actions"), grows=False
    ),
    "/prevention/collective-actions": Case(prevention, MEDIATOR, endpoint("/prevention/collective-actions")),
}


# API objects answered with a list of their rows (not counted as API lists).
API_PAGES: dict[str, Case] = {
    "/me": Case(account, MEDIATOR, endpoint("/me")),
    "/partners/coordination": Case(
        coordination, "coordinator", endpoint("/partners/coordination", start="2020-01-01", end="2024-12-31")
    ),
    "/outreach/sessions/{int:session_id}": Case(
        session_contacts, MEDIATOR, endpoint("/outreach/sessions/{session}")
    ),
    "/rights/procedures/{int:procedure_id}": Case(
        procedure_steps, MEDIATOR, endpoint("/rights/procedures/{procedure}")
    ),
    "/followup/people/{int:person_id}": Case(person_file, MEDIATOR, endpoint("/followup/people/{person}")),
    "/advocacy/needs": Case(
        assessments,
        MEDIATOR,
        endpoint("/advocacy/needs", organisation="asso", start="2025-01-01", end="2025-05-14"),
    ),
}


# --- The measure ---------------------------------------------------------------------------


def _shape(sql: str) -> str:
    """A query without its values, to group the ones repeated per row."""
    sql = re.sub(r'"s\d+_x\d+"', "?", sql)  # savepoint names
    return re.sub(r"\bIN \([^()]*\)", "IN (…)", re.sub(r"\b\d+\b|'[^']*'", "?", sql))


def _measure(client, url: str) -> tuple[int, int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        # A streamed response reads its rows as it is sent: its queries are counted too.
        body = response.getvalue()
    assert response.status_code == 200, (url, response.status_code, body[:500])
    size = len(body)
    return len(captured), size, [query["sql"] for query in captured.captured_queries]


def _labelled() -> list[tuple[str, Case]]:
    html = [
        (f"{name} #{index + 1}" if len(cases) > 1 else name, case)
        for name, cases in HTML_LISTS.items()
        for index, case in enumerate(cases)
    ]
    return html + [(f"API {path}", case) for path, case in {**API_LISTS, **API_PAGES}.items()]


def _by_rows() -> dict[tuple, list[tuple[str, Case]]]:
    """The cases grouped by the rows they need: the rows are built once for the group."""
    groups: dict[tuple, list[tuple[str, Case]]] = defaultdict(list)
    for label, case in _labelled():
        groups[(case.rows, case.few, case.many)].append((label, case))
    return groups


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen", "media", "sms_outbox")
@pytest.mark.parametrize(
    "group", [pytest.param(cases, id=key[0].__name__) for key, cases in _by_rows().items()]
)
def test_a_list_makes_as_many_queries_for_more_rows(group, world, client_for):
    first_case = group[0][1]
    rows = Rows(world)
    for i in range(first_case.few):
        first_case.rows(rows, i)
    clients = {case.actor: client_for(rows.users[case.actor]) for _label, case in group}
    few = {}
    for label, case in group:
        url = case.url(rows)
        clients[case.actor].get(url)  # the first request fills the caches of the process
        few[label] = _measure(clients[case.actor], url)
    for i in range(first_case.few, first_case.many):
        first_case.rows(rows, i)
    failures = []
    for label, case in group:
        url = case.url(rows)
        (count, size, sql), (more, more_size, more_sql) = few[label], _measure(clients[case.actor], url)
        print(f"{label}: {count} queries with {case.few} rows, {more} with {case.many}")
        if more != count:
            grown = Counter(map(_shape, more_sql)) - Counter(map(_shape, sql))
            failures.append(
                f"{label} ({url}): {count} queries with {case.few} rows, {more} with {case.many}; "
                + "more of:\n"
                + "\n".join(f"  {n}× {query[:400]}" for query, n in grown.most_common(5))
            )
        elif case.grows and more_size <= size:
            failures.append(f"{label} ({url}): the answer did not grow with the rows")
    assert not failures, "\n\n".join(failures)


# --- Coverage ------------------------------------------------------------------------------


def _is_list(response_model) -> bool:
    """A list, or a page of one (``items``)."""
    if response_model is None:
        return False
    annotation = response_model.model_fields["response"].annotation
    if get_origin(annotation) is list:
        return True
    fields = getattr(annotation, "model_fields", {})
    return "items" in fields and get_origin(fields["items"].annotation) is list


def api_get_paths() -> dict[str, bool]:
    """Every GET path under /api/v1, as declared, and whether it answers a list."""
    paths = {}
    for prefix, router in api._routers:
        for path, operations in router.path_operations.items():
            for operation in operations.operations:
                if "GET" in operation.methods:
                    full = ("/" + prefix.strip("/") + path).replace("//", "/").rstrip("/") or "/"
                    paths[full] = _is_list(operation.response_models.get(200))
    return paths


def test_every_api_list_has_a_case():
    paths = api_get_paths()
    lists = {path for path, is_list in paths.items() if is_list}
    assert len(lists) >= 30
    assert sorted(lists - set(API_LISTS)) == [], "API lists without a case in API_LISTS"
    assert sorted(set(API_LISTS) - lists) == [], "cases in API_LISTS for no API list"
    assert sorted(set(API_PAGES) - set(paths)) == [], "cases in API_PAGES for no GET operation"


def _routes(resolver: URLResolver | None = None, namespace: str = ""):
    """(name, has parameters) of every named route, admin and API aside."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api"}:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for name, has_parameters in _routes(pattern, inner):
                yield name, has_parameters or bool(pattern.pattern.converters)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", bool(pattern.pattern.converters)


# Route names that say "a list" even with parameters.
LISTY = re.compile(
    r"list|index|agenda|journal|queue|templates|search|relays|testimonies|advocacy|difficult"
    r"|meetings|actions$|sheet|export|report"
)


def test_every_html_list_has_a_case():
    routes = dict(_routes())
    for name in [*HTML_LISTS, *NOT_LISTS]:
        assert name in routes, f"{name}: no such route"
    assert not set(HTML_LISTS) & set(NOT_LISTS)
    undecided = sorted(
        name
        for name, has_parameters in routes.items()
        if (not has_parameters or LISTY.search(name)) and name not in HTML_LISTS and name not in NOT_LISTS
    )
    assert undecided == [], "routes neither in HTML_LISTS nor in NOT_LISTS"
