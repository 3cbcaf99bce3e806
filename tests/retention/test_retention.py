"""The retention periods (lien/retention): what expired is anonymised or deleted by ``lien tick``,
statistics kept; the dry run lists the same and changes nothing."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lien.accounts.enums import Role
from lien.accounts.services import membership_add
from lien.followup.enums import EndReason
from lien.followup.models import Contact, Followup
from lien.followup.services import contact_record, followup_end
from lien.journal.models import JournalEntry
from lien.people.anonymity import age_band_of
from lien.people.enums import age_band_for
from lien.people.models import Person
from lien.people.services import ConsentInput
from lien.people.signals import ERASED_TEXT
from lien.retention import rules
from lien.retention.services import REASON, TEXT_REASON, Category, retention_run
from lien.retention.tasks import apply_retention
from lien.saisines import services as saisines
from lien.saisines.enums import Status
from lien.saisines.models import Document, Note, Saisine
from lien.shell.tasks import PERIODIC_JOBS
from tests.community import aware, book
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

LAST_SEEN = date(2023, 3, 15)  # the day of the last contact of the files that expire
RUN = date(2025, 3, 16)  # two years and a day later
ASSOCIATION = "Association locale"


def at(day: date):
    return time_machine.travel(aware(day), tick=False)


def run(day: date = RUN, *, dry_run: bool = False):
    with at(day):
        return retention_run(today=day, dry_run=dry_run)


def seen_on(world, day: date, *, end_followup: bool = True, **fields) -> Person:
    """A community file created and contacted on ``day`` (its follow-up ended that day)."""
    mediator = world.users["community_mediator"]
    with at(day):
        person = consented_person(world, consent=ConsentInput(given_on=day, form="oral"), **fields)
        contact_record(
            acting_user=mediator, person=person, on=day, channel="phone", note="Rappeler Mme Maury"
        )
        if end_followup:
            followup_end(
                acting_user=mediator,
                followup=Followup.objects.get(person=person),
                reason=EndReason.AUTONOMOUS,
                ended_on=day,
            )
    person.refresh_from_db()
    return person


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every model of the project, to compare before and after a dry run."""
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr)
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "auth"}
    }


def test_it_anonymises_a_file_without_activity_for_two_years_and_keeps_a_recent_one(world):
    old = seen_on(world, LAST_SEEN, last_name="Ancienne")
    recent = seen_on(world, RUN - timedelta(days=365), last_name="Récente")
    exactly = seen_on(world, RUN - timedelta(days=731), last_name="Limite")  # 2 years to the day

    report = run()

    for person in (old, recent, exactly):
        person.refresh_from_db()
    assert old.is_anonymised and old.last_name == "" and old.phone == ""
    assert not recent.is_anonymised and recent.last_name == "Récente"
    assert not exactly.is_anonymised
    assert report.counts[Category.FOLLOWUP] == {ASSOCIATION: 1}
    assert report.total(Category.SAISINE) == report.total(Category.DOCUMENT) == 0


def test_it_erases_the_free_text_of_the_apps_through_the_anonymisation(world):
    old = seen_on(world, LAST_SEEN)
    run()
    assert list(Contact.objects.filter(person=old).values_list("note", flat=True)) == [""]


def test_an_open_followup_keeps_the_file(world):
    person = seen_on(world, LAST_SEEN, end_followup=False)
    assert person not in rules.community_files_expired(RUN)
    run()
    person.refresh_from_db()
    assert not person.is_anonymised


def test_an_appointment_to_come_keeps_the_file(world):
    person = seen_on(world, LAST_SEEN)
    with at(LAST_SEEN):
        book(world, person, aware(RUN + timedelta(days=10)))
        followup_end(
            acting_user=world.users["community_mediator"],
            followup=Followup.objects.get(person=person),
            reason=EndReason.AUTONOMOUS,
            ended_on=LAST_SEEN,
        )
    assert person not in rules.community_files_expired(RUN)
    run()
    person.refresh_from_db()
    assert not person.is_anonymised


def test_the_dry_run_lists_the_same_counts_and_changes_nothing(world):
    seen_on(world, LAST_SEEN, last_name="Un")
    seen_on(world, LAST_SEEN, last_name="Deux")
    seen_on(world, RUN - timedelta(days=100), last_name="Trois")
    before = snapshot()

    dry = run(dry_run=True)

    assert snapshot() == before
    assert dry.dry_run and dry.counts[Category.FOLLOWUP] == {ASSOCIATION: 2}
    assert run().counts == dry.counts


def test_a_second_run_changes_nothing(world):
    seen_on(world, LAST_SEEN)
    assert run().total(Category.FOLLOWUP) == 1
    before = snapshot()
    again = run(RUN + timedelta(days=1))
    assert snapshot() == before
    assert all(again.total(category) == 0 for category in Category)


def test_the_statistics_are_kept(world):
    person = seen_on(world, LAST_SEEN, birth_year=1948, gender="female")
    band = age_band_for(1948, RUN)
    people = Person.objects.count()

    run()

    person.refresh_from_db()
    assert Person.objects.count() == people
    assert person.gender == "female" and person.organisation == world.organisation
    assert age_band_of(person) == band
    assert person.followup.ended_on == LAST_SEEN


def test_the_journal_has_one_entry_per_anonymised_person(world):
    first, second = seen_on(world, LAST_SEEN), seen_on(world, LAST_SEEN)
    run()
    run(RUN + timedelta(days=30))
    for person in (first, second):
        entries = JournalEntry.objects.filter(person=person, detail=REASON)
        assert entries.count() == 1
        assert entries.get().user is None and entries.get().organisation == world.organisation


@pytest.fixture
def fund(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fund = OrganisationFactory(slug="cpam-retention", name="CPAM de Lien", fund=True)
    mediator = UserFactory(email="mediateur@cpam-retention.example")
    membership_add(user=mediator, organisation=fund, role=Role.INSTITUTIONAL_MEDIATOR)
    return fund, mediator


def closed_saisine(fund, *, closed_on: date, requester: Person) -> Saisine:
    """A saisine of ``requester`` with a subject, a note and a document, closed on ``closed_on``."""
    organisation, mediator = fund
    received_on = closed_on - timedelta(days=60)
    with at(received_on):
        saisine = saisines.saisine_receive(
            acting_user=mediator,
            organisation=organisation,
            received_on=received_on,
            channel="letter",
            author_type="insured",
            origin="direct",
            perimeter="after_claim",
            process="cash_benefits",
            subprocess="sickness",
            requester=requester,
            subject=f"Indemnités de {requester.last_name}",
        )
        saisines.note_add(acting_user=mediator, saisine=saisine, text=f"Appelé {requester.last_name}")
        saisines.document_add(
            acting_user=mediator,
            saisine=saisine,
            file=SimpleUploadedFile("courrier.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        )
    # Set up at its end (the closure's guards are tested with the saisines).
    Saisine.objects.filter(pk=saisine.pk).update(status=Status.CLOSED, closed_on=closed_on, outcome="granted")
    return saisine


def test_a_requester_whose_saisines_closed_five_years_ago_is_anonymised(
    world, fund, django_capture_on_commit_callbacks
):
    closed_on = date(2020, 3, 15)
    old = PersonFactory(
        organisation=fund[0], last_name="Ancien", phone="06 11 22 33 44", nir="180017512345678"
    )
    kept = PersonFactory(organisation=fund[0], last_name="Récent")
    old_saisine = closed_saisine(fund, closed_on=closed_on, requester=old)
    kept_saisine = closed_saisine(fund, closed_on=closed_on + timedelta(days=365), requester=kept)
    day = date(2025, 3, 16)  # five years and a day after the first closure, four after the second
    old_file = Document.objects.get(saisine=old_saisine).file.name
    assert default_storage.exists(old_file)

    assert run(day, dry_run=True).counts[Category.SAISINE] == {"CPAM de Lien": 1}
    with django_capture_on_commit_callbacks(execute=True):
        report = run(day)

    for row in (old, kept, old_saisine):
        row.refresh_from_db()
    assert old.is_anonymised and old.last_name == old.phone == old.nir == ""
    assert old_saisine.subject == "" and Note.objects.get(saisine=old_saisine).text == ERASED_TEXT
    assert not Document.objects.filter(saisine=old_saisine).exists()
    assert not default_storage.exists(old_file)
    assert not kept.is_anonymised
    kept_saisine.refresh_from_db()
    assert kept_saisine.subject == "Indemnités de Récent"
    assert Document.objects.filter(saisine=kept_saisine).exists()
    assert report.counts[Category.SAISINE] == {"CPAM de Lien": 1}
    assert report.counts[Category.DOCUMENT] == {"CPAM de Lien": 1}
    assert JournalEntry.objects.filter(person=old, detail=REASON).count() == 1


def test_the_free_text_of_a_saisine_without_a_person_goes_after_its_period(
    world, fund, django_capture_on_commit_callbacks
):
    # Imported saisines may have no person: nothing anonymises them, the rule erases their text.
    old = closed_saisine(fund, closed_on=date(2020, 3, 15), requester=PersonFactory(organisation=fund[0]))
    recent = closed_saisine(fund, closed_on=date(2021, 3, 15), requester=PersonFactory(organisation=fund[0]))
    Saisine.objects.filter(pk__in=[old.pk, recent.pk]).update(requester=None, concerned_person=None)
    day = date(2025, 3, 16)

    assert run(day, dry_run=True).counts[Category.SAISINE_TEXT] == {"CPAM de Lien": 1}
    with django_capture_on_commit_callbacks(execute=True):
        report = run(day)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert report.counts[Category.SAISINE_TEXT] == {"CPAM de Lien": 1}
    assert old.subject == "" and Note.objects.get(saisine=old).text == ERASED_TEXT
    assert not Document.objects.filter(saisine=old).exists()
    assert old.reference and old.closed_on == date(2020, 3, 15)  # the statistics stay
    assert recent.subject.startswith("Indemnités") and Document.objects.filter(saisine=recent).exists()
    assert JournalEntry.objects.filter(object_id=str(old.pk), detail=TEXT_REASON).count() == 1
    assert run(day, dry_run=True).total(Category.SAISINE_TEXT) == 0  # done once


def test_a_file_of_a_fund_without_saisine_is_anonymised_after_the_saisine_period(world, fund):
    with at(date(2019, 1, 10)):
        old = PersonFactory(organisation=fund[0], last_name="Oublié", nir="180017512345678")
    with at(date(2022, 1, 10)):
        recent = PersonFactory(organisation=fund[0], last_name="Récent")
    day = date(2025, 3, 16)

    assert run(day, dry_run=True).counts[Category.WITHOUT_SAISINE] == {"CPAM de Lien": 1}
    report = run(day)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert report.counts[Category.WITHOUT_SAISINE] == {"CPAM de Lien": 1}
    assert old.is_anonymised and old.last_name == old.nir == "" and old.nir_digest == ""
    assert not recent.is_anonymised


def test_an_open_saisine_keeps_its_requester(world, fund):
    person = PersonFactory(organisation=fund[0], last_name="Ouvert")
    closed_saisine(fund, closed_on=date(2015, 1, 10), requester=person)
    with at(date(2024, 1, 2)):
        saisines.saisine_receive(
            acting_user=fund[1],
            organisation=fund[0],
            received_on=date(2024, 1, 2),
            channel="letter",
            author_type="insured",
            origin="direct",
            perimeter="after_claim",
            process="cash_benefits",
            subprocess="sickness",
            requester=person,
        )
    assert person not in rules.requesters_expired(date(2030, 1, 1))


def test_the_documents_of_a_requester_still_followed_go_after_their_period(
    world, fund, settings, django_capture_on_commit_callbacks
):
    settings.LIEN_RETENTION_DOCUMENT_YEARS = 2
    person = PersonFactory(organisation=fund[0])
    saisine = closed_saisine(fund, closed_on=date(2022, 1, 10), requester=person)
    with django_capture_on_commit_callbacks(execute=True):
        report = run(date(2025, 1, 11))
    person.refresh_from_db()
    assert not person.is_anonymised
    assert not Document.objects.filter(saisine=saisine).exists()
    assert report.counts[Category.DOCUMENT] == {"CPAM de Lien": 1}
    entries = JournalEntry.objects.filter(object_id=str(saisine.pk), detail__startswith="Documents supprimés")
    assert entries.count() == 1


def test_the_command_prints_french_lines(world):
    seen_on(world, LAST_SEEN)
    out = io.StringIO()
    with at(RUN):
        call_command("retention", "--dry-run", "--date", RUN.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Simulation au 16/03/2025 : rien n'est modifié." in text
    assert f"Fiches sans activité depuis 2 ans : 1 ({ASSOCIATION})" in text
    assert "Documents de saisines closes depuis 5 ans : 0" in text
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()

    out = io.StringIO()
    with at(RUN):
        call_command("retention", "--date", RUN.isoformat(), stdout=out)
    assert "Durées de conservation appliquées au 16/03/2025" in out.getvalue()
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 1


def test_the_task_is_a_periodic_job(world):
    assert apply_retention in PERIODIC_JOBS
    seen_on(world, LAST_SEEN)
    with at(RUN):
        assert apply_retention.call() == {
            "followup": 1,
            "saisine": 0,
            "without_saisine": 0,
            "saisine_text": 0,
            "document": 0,
        }


# Models that point to a person and are not activity, each with why.
NOT_ACTIVITY = {
    "followup.ContactDay": "derived from the sources, which are activity themselves (followup.contact_days)",
    "journal.JournalEntry": "the trace of accesses: reading a file is not accompanying the person",
    "people.PersonLanguage": "a code of the file, written with it (the file's updated_at counts)",
    "people.PersonVulnerability": "a code of the file, written with it (the file's updated_at counts)",
    "saisines.Saisine": "a person with a saisine is governed by the saisine rule (requesters_expired)",
}


def test_every_model_that_points_to_a_person_is_activity_or_says_why_not():
    """A new app's rows about a person must keep the file alive (rules._activity_since), or be
    declared here: a file is not anonymised while the team still works with the person."""
    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if (field.many_to_one or field.one_to_one) and field.related_model is Person
    }
    covered = {exists.query.model._meta.label for exists in rules._activity_since(LAST_SEEN, RUN)}
    assert pointing - covered - set(NOT_ACTIVITY) == set()
    assert set(NOT_ACTIVITY) <= pointing
