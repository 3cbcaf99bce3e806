"""The journal hardened (security issue, point 5): reading it is journalled, refusals are
journalled, entries past the retention are archived then deleted, and on PostgreSQL the database
itself refuses to rewrite the journal or to delete a recent entry."""

import datetime as dt
import gzip
import json
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lien.accounts.enums import Role
from lien.accounts.permissions import Perm, PermissionRefused, RefusedNotFound, require_perm
from lien.accounts.services import membership_add
from lien.journal.checks import check_journal_retention
from lien.journal.middleware import RefusalJournalMiddleware
from lien.journal.models import Action, JournalEntry
from lien.journal.services import journal_archive, retention_cutoff, synthetic_entries_deletable
from lien.journal.tasks import archive_old_journal_entries
from lien.shell.tasks import PERIODIC_JOBS

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def director(world):
    return world.users["director"]


@pytest.fixture
def archive_dir(settings, tmp_path):
    settings.LIEN_JOURNAL_ARCHIVE_DIR = tmp_path / "journal-archive"
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 12
    return settings.LIEN_JOURNAL_ARCHIVE_DIR


def _security(user) -> list[tuple]:
    return list(
        JournalEntry.objects.filter(action=Action.SECURITY, user=user).values_list("organisation", "detail")
    )


# Reading the journal


def test_it_journals_a_reading_of_the_journal(world, director, client_for):
    client = client_for(director)
    first = client.get(reverse("journal"))
    assert list(first.context["page"].object_list) == []  # the page shows the journal as asked
    entry = JournalEntry.objects.get()
    assert (entry.user, entry.action, entry.organisation, entry.object_type, entry.object_id) == (
        director,
        Action.VIEW,
        world.organisation,
        "accounts.organisation",
        str(world.organisation.pk),
    )
    assert entry.detail == "Lecture du journal (page 1)"
    second = client.get(reverse("journal"))
    assert list(second.context["page"].object_list)[-1] == entry
    assert "Lecture du journal (page 1)" in second.content.decode()


def test_it_says_the_filters_used_and_never_the_person_searched(world, director, client_for):
    client_for(director).get(
        reverse("journal"),
        {
            "action": "export",
            "person": "Éluard",
            "user": world.users["assistant"].pk,
            "date_from": "2026-03-10",
        },
    )
    assert JournalEntry.objects.get().detail == (
        "Lecture du journal (page 1, personne recherchée, utilisateur·rice : assistant@lien.example, "
        "action : Export, du 10/03/2026)"
    )


def test_it_journals_the_reading_in_each_organisation_read_in_one_write(world, director, client_for):
    membership_add(user=director, organisation=world.other_organisation, role=Role.DIRECTOR)
    client = client_for(director)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("journal"))
    table = JournalEntry._meta.db_table
    assert len([query for query in captured if query["sql"].startswith(f'INSERT INTO "{table}"')]) == 1
    assert sorted(JournalEntry.objects.values_list("organisation", "object_id")) == sorted(
        [
            (world.organisation.pk, str(world.organisation.pk)),
            (world.other_organisation.pk, str(world.other_organisation.pk)),
        ]
    )


# Refusals


def test_it_journals_a_page_refused_by_require_perm(world, mediator, client_for):
    assert client_for(mediator).get(reverse("journal")).status_code == 404
    assert _security(mediator) == [
        (world.organisation.pk, "Accès refusé : GET /journal/ (permission journal.view)")
    ]


def test_the_api_journals_its_refusals_as_the_pages_do(world, mediator):
    """The API answers its 403 and require_perm's 404 itself (lien/api/api.py), before any
    middleware: its handlers journal them too; a plain 404 is not a refusal."""
    from lien.api.api import on_not_found, on_permission_denied

    request = RequestFactory().get("/api/v1/saisines/7")
    request.user = mediator
    assert on_permission_denied(request, PermissionDenied("Non.")).status_code == 403
    assert on_not_found(request, RefusedNotFound(Perm.JOURNAL_VIEW)).status_code == 404
    assert on_not_found(request, Http404()).status_code == 404
    assert sorted(_security(mediator)) == [
        (world.organisation.pk, "Accès refusé : GET /api/v1/saisines/7"),
        (world.organisation.pk, "Accès refusé : GET /api/v1/saisines/7 (permission journal.view)"),
    ]


def test_it_journals_a_refusal_in_each_organisation_of_the_user(world, mediator, client_for):
    membership_add(user=mediator, organisation=world.other_organisation, role=Role.VOLUNTEER)
    client_for(mediator).get(reverse("journal"), {"person": "Éluard"})
    assert sorted(organisation for organisation, _detail in _security(mediator)) == sorted(
        [world.organisation.pk, world.other_organisation.pk]
    )
    assert all("Éluard" not in detail for _organisation, detail in _security(mediator))  # no query string


def test_it_journals_nothing_for_an_anonymous_visitor(world, settings):
    settings.SMS_WEBHOOK_SECRET = "a-secret-of-sixteen-characters"
    client = Client()
    assert client.get(reverse("journal")).status_code == 302  # to the login page
    assert client.post(reverse("sms:webhook", args=["brevo"]), {}).status_code == 403  # a public page
    assert not JournalEntry.objects.exists()


def test_it_journals_nothing_for_a_plain_not_found(world, person, client_for):
    assert (
        client_for(world.users["outsider"]).get(reverse("person_detail", args=[person.pk])).status_code == 404
    )
    assert not JournalEntry.objects.exists()


def _refuse(user, exception: Exception) -> None:
    request = RequestFactory().get("/quelque/part/", {"q": "Éluard"})
    request.user = user
    assert RefusalJournalMiddleware(lambda request: None).process_exception(request, exception) is None


def test_it_journals_any_403_of_an_authenticated_user_and_no_plain_404(world, mediator):
    _refuse(mediator, PermissionDenied("Secret du webhook absent ou faux."))
    _refuse(mediator, PermissionRefused(Perm.MEMBERS_CHANGE, "Votre rôle ne permet pas cette action."))
    _refuse(mediator, RefusedNotFound(Perm.JOURNAL_VIEW))
    _refuse(mediator, Http404("Personne introuvable."))
    _refuse(AnonymousUser(), PermissionDenied())
    assert sorted(detail for _organisation, detail in _security(mediator)) == [
        "Accès refusé : GET /quelque/part/",
        "Accès refusé : GET /quelque/part/ (permission journal.view)",
        "Accès refusé : GET /quelque/part/ (permission members.change)",
    ]


def test_it_answers_the_refusal_even_when_the_journal_cannot_be_written(
    world, mediator, client_for, monkeypatch
):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(JournalEntry, "log_security", broken)
    assert client_for(mediator).get(reverse("journal")).status_code == 404


def test_require_perm_raises_marked_refusals_answered_as_before(world, mediator):
    with pytest.raises(Http404) as not_found:
        require_perm(mediator, Perm.JOURNAL_VIEW, not_found=True)
    with pytest.raises(PermissionDenied) as denied:
        require_perm(mediator, Perm.JOURNAL_VIEW, message="Non.")
    assert (type(not_found.value), not_found.value.perm) == (RefusedNotFound, Perm.JOURNAL_VIEW)
    assert (type(denied.value), denied.value.perm, str(denied.value)) == (
        PermissionRefused,
        Perm.JOURNAL_VIEW,
        "Non.",
    )


# Retention and archive


def _entries_at(moment: dt.datetime, user, count: int) -> list[JournalEntry]:
    with time_machine.travel(moment, tick=False):
        return [
            entry for _ in range(count) for entry in JournalEntry.log_security(user=user, detail="ancienne")
        ]


def _archived_lines(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as archive:
        return [json.loads(line) for line in archive]


def test_it_archives_then_deletes_the_entries_past_the_retention(world, mediator, archive_dir):
    old = _entries_at(timezone.now() - dt.timedelta(days=400), mediator, 2)
    recent = _entries_at(timezone.now() - dt.timedelta(days=200), mediator, 1)
    assert archive_old_journal_entries.call() == 2
    files = list(archive_dir.iterdir())
    assert len(files) == 1
    assert (archive_dir.stat().st_mode & 0o777, files[0].stat().st_mode & 0o777) == (0o700, 0o600)
    lines = _archived_lines(files[0])
    assert [line["id"] for line in lines] == [entry.pk for entry in old]
    assert lines[0] | {"at": None} == {
        "id": old[0].pk,
        "at": None,
        "user_id": mediator.pk,
        "user_email": mediator.email,
        "organisation_id": world.organisation.pk,
        "action": "security",
        "object_type": "accounts.user",
        "object_id": str(mediator.pk),
        "object_repr": str(mediator),
        "person_id": None,
        "detail": "ancienne",
    }
    assert dt.datetime.fromisoformat(lines[0]["at"]) == old[0].at
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [recent[0].pk]
    # A second run finds nothing: no file, nothing deleted.
    assert archive_old_journal_entries.call() == 0
    assert len(list(archive_dir.iterdir())) == 1
    assert JournalEntry.objects.count() == 1


def test_the_dry_run_says_what_it_would_archive_and_changes_nothing(world, mediator, archive_dir):
    moment = timezone.now() - dt.timedelta(days=400)
    _entries_at(moment, mediator, 3)
    out = StringIO()
    call_command("journal_archive", "--dry-run", stdout=out)
    assert "3 entrée(s) du journal" in out.getvalue()
    assert f"la plus ancienne date du {timezone.localtime(moment):%d/%m/%Y}" in out.getvalue()
    assert JournalEntry.objects.count() == 3
    assert not archive_dir.exists()
    out = StringIO()
    call_command("journal_archive", stdout=out)
    assert "3 entrée(s) du journal archivée(s) dans" in out.getvalue()
    assert str(next(archive_dir.iterdir())) in out.getvalue()
    assert not JournalEntry.objects.exists()
    out = StringIO()
    call_command("journal_archive", "--dry-run", stdout=out)
    assert "rien à archiver" in out.getvalue()


def test_it_keeps_the_file_and_rows_together_when_the_deletion_fails(
    world, mediator, archive_dir, monkeypatch
):
    _entries_at(timezone.now() - dt.timedelta(days=400), mediator, 2)
    monkeypatch.setattr("lien.journal.services._delete_entries", lambda ids, cutoff: len(ids) - 1)
    with pytest.raises(RuntimeError):
        journal_archive()
    assert JournalEntry.objects.count() == 2
    assert list(archive_dir.iterdir()) == []


def test_the_retention_counts_calendar_months(settings):
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 6
    now = dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC)
    assert retention_cutoff(now) == dt.datetime(2026, 2, 28, 10, tzinfo=dt.UTC)
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 12
    assert retention_cutoff(now) == dt.datetime(2025, 8, 31, 10, tzinfo=dt.UTC)


def test_it_refuses_a_retention_under_six_months(settings):
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 3
    assert [error.id for error in check_journal_retention()] == ["lien.journal.E001"]
    assert "lien.journal.E001" in [message.id for message in run_checks()]
    with pytest.raises(ImproperlyConfigured):
        retention_cutoff()
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 6
    assert check_journal_retention() == []
    settings.LIEN_JOURNAL_RETENTION_MONTHS = 24
    assert [warning.id for warning in check_journal_retention()] == ["lien.journal.W001"]


def test_the_archive_is_a_periodic_job():
    assert archive_old_journal_entries in PERIODIC_JOBS


# The database itself (PostgreSQL)


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_postgresql_refuses_to_rewrite_the_journal_or_delete_a_recent_entry(world, mediator):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only; on SQLite the ORM guard is the only one")
    entry = JournalEntry.log_security(user=mediator, detail="récente")[0]
    old = _entries_at(timezone.now() - dt.timedelta(days=400), mediator, 1)[0]
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    with pytest.raises(DatabaseError, match="cannot be modified"):
        _raw(f"UPDATE {table} SET detail = %s WHERE id = %s", ["effacée", old.pk])  # noqa: S608
    with pytest.raises(DatabaseError, match="cannot be deleted"):
        _raw(f"DELETE FROM {table} WHERE id = %s", [entry.pk])  # noqa: S608
    assert JournalEntry.objects.filter(pk=entry.pk, detail="récente").exists()
    _raw(f"DELETE FROM {table} WHERE id = %s", [old.pk])  # noqa: S608 (past 180 days: the purge's)
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [entry.pk]


def test_only_the_bench_reset_deletes_recent_synthetic_entries_and_the_trigger_comes_back(world, mediator):
    """lien.demo.bench.bench_reset deletes its synthetic organisations' journal: inside
    synthetic_entries_deletable() only, and the trigger guards again right after."""
    entries = [JournalEntry.log_security(user=mediator, detail=f"synthétique {n}")[0] for n in range(2)]
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    with transaction.atomic(), synthetic_entries_deletable():
        _raw(f"DELETE FROM {table} WHERE id = %s", [entries[0].pk])  # noqa: S608
    assert not JournalEntry.objects.filter(pk=entries[0].pk).exists()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="cannot be deleted"):
            _raw(f"DELETE FROM {table} WHERE id = %s", [entries[1].pk])  # noqa: S608
