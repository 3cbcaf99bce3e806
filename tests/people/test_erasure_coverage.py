"""Erasure by construction: a consent withdrawal leaves no free text about the person anywhere.

The models and fields are found by introspection, not listed by hand: every model with a path
to ``Person`` (a foreign key to it, or to a model that has one, e.g. a goal's actions, an
appointment's reminders, a saisine's notes, events, documents and letters), and each of its
free-text fields (``CharField``/``TextField`` without choices, slugs excepted, ``JSONField``,
``FileField``). A new model or field that can hold text about a person makes
``test_every_free_text_about_a_person_goes_with_the_consent`` fail until the receivers of
``person_anonymised`` erase it, or until ``NO_PERSONAL_TEXT`` declares, with a reason, that it
holds none: a code or a number that names nobody, never words a person typed or that name a
place, a professional or a structure. The journal (``APPEND_ONLY``) is never rewritten: written
by the services, it is read for the person's name like every other text. ``KNOWN_GAPS`` lists the
free text a receiver still keeps, with the receiver that must erase it; the test fails when one
is erased, so that its line goes.

The test builds a person through the apps' services, with their name in every text it types, then
writes a recognisable marker into every such field of every row that points to the person,
withdraws the consent, and reads every text field of every model of the project for a marker,
the person's name, phone or e-mail address. Where the person lives is generalised the same way:
no row about them keeps a commune where too few people are followed to name nobody.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from pypdf import PdfReader

from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.services import membership_add
from lien.advocacy.services import dossier_create, excerpt_add
from lien.appointments.services import accompaniment_record, reminder_send, reminders_send_due
from lien.assessments.services import assessment_create
from lien.communes.models import Commune
from lien.followup.services import contact_record as followup_contact
from lien.followup.services import goal_action_add, goal_create, prescription_add
from lien.letters.models import Letter
from lien.letters.services import letter_create
from lien.lib.text import search_key
from lien.orientations.services import orientation_create
from lien.outreach.services import contact_record as outreach_contact
from lien.outreach.services import session_create
from lien.participation.services import testimony_save as save_testimony
from lien.partners import services as partners
from lien.partners.services import accompaniment_propose, accompaniment_record_consent
from lien.people.anonymity import age_band_of
from lien.people.enums import age_band_for
from lien.people.models import Person
from lien.people.services import consent_withdraw
from lien.people.signals import ERASED_TEXT
from lien.people.subject_access import person_models, rows_of
from lien.prevention.services import rapid_test_orient, rapid_test_record
from lien.referrals.services import referral_create, referral_take
from lien.rights.services import (
    procedure_documents_update,
    procedure_file,
    procedure_grant,
    procedure_start,
    rights_reminders_create,
)
from lien.saisines import services as saisines
from lien.saisines.models import FollowUpTask
from lien.workshops import services as workshops
from tests.community import (
    aware,
    book,
    sms_outbox,  # noqa: F401 — fixture
)
from tests.factories import DRAWN_SIGNATURE, UserFactory
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db

# How many foreign keys away from Person a model may be (1: a saisine; 2: its notes).
# Text fields of models that point to a person which hold no text about them: codes and numbers
# that name nobody, each with why. They are neither seeded nor required to be erased (the scan
# still reads them for the name).
NO_PERSONAL_TEXT = {
    "people.Person.departement": "the département code (11, 2A, 971) kept instead of a commune where "
    "too few people are followed (people/anonymity.py): it names nobody",
    "people.Consent.information_version": "the version code of the information text read out "
    "(INFORMATION_VERSIONS), the same for everyone",
    "saisines.Saisine.reference": "the case number the fund gives (2025-0001); the journal keeps it",
    "saisines.Saisine.requester_key": "person-<file number> (requester_key_for): it links the "
    "reiterations of a requester, names nobody",
    "saisines.Saisine.commune_insee": "an INSEE code, counted by the fund's statistics; a consent "
    "withdrawal concerns community files, which have no saisine",
    "saisines.Saisine.subprocess": "a code of SUBPROCESSES (validate_subprocess)",
    "saisines.Saisine.suspended_appeals": "a list of AppealKind codes",
    "saisines.SaisineEvent.kind": "the name of an action or step (received, transferred…)",
    "saisines.SaisineEvent.from_status": "a status code",
    "saisines.SaisineEvent.to_status": "a status code",
    "appointments.Reminder.backend": "the dotted path or code of the SMS or e-mail backend",
    "assessments.Assessment.epices_answers": "the eleven 0/1 answers of the EPICES score, counted "
    "by the statistics",
    "rights.ProcedureEvent.action": "the name of a workflow action (file, grant…)",
    "partners.PartnerAccompaniment.consent_information_version": "the version code of the "
    "information text on patient partners read out (PARTNER_INFORMATION_VERSIONS)",
    "workshops.WorkshopRegistration.consent_information_version": "the version code of the "
    "information text on the workshops read out (WORKSHOP_INFORMATION_VERSIONS)",
}

# The journal is the legal trace of accesses: append-only (an update raises), written by the
# services, never with text typed about the person; the scan checks that it names nobody.
APPEND_ONLY = {
    "journal.JournalEntry.object_type": "the label of a model (people.person)",
    "journal.JournalEntry.object_id": "a row number",
    "journal.JournalEntry.object_repr": "for an entry about a person, _describe writes the kind of "
    "object and its number, or a saisine's reference, never a name",
    "journal.JournalEntry.detail": "field names, codes, statuses written by the services",
}

# Free text that a consent withdrawal still leaves, and the receiver that must erase it.
KNOWN_GAPS: dict[str, str] = {}

MARKER = "zqx"  # every seeded text starts with it; nothing else in the project spells it
FIRST_NAME, LAST_NAME = "Zéphyrine", "Quintefeuille"
PHONE, EMAIL = "06 98 76 54 32", "zephyrine.quintefeuille@example.org"
TYPED = f"Appeler Mme {LAST_NAME}"  # what the team types in the services' free-text arguments


def is_free_text(field: models.Field) -> bool:
    if isinstance(field, models.SlugField):
        return False
    if isinstance(field, models.CharField | models.TextField):
        return not field.choices
    return isinstance(field, models.JSONField | models.FileField)


def free_text_fields() -> dict[str, tuple[type[models.Model], models.Field]]:
    """``app.Model.field`` → (model, field), for every free-text field of a model that points to a person."""
    return {
        f"{model._meta.label}.{field.name}": (model, field)
        for model in person_models()
        for field in model._meta.concrete_fields
        if is_free_text(field)
    }


def test_the_introspection_reaches_the_models_through_one_or_two_hops():
    labels = {model._meta.label for model in person_models()}
    assert {
        "people.Person",
        "followup.GoalAction",
        "appointments.Reminder",
        "appointments.Accompaniment",
        "rights.ProcedureDocument",
        "saisines.Saisine",
        "saisines.Note",
        "saisines.SaisineEvent",
        "saisines.Document",
        "letters.Letter",
        "participation.Testimony",
    } <= labels
    assert "directory.Structure" not in labels and "accounts.User" not in labels
    assert person_models()[apps.get_model("saisines.Note")] == [
        "saisine__requester",
        "saisine__concerned_person",
    ]


def test_every_declared_field_exists_and_has_a_reason():
    fields = free_text_fields()
    declared = {**NO_PERSONAL_TEXT, **APPEND_ONLY, **KNOWN_GAPS}
    assert len(declared) == len(NO_PERSONAL_TEXT) + len(APPEND_ONLY) + len(KNOWN_GAPS)  # one list each
    assert [name for name in declared if name not in fields] == []
    assert all(len(reason) > 10 for reason in declared.values())


def test_only_codes_and_numbers_are_declared_without_personal_text():
    """A field declared free of personal text is a code or a number: not a text the team types,
    nor the name of a place, a professional or a structure (those are erased)."""
    words = ("name", "place", "address", "professional", "destination", "service", "structure", "label")
    assert [name for name in NO_PERSONAL_TEXT if any(word in name.lower() for word in words)] == []


def _build_everything(world, person: Person) -> None:
    """One row of each kind of thing the apps keep about a person, through their services."""
    mediator = world.users["community_mediator"]
    today = timezone.localdate()
    doctor = UserFactory(email="medecin@lien.example")
    membership_add(user=doctor, organisation=world.organisation, role=Role.REFERRING_DOCTOR)
    referral = referral_create(
        acting_user=doctor,
        organisation=world.organisation,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        phone=PHONE,
        reason=TYPED,
    )
    referral_take(acting_user=mediator, referral=referral, person=person, feedback=TYPED)
    followup_contact(acting_user=mediator, person=person, on=today, channel="phone", note=TYPED)
    goal = goal_create(acting_user=mediator, person=person, title=TYPED, agreed_on=today)
    goal_action_add(acting_user=mediator, goal=goal, description=TYPED, owner="team")
    prescription_add(
        acting_user=mediator, person=person, kind="examination", label=TYPED, prescriber=f"Dr {LAST_NAME}"
    )
    orientation = orientation_create(
        acting_user=mediator,
        person=person,
        oriented_on=today,
        structure_kind="pass",
        structure_name="PASS de Carcassonne",
        reason=TYPED,
        help_detail=TYPED,
    )
    appointment = book(
        world,
        person,
        aware(today + timedelta(days=3)),
        professional=f"Dr {LAST_NAME}, cardiologue",
        place="Cabinet de cardiologie",
        address="3 rue des Quintefeuille",
        to_bring=TYPED,
        reminder="sms",
        orientation=orientation,
    )
    reminder_send(appointment=appointment, kind="reminder", acting_user=mediator)
    accompaniment_record(
        acting_user=mediator,
        person=person,
        on=today,
        destination=f"Chez le Dr {LAST_NAME}",
        accompanied_by=mediator,
        vehicle="team_vehicle",
        distance_km=40,
        duration_minutes=90,
        appointment=appointment,
        note=TYPED,
    )
    test = rapid_test_record(
        acting_user=mediator, person=person, kind="hiv", result="reactive", performed_on=today
    )
    rapid_test_orient(acting_user=mediator, test=test, structure="cegidd", note=TYPED)
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=today,
        place="Mairie",
        commune=person.commune,
    )
    outreach_contact(acting_user=mediator, session=session, person=person, topics=["rights"])
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=today,
        barriers=["mobility"],
        epices_answers=[1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
        priority_words=TYPED,
        notes=TYPED,
    )
    procedure = procedure_start(
        acting_user=mediator, person=person, kind="c2s", started_on=today, notes=TYPED
    )
    procedure_documents_update(
        acting_user=mediator, procedure=procedure, gathered_ids=set(), on=today, new_label=TYPED
    )
    procedure_file(acting_user=mediator, procedure=procedure, filed_on=today, detail=TYPED)
    # Rights ending in a month, which the person chose to be told of: the job announces them.
    ame = procedure_start(acting_user=mediator, person=person, kind="ame", started_on=today)
    procedure_file(acting_user=mediator, procedure=ame, filed_on=today)
    procedure_grant(
        acting_user=mediator,
        procedure=ame,
        decision_on=today,
        rights_end=today + timedelta(days=30),
        remind_person="sms",
    )
    rights_reminders_create(today=today)
    reminders_send_due()
    assert ame.reminders.get().messages.get().body.startswith(f"Bonjour {FIRST_NAME}")
    testimony, _findings = save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=today,
        text=TYPED,
        advocacy_use=True,
    )
    dossier = dossier_create(
        acting_user=mediator, organisation=world.organisation, title="Plaidoyer", recipient="ARS"
    )
    excerpt_add(acting_user=mediator, dossier=dossier, source="testimony", testimony_id=testimony.pk)
    accompaniment = accompaniment_record_consent(
        acting_user=mediator,
        accompaniment=accompaniment_propose(acting_user=mediator, person=person),
        method="drawn",
        consented_on=today,
        signed_name=f"{FIRST_NAME} {LAST_NAME}",
        signature=DRAWN_SIGNATURE,
        scope=TYPED,
    )
    _build_partner_log(world, accompaniment, today)
    _build_workshop(world, person, today)
    _build_saisines(world, person, today)


def _build_partner_log(world, accompaniment, today: date) -> None:
    """The patient chooses the world's patient partner, who notes a meeting (its place) and signals
    a difficulty (a message to the mediator)."""
    coordinator, partner_user = world.users["coordinator"], world.users["patient_partner"]
    partner = partners.partner_create(
        acting_user=coordinator, organisation=world.organisation, first_name="Marc", user=partner_user
    )
    training = partners.training_add(
        acting_user=coordinator,
        partner=partner,
        kind="university",
        body="DU patient partenaire",
        completed_on=today - timedelta(days=100),
        certificate=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", content_type="application/pdf"),
    )
    partners.training_validate(acting_user=coordinator, training=training)
    partners.convention_add(
        acting_user=coordinator,
        partner=partner,
        party="Association",
        starts_on=today - timedelta(days=30),
        framework="volunteer",
        file=SimpleUploadedFile("c.pdf", b"%PDF-1.4 c", content_type="application/pdf"),
    )
    accompaniment = partners.accompaniment_choose_partner(
        acting_user=world.users["community_mediator"],
        accompaniment=accompaniment,
        partner=partner,
        contacted_on=today,
    )
    partners.partner_meeting_record(
        acting_user=partner_user,
        accompaniment=accompaniment,
        met_on=today,
        duration_minutes=60,
        mode="in_person",
        themes=["daily_life"],
        place=TYPED[:100],
    )
    partners.partner_difficulty_signal(
        acting_user=partner_user, accompaniment=accompaniment, kind="other", message=TYPED[:500]
    )


def _build_workshop(world, person: Person, today: date) -> None:
    """The person registered to a workshop programme with their consent, present at a session
    held an hour ago (a consent withdrawal takes their name out of the programme)."""
    coordinator = world.users["coordinator"]
    programme = workshops.programme_create(
        acting_user=coordinator,
        organisation=world.organisation,
        title="Vivre avec son diabète",
        starts_on=today - timedelta(days=30),
    )
    session = workshops.session_create(
        acting_user=coordinator,
        programme=programme,
        starts_at=timezone.now() - timedelta(hours=1),
        duration_minutes=120,
        place="Maison de santé",
        theme="nutrition",
        capacity=10,
    )
    registration = workshops.registration_create(
        acting_user=world.users["community_mediator"],
        programme=programme,
        person=person,
        consent_given=True,
        consented_on=today - timedelta(days=1),
        information_version="etp-2026-01",
        registered_on=today - timedelta(days=1),
    )
    workshops.attendance_record(
        acting_user=coordinator, session=session, entries={registration.pk: "present"}
    )


def _build_saisines(world, person: Person, today: date) -> None:
    """A saisine the person made (notes, exchange, document, letter, equity, conflict) and one
    that concerns them (transferred, with its follow-up task)."""
    # Saisines are worked in a fund only: the world's organisation, which holds every role and
    # the person, acts as one while they are written, then is an association again (the consent).
    world.organisation.kind = OrganisationKind.FUND
    world.organisation.save(update_fields=["kind"])
    mediator = world.users["institutional_mediator"]
    facts = {
        "acting_user": mediator,
        "organisation": world.organisation,
        "received_on": today,
        "channel": "letter",
        "author_type": "insured",
        "origin": "direct",
        "perimeter": "after_claim",
        "process": "cash_benefits",
        "subprocess": "sickness",
        "subject": TYPED,
    }
    made = saisines.saisine_receive(requester=person, **facts)
    saisines.saisine_examine(acting_user=mediator, saisine=made)
    saisines.saisine_record_perimeter(
        acting_user=mediator,
        saisine=made,
        perimeter=made.perimeter,
        matter="",
        prior_claim=True,
        court_action_pending=False,
    )
    saisines.saisine_declare_receivable(acting_user=mediator, saisine=made, reason=TYPED)
    exchange = saisines.exchange_request(
        acting_user=mediator,
        saisine=made,
        service="Service des prestations",
        requested_on=today,
        question=TYPED,
    )
    saisines.exchange_answer(acting_user=mediator, exchange=exchange, answered_on=today, answer=TYPED)
    saisines.note_add(acting_user=mediator, saisine=made, text=TYPED)
    saisines.document_add(
        acting_user=mediator,
        saisine=made,
        file=SimpleUploadedFile("courrier-quintefeuille.pdf", b"%PDF-1.4 Mme Quintefeuille"),
        name=f"Courrier de Mme {LAST_NAME}",
    )
    letter_create(acting_user=mediator, saisine=made, kind="personalised", body=TYPED)
    saisines.saisine_propose_equity(acting_user=mediator, saisine=made, proposal=TYPED)
    saisines.saisine_declare_conflict(acting_user=mediator, saisine=made, link=TYPED)

    concerning = saisines.saisine_receive(concerned_person=person, **facts)
    saisines.saisine_examine(acting_user=mediator, saisine=concerning)
    saisines.saisine_record_perimeter(
        acting_user=mediator,
        saisine=concerning,
        perimeter=concerning.perimeter,
        matter="",
        prior_claim=True,
        court_action_pending=False,
    )
    saisines.saisine_declare_not_receivable(acting_user=mediator, saisine=concerning, reason=TYPED)
    task = FollowUpTask.objects.get(saisine=concerning)
    saisines.follow_up_done(acting_user=mediator, task=task, done_on=today, note=TYPED)
    world.organisation.kind = OrganisationKind.ASSOCIATION  # the consent is the association's
    world.organisation.save(update_fields=["kind"])


def _seed_markers(person: Person) -> tuple[dict[str, str], list[str]]:
    """Write a marker into every free-text field of every row that points to the person.

    Returns the markers by field, and the fields no row holds (the build misses a model).
    """
    markers, missing = {}, []
    for number, (name, (model, field)) in enumerate(sorted(free_text_fields().items())):
        if name in NO_PERSONAL_TEXT or name in APPEND_ONLY:
            continue
        marker = markers[name] = f"{MARKER}{number:03d}"
        rows = rows_of(model, person)
        if not rows.exists():
            missing.append(name)
        elif isinstance(field, models.FileField):
            for pk in rows.values_list("pk", flat=True):
                stored = default_storage.save(f"erasure/{marker}-{pk}.txt", ContentFile(TYPED.encode()))
                model._base_manager.filter(pk=pk).update(**{field.attname: stored})
        elif isinstance(field, models.JSONField):
            rows.update(**{field.attname: [marker]})
        else:
            rows.update(**{field.attname: marker})
    return markers, missing


def _leftovers() -> list[str]:
    """Every text field of every model of the project that still holds a marker or names the person."""
    words = [MARKER, search_key(FIRST_NAME), search_key(LAST_NAME), search_key(EMAIL)]
    digits = re.sub(r"\D", "", PHONE)[1:]
    found = []
    for model in apps.get_models():
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        if not fields:
            continue
        for pk, *values in model._base_manager.values_list("pk", *(field.attname for field in fields)):
            for field, value in zip(fields, values, strict=True):
                text = search_key(str(value or ""))
                if any(word in text for word in words) or digits in re.sub(r"\D", "", text):
                    found.append(f"{model._meta.label}.{field.name} (n°{pk}): {str(value)[:80]!r}")
    return found


@pytest.mark.usefixtures("sms_outbox")
def test_every_free_text_about_a_person_goes_with_the_consent(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    person = consented_person(
        world,
        consent=FULL_CONSENT,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        phone=PHONE,
        email=EMAIL,
        contact_via=f"Sa fille, Mme {LAST_NAME}",
        birth_year=1971,
    )
    _build_everything(world, person)
    markers, missing = _seed_markers(person)
    assert missing == [], (
        "No row of these models points to the person in _build_everything: build one through the "
        "app's service, or declare the field in NO_PERSONAL_TEXT with a reason."
    )
    seeded_files = [
        name
        for model, field in free_text_fields().values()
        if isinstance(field, models.FileField)
        for name in rows_of(model, person).values_list(field.attname, flat=True)
    ]
    assert seeded_files and all(default_storage.exists(name) for name in seeded_files)

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(
            acting_user=world.users["community_mediator"], person=Person.objects.get(pk=person.pk)
        )

    gaps = {markers[name] for name in KNOWN_GAPS}
    leftovers = [line for line in _leftovers() if not any(f"'{marker}'" in line for marker in gaps)]
    fields_left = sorted({name for name, marker in markers.items() for line in leftovers if marker in line})
    assert (fields_left, leftovers) == ([], []), (
        "A consent withdrawal leaves text about the person: erase these fields in the app's "
        "person_anonymised receiver (a code or a number that names nobody goes in NO_PERSONAL_TEXT "
        "with a reason)."
    )
    still_there = sorted(name for name in KNOWN_GAPS if _holds(name, markers[name], person))
    assert still_there == sorted(KNOWN_GAPS), "A known gap is closed: remove its line from KNOWN_GAPS."
    assert [name for name in seeded_files if default_storage.exists(name)] == []
    # Where the person lives: alone in their commune, no row about them keeps it (the département
    # stays on the file), and the birth year is only the middle of its age band.
    assert {"people.Person.commune", "outreach.Contact.commune"} <= set(commune_fields())
    kept = [name for name, (model, field) in commune_fields().items() if _keeps_commune(model, field, person)]
    assert kept == []
    anonymised = Person.objects.get(pk=person.pk)
    assert anonymised.departement == "11"
    assert age_band_of(anonymised) == age_band_for(1971, timezone.localdate())
    assert anonymised.birth_year != 1971
    assert _files_naming_the_person(person) == []
    letter = Letter.objects.get(saisine__requester=person)
    assert search_key(ERASED_TEXT) in search_key(_text_of(letter.pdf.name))  # the PDF is written anew


def commune_fields() -> dict[str, tuple[type[models.Model], models.Field]]:
    """``app.Model.field`` → (model, field), for every commune of a row that points to a person."""
    return {
        f"{model._meta.label}.{field.name}": (model, field)
        for model in person_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Commune
    }


def _keeps_commune(model: type[models.Model], field: models.Field, person: Person) -> bool:
    return rows_of(model, person).filter(**{f"{field.name}__isnull": False}).exists()


def _holds(name: str, marker: str, person: Person) -> bool:
    model, field = free_text_fields()[name]
    return rows_of(model, person).filter(**{field.attname: marker}).exists()


def _files_naming_the_person(person: Person) -> list[str]:
    """The stored files still attached to the person's rows (a letter's PDF written anew) whose
    text names them."""
    words = [search_key(FIRST_NAME), search_key(LAST_NAME), MARKER]
    found = []
    for model, field in free_text_fields().values():
        if not isinstance(field, models.FileField):
            continue
        for name in (
            rows_of(model, person).exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        ):
            if any(word in search_key(_text_of(name)) for word in words):
                found.append(f"{model._meta.label}.{field.name}: {name}")
    return found


def _text_of(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    if content.startswith(b"%PDF"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode(errors="replace")
