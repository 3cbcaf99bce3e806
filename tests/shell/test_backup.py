"""`lien backup` / `lien restore` and the restore drill: an instance with a row in every app and
files is saved, erased and restored, then compared object by object and file by file; a wrong
key, an altered or cut archive and a non-empty target restore nothing.

Transactional tests: the restore commits (and flushes, with --yes) like the command does."""

import os
import secrets
import shutil
import stat
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from lien.lib.text import search_key
from lien.people.models import Person
from lien.shell import backup
from lien.shell.backup import BackupError, _check_header, backed_up_models, backup_create, backup_restore
from tests.community import sms_outbox  # noqa: F401 — fixture
from tests.mediation import FULL_CONSENT, consented_person
from tests.people.test_erasure_coverage import FIRST_NAME, LAST_NAME, PHONE, _build_everything

pytestmark = pytest.mark.django_db(transaction=True)

# Made again by `migrate` on the target: compared by natural key.
NATURAL = {"contenttypes.contenttype", "auth.permission"}
# Not restored: everyone signs in again.
SESSIONS = {"sessions.session", "accounts.usersession"}


@pytest.fixture
def instance(settings, tmp_path):
    """Where the instance keeps its files, and the backup key."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIEN_JOURNAL_ARCHIVE_DIR = tmp_path / "journal-archive"
    settings.LIEN_BACKUP_KEY = secrets.token_urlsafe(32)
    return tmp_path


@pytest.fixture
def populated(instance, world, sms_outbox):  # noqa: F811
    """A person with a row in every app (the erasure test's builder: letters, documents,
    trainings, conventions), and an archive of the journal."""
    person = consented_person(
        world, consent=FULL_CONSENT, first_name=FIRST_NAME, last_name=LAST_NAME, phone=PHONE
    )
    _build_everything(world, person)
    archive = instance / "journal-archive" / "journal-before-2025-01-01.jsonl.gz"
    archive.parent.mkdir(mode=0o700)
    archive.write_bytes(b"\x1f\x8b archived journal")
    archive.chmod(0o600)
    return person


@pytest.fixture
def small(instance, world):
    """A person and one stored file: enough for the refusals."""
    person = consented_person(world, last_name=LAST_NAME)
    default_storage.save("documents/note.txt", ContentFile(f"Mme {LAST_NAME}".encode()))
    return person


def _snapshot() -> dict[str, list]:
    """Every row of every model, as Django serialises it (links by natural key where a model has
    one, so that ids of rows `migrate` makes again do not matter)."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or label in SESSIONS:
            continue
        queryset = model._base_manager.order_by("pk")
        if label in NATURAL:
            rows[label] = sorted(row.natural_key() for row in queryset)
        else:
            rows[label] = serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    return rows


def _files(*roots: Path) -> dict[str, bytes]:
    return {
        f"{root.name}/{path.relative_to(root)}": path.read_bytes()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _roots(settings) -> tuple[Path, Path]:
    return Path(settings.MEDIA_ROOT), Path(settings.LIEN_JOURNAL_ARCHIVE_DIR)


def _erase(settings) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for root in _roots(settings):
        shutil.rmtree(root, ignore_errors=True)


def test_every_model_is_backed_up_or_made_by_migrate_or_a_session():
    labels = {model._meta.label_lower for model in backed_up_models()}
    every = {m._meta.label_lower for m in apps.get_models() if not m._meta.proxy and m._meta.managed}
    assert labels | NATURAL | SESSIONS == every
    assert not labels & (NATURAL | SESSIONS)


def test_the_drill_restores_every_object_and_every_file(populated, world, settings, tmp_path, capsys):
    before, files_before = _snapshot(), _files(*_roots(settings))
    assert sum(len(rows) for rows in before.values()) > 200
    assert len([label for label, rows in before.items() if rows]) >= 50
    assert len(files_before) >= 5  # letters, documents, training, convention, journal archive

    started = time.perf_counter()
    path = tmp_path / "backups" / "lien.tar.gz.enc"
    written = backup_create(path=path)
    saved = time.perf_counter()
    _erase(settings)
    assert not Person.objects.exists()
    restored = backup_restore(path)
    finished = time.perf_counter()

    after, files_after = _snapshot(), _files(*_roots(settings))
    for label, rows in before.items():
        assert after[label] == rows, label
    assert files_after == files_before
    assert restored.objects == written.objects and restored.files == written.files == len(files_before)
    for root in _roots(settings):
        for path_in in root.rglob("*"):
            mode = stat.S_IMODE(path_in.stat().st_mode)
            assert mode == (0o700 if path_in.is_dir() else 0o600), path_in
        assert not [entry for entry in root.iterdir() if entry.name.startswith(".lien-")]
    # The search index follows the restored rows; the sequences go on after the restored ids.
    assert Person.objects.filter(search_name__indexed_contains=search_key(LAST_NAME)).count() == 1
    assert consented_person(world, last_name="Nouveau").pk > populated.pk

    # The archive: Lien's account only, and nothing readable in it.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_bytes()
    for marker in (LAST_NAME, FIRST_NAME, PHONE, "%PDF"):
        assert marker.encode() not in content
        assert marker.encode("utf-16-le") not in content

    compared = sum(len(rows) for rows in before.values())
    with capsys.disabled():
        print(
            f"\nrestore drill: {compared} objects of {len([r for r in before.values() if r])} models "
            f"and {len(files_before)} files compared; backup {saved - started:.2f} s "
            f"({written.size} bytes), flush + restore {finished - saved:.2f} s"
        )


def _nothing_restored(settings) -> None:
    assert not Person.objects.exists()
    assert _files(*_roots(settings)) == {}


def test_a_wrong_key_restores_nothing(small, settings, tmp_path):
    path = backup_create(path=tmp_path / "lien.tar.gz.enc").path
    _erase(settings)
    settings.LIEN_BACKUP_KEY = secrets.token_urlsafe(32)
    with pytest.raises(BackupError, match="La clé ne correspond pas"):
        backup_restore(path)
    _nothing_restored(settings)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("flip", "altérée"),
        ("cut", "tronquée"),
        ("append", "altérée"),
    ],
)
def test_an_altered_archive_restores_nothing(small, settings, tmp_path, damage, message):
    path = backup_create(path=tmp_path / "lien.tar.gz.enc").path
    content = bytearray(path.read_bytes())
    if damage == "flip":
        content[len(content) // 2] ^= 0x01
    elif damage == "cut":
        del content[-100:]
    else:
        content += b"\x00" * 10
    path.write_bytes(bytes(content))
    _erase(settings)
    with pytest.raises(BackupError, match=message):
        backup_restore(path)
    _nothing_restored(settings)


def test_a_file_that_is_no_backup_is_refused(instance, tmp_path):
    path = tmp_path / "lien.tar.gz"
    path.write_bytes(b"\x1f\x8b not an archive of Lien")
    with pytest.raises(BackupError, match="pas une sauvegarde de Lien"):
        backup_restore(path)


def test_a_populated_instance_is_replaced_only_with_yes(small, world, settings, tmp_path, capsys):
    path = tmp_path / "lien.tar.gz.enc"
    call_command("backup", output=path)
    out = capsys.readouterr().out
    assert "Sauvegarde écrite" in out and "1 fichier(s)" in out
    consented_person(world, last_name="Après")
    default_storage.save("documents/after.txt", ContentFile(b"later"))

    with pytest.raises(CommandError, match="déjà des données de Lien"):
        call_command("restore", path)
    assert Person.objects.filter(last_name="Après").exists()

    call_command("restore", path, yes=True)
    assert "Sauvegarde restaurée" in capsys.readouterr().out
    assert list(Person.objects.values_list("pk", flat=True)) == [small.pk]
    assert sorted(_files(Path(settings.MEDIA_ROOT))) == ["media/documents/note.txt"]


def test_a_restore_that_fails_at_the_end_leaves_everything_as_it_was(
    small, world, settings, tmp_path, monkeypatch
):
    path = backup_create(path=tmp_path / "lien.tar.gz.enc").path
    consented_person(world, last_name="Après")
    default_storage.save("documents/after.txt", ContentFile(b"later"))
    before, files_before = _snapshot(), _files(*_roots(settings))

    def mismatch(*args):
        raise BackupError("Fichiers différents du manifeste")

    monkeypatch.setattr(backup, "_check_manifest", mismatch)
    with pytest.raises(BackupError, match="manifeste"):
        backup_restore(path, replace=True)
    assert _snapshot() == before  # the flush rolled back with the rest
    assert _files(*_roots(settings)) == files_before
    assert not [entry for entry in Path(settings.MEDIA_ROOT).iterdir() if entry.name.startswith(".lien-")]


def test_files_left_in_an_empty_database_are_not_overwritten_without_yes(small, settings, tmp_path):
    path = backup_create(path=tmp_path / "lien.tar.gz.enc").path
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="contient déjà des fichiers"):
        backup_restore(path)
    assert not Person.objects.exists()


def test_an_archive_of_another_schema_is_refused(db):
    header = {"format": 1, "lien": {"version": "0.0.1"}, "migrations": ["people.0001_initial"]}
    with pytest.raises(BackupError, match="lancez `lien migrate`"):
        _check_header(header, "default")


def test_the_archive_is_never_written_over(instance, tmp_path):
    path = tmp_path / "lien.tar.gz.enc"
    path.write_bytes(b"kept")
    with pytest.raises(BackupError, match="existe déjà"):
        backup_create(path=path)
    assert path.read_bytes() == b"kept"
    assert os.listdir(tmp_path) == ["lien.tar.gz.enc"]
