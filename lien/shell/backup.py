"""Backups of a whole instance (`lien backup`, `lien restore`): the database and the files, in one
encrypted archive that opens on any database Django supports.

The archive is a tar (gzip) of:

- ``header.json`` first: format, Lien's version, date, database vendor, the migrations applied
  (a restore refuses a database whose migrations differ);
- ``objects/NNNNN.jsonl``: every row of every model, one JSON object a line as Django's
  ``python`` serializer writes it, by model then primary key, in members of a few megabytes so
  that neither side holds a table in memory. Left out: content types and permissions (``migrate``
  makes them; the rows that point to them carry their natural key) and the sessions, with the
  rows tied to them (after a restore, everyone signs in again);
- ``files/<root>/<path>``: every file of Django's default storage (``media``: letters, documents,
  trainings, conventions, consents; under ``MEDIA_ROOT`` or in an S3-compatible bucket) and of
  ``LIEN_JOURNAL_ARCHIVE_DIR`` (``journal-archive``), both read and written through Django's
  storage API only;
- ``manifest.json`` last: the same facts as the header, the count of rows per model and the
  SHA-256 of each file.

The tar is encrypted in chunks of 1 MiB with AES-256-GCM, so that memory stays flat whatever the
size: a fresh nonce per chunk, and the archive's random id, the chunk's index and whether it is
the last one authenticated with it, so that a chunk altered, moved, dropped or cut off fails. The
key is derived (HKDF, ``lib/secretbox.derive_key``, purpose ``backup``) from ``LIEN_BACKUP_KEY``,
else from ``LIEN_FIELD_KEY``: never stored in the database nor in the archive, which only holds a
short fingerprint of it to tell "wrong key" from "altered archive".

A restore reads the archive twice: once to authenticate every chunk (a wrong key or one altered
byte stops it before anything changes), then to load it, in one transaction, with the files written
to a private directory under ``DATA_DIR`` and saved into their storage only once the rows and every
hash agree. Saving into an object store is not atomic: should it fail halfway, the database rolls
back and the restore is run again (with ``--yes``).
"""

import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from datetime import time as dt_time
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import python as python_serializer
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from lien.lib import search, secretbox

FORMAT = 1
MAGIC = b"LIEN-BACKUP\x01"  # 12 bytes, the format of the container
CHUNK = 1024 * 1024  # plaintext bytes per encrypted chunk
MEMBER = 4 * 1024 * 1024  # plaintext bytes of JSON lines per tar member
BATCH = 1000  # rows read and serialised at a time
_ID, _FINGERPRINT, _NONCE, _TAG = 16, 8, 12, 16
_HEADER = len(MAGIC) + _ID + _FINGERPRINT

# Made by `migrate` on the target, pointed to by natural key.
NATURAL_KEYS = ("contenttypes.contenttype", "auth.permission")
# Signed-in sessions: not restored, nor the rows that hang on them (accounts.UserSession).
SESSIONS = "sessions.session"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is French, for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    objects: int
    models: int
    files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    objects: int
    models: int
    files: int


# -- what goes in -----------------------------------------------------------------------------------


def backed_up_models() -> list[type[Model]]:
    """Every concrete model of every installed app, but those ``migrate`` makes and the sessions."""
    chosen = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in (*NATURAL_KEYS, SESSIONS):
            continue
        if any(
            field.is_relation
            and field.related_model is not None
            and field.related_model._meta.label_lower == SESSIONS
            for field in meta.concrete_fields
        ):
            continue
        chosen.append(model)
    return chosen


def file_roots() -> dict[str, Storage]:
    """The storages whose files a backup holds, by the name they have in the archive: the
    attachments (Django's default storage, on disk or in an object store) and the journal's
    archives (a local directory)."""
    return {
        "media": default_storage,
        "journal-archive": FileSystemStorage(
            location=settings.LIEN_JOURNAL_ARCHIVE_DIR,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        ),
    }


def _where(storage: Storage) -> str:
    """The storage as an operator names it: a directory, or a bucket and its prefix."""
    bucket = getattr(storage, "bucket_name", None)
    location = getattr(storage, "location", "")
    return f"s3://{bucket}/{location}" if bucket else str(location)


def _key() -> bytes:
    material = settings.LIEN_BACKUP_KEY or settings.LIEN_FIELD_KEY
    return secretbox.derive_key(material, purpose="backup")


def _fingerprint(key: bytes) -> bytes:
    return hmac.new(key, b"lien-backup-key-check", hashlib.sha256).digest()[:_FINGERPRINT]


# -- the encrypted container ---------------------------------------------------------------------


class _Encrypting(io.RawIOBase):
    """A write-only stream that seals what it is given in chunks of ``CHUNK`` bytes into ``out``:
    ``[final: 1][length: 4][nonce: 12][ciphertext + tag]`` after a header
    ``MAGIC + archive id + key fingerprint``."""

    def __init__(self, out: IO[bytes], key: bytes) -> None:
        super().__init__()
        self._out, self._aead = out, AESGCM(key)
        self._header = MAGIC + os.urandom(_ID) + _fingerprint(key)
        self._buffer = bytearray()
        self._index = 0
        out.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        nonce = os.urandom(_NONCE)
        flag = b"\x01" if final else b"\x00"
        sealed = self._aead.encrypt(nonce, plain, _aad(self._header, self._index, flag))
        self._out.write(flag + len(sealed).to_bytes(4, "big") + nonce + sealed)
        self._index += 1


def _aad(header: bytes, index: int, flag: bytes) -> bytes:
    return header + index.to_bytes(8, "big") + flag


class _Decrypting(io.RawIOBase):
    """The plaintext of an archive written by ``_Encrypting``, read chunk by chunk; any chunk
    that does not open (another key, a byte changed, chunks moved, the end cut off) is a
    ``BackupError``."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        super().__init__()
        self._source, self._aead = source, AESGCM(key)
        self._header = source.read(_HEADER)
        if len(self._header) < _HEADER or not self._header.startswith(MAGIC):
            raise BackupError("Ce fichier n'est pas une sauvegarde de Lien (ou pas de ce format).")
        if not hmac.compare_digest(self._header[-_FINGERPRINT:], _fingerprint(key)):
            raise BackupError(
                "La clé ne correspond pas à celle de la sauvegarde : vérifiez LIEN_BACKUP_KEY "
                "(ou LIEN_FIELD_KEY si la sauvegarde a été faite sans LIEN_BACKUP_KEY)."
            )
        self._plain = b""
        self._index = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._plain and not self._done:
            self._plain = self._open_next()
        size = min(len(buffer), len(self._plain))
        buffer[:size] = self._plain[:size]
        self._plain = self._plain[size:]
        return size

    def _open_next(self) -> bytes:
        head = self._source.read(1 + 4 + _NONCE)
        if len(head) < 1 + 4 + _NONCE:
            raise BackupError("La sauvegarde est tronquée : sa fin manque.")
        flag, length, nonce = head[:1], int.from_bytes(head[1:5], "big"), head[5:]
        if flag not in (b"\x00", b"\x01") or not _TAG <= length <= CHUNK + _TAG:
            raise BackupError(_ALTERED)
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise BackupError("La sauvegarde est tronquée : sa fin manque.")
        try:
            plain = self._aead.decrypt(nonce, sealed, _aad(self._header, self._index, flag))
        except InvalidTag:
            raise BackupError(_ALTERED) from None
        self._index += 1
        if flag == b"\x01":
            self._done = True
            if self._source.read(1):
                raise BackupError(_ALTERED)
        return plain


_ALTERED = "La sauvegarde a été altérée (son chiffrement ne s'ouvre pas) : rien n'a été restauré."


# -- backup ---------------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only (ECMA-262): times keep their microseconds here, or
    a restored row would differ from the saved one."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | dt_time):
            return o.isoformat()
        return super().default(o)


class _Serializer(python_serializer.Serializer):
    """Django's ``python`` serializer, with natural keys for content types and permissions only
    (they are made again by ``migrate``, under other ids); every other link is its id."""

    def _model_supports_natural_key(self, model: type[Model]) -> bool:
        return model._meta.label_lower in NATURAL_KEYS


def _facts(using: str) -> dict[str, Any]:
    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "format": FORMAT,
        "lien": _version(),
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": sorted(f"{app}.{name}" for app, name in applied),
    }


def _version() -> dict[str, str | None]:
    try:
        version: str | None = metadata.version("lien")
    except metadata.PackageNotFoundError:
        version = None
    commit = None
    git = Path(settings.BASE_DIR).parent / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        commit = (git / head[5:]).read_text().strip() if head.startswith("ref: ") else head
    except OSError:
        pass
    return {"version": version, "commit": commit}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(mtime)
    tar.addfile(info, io.BytesIO(data))


def _rows(model: type[Model], using: str) -> Iterator[list[Model]]:
    queryset = model._base_manager.using(using).order_by("pk")
    natural = [
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model._meta.label_lower in NATURAL_KEYS  # type: ignore[union-attr]
    ]
    if natural:
        queryset = queryset.select_related(*natural)
    m2m = [field.name for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]  # type: ignore[union-attr]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    batch: list[Model] = []
    for row in queryset.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_objects(tar: tarfile.TarFile, using: str, mtime: float) -> Counter[str]:
    counts: Counter[str] = Counter()
    buffer = io.BytesIO()
    members = 0

    def flush() -> None:
        nonlocal buffer, members
        if buffer.tell():
            members += 1
            _add_bytes(tar, f"objects/{members:05d}.jsonl", buffer.getvalue(), mtime)
            buffer = io.BytesIO()

    for model in backed_up_models():
        for batch in _rows(model, using):
            for record in _Serializer().serialize(batch):
                buffer.write(json.dumps(record, cls=_Encoder, ensure_ascii=False).encode())
                buffer.write(b"\n")
            counts[model._meta.label_lower] += len(batch)
            if buffer.tell() >= MEMBER:
                flush()
    flush()
    return counts


class _Hashing(io.RawIOBase):
    """A file read through, its SHA-256 computed on the way."""

    def __init__(self, source: IO[bytes]) -> None:
        super().__init__()
        self._source, self.sha256 = source, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


def _local(storage: Storage, name: str) -> Path | None:
    try:
        return Path(storage.path(name))
    except NotImplementedError:  # an object store
        return None


def _stored(storage: Storage, skip: Path | None = None) -> Iterator[str]:
    """The names of the files of ``storage``, directory by directory, sorted. On disk, links are
    not followed, and a restore's leftovers (``.lien-…`` at the top) and ``skip`` (the archive
    being written) are left out."""

    def walk(directory: str) -> Iterator[str]:
        try:
            directories, names = storage.listdir(directory)
        except FileNotFoundError:
            return
        for name in sorted(names):
            local = _local(storage, directory + name)
            if local is not None and (local.is_symlink() or not local.is_file() or local.resolve() == skip):
                continue
            yield directory + name
        for name in sorted(directories):
            local = _local(storage, directory + name)
            if (not directory and name.startswith(".lien-")) or (local is not None and local.is_symlink()):
                continue
            yield from walk(f"{directory}{name}/")

    return walk("")


def _modified(storage: Storage, name: str) -> float:
    try:
        return storage.get_modified_time(name).timestamp()
    except NotImplementedError:
        return time.time()


def _write_files(tar: tarfile.TarFile, skip: Path) -> dict[str, dict[str, Any]]:
    hashes = {}
    for root_name, storage in file_roots().items():
        for relative in _stored(storage, skip):
            name = f"files/{root_name}/{relative}"
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = (
                storage.size(relative),
                0o600,
                int(_modified(storage, relative)),
            )
            with storage.open(relative, "rb") as source:
                reader = _Hashing(source)
                tar.addfile(info, reader)
            hashes[name] = {"sha256": reader.sha256.hexdigest(), "size": info.size}
    return hashes


def default_path(now: datetime | None = None) -> Path:
    now = now or timezone.now()
    return Path(settings.DATA_DIR) / "backups" / f"lien-{now:%Y%m%dT%H%M%SZ}.tar.gz.enc"


def backup_create(*, path: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the archive of the instance to ``path`` (0600; a new file only), else under
    ``DATA_DIR/backups/``. The rows are read in one transaction (a snapshot on PostgreSQL)."""
    path = (path or default_path()).resolve()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"{path} existe déjà : choisissez un autre nom, rien n'a été écrit.")
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    try:
        with os.fdopen(descriptor, "wb") as out:
            sealed = _Encrypting(out, _key())
            with transaction.atomic(using=using):
                if connection.vendor == "postgresql" and outermost:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                facts = _facts(using)
                now = time.time()
                with tarfile.open(fileobj=cast(IO[bytes], sealed), mode="w|gz") as tar:
                    _add_bytes(tar, "header.json", json.dumps(facts).encode(), now)
                    counts = _write_objects(tar, using, now)
                    hashes = _write_files(tar, skip=partial)
                    manifest = {**facts, "objects": dict(sorted(counts.items())), "files": hashes}
                    _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode(), now)
            sealed.finish()
        partial.rename(path)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a disk full, a file changed while it was read
            raise BackupError(f"Sauvegarde impossible ({error}) : rien n'a été écrit.") from error
        raise
    return BackupResult(
        path=path,
        objects=sum(counts.values()),
        models=len(counts),
        files=len(hashes),
        size=path.stat().st_size,
    )


# -- restore --------------------------------------------------------------------------------------


def _authenticate(path: Path, key: bytes) -> None:
    with path.open("rb") as source:
        reader = _Decrypting(source, key)
        while reader.read(CHUNK):
            pass


def _json(tar: tarfile.TarFile, member: tarfile.TarInfo | None, name: str) -> dict[str, Any]:
    if member is None or member.name != name or not member.isfile():
        raise BackupError(f"La sauvegarde est incomplète : {name} manque à sa place.")
    return cast(dict[str, Any], json.loads(_extract(tar, member).read()))


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = tar.extractfile(member) if member.isfile() else None
    if stream is None:
        raise BackupError(f"La sauvegarde contient une entrée inattendue : {member.name}.")
    return stream


def _check_header(header: dict[str, Any], using: str) -> None:
    if header.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde {header.get('format')} inconnu de cette version de Lien.")
    applied = {f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations()}
    if set(header["migrations"]) != applied:
        missing = sorted(set(header["migrations"]) - applied)
        extra = sorted(applied - set(header["migrations"]))
        raise BackupError(
            "Le schéma de la base cible n'est pas celui de la sauvegarde : installez la version de "
            f"Lien qui l'a faite ({header['lien'].get('version')}), lancez `lien migrate`, restaurez, "
            "puis mettez à jour. "
            + (f"Migrations absentes de la base : {', '.join(missing[:5])}. " if missing else "")
            + (f"Migrations en plus dans la base : {', '.join(extra[:5])}." if extra else "")
        )


def _refuse_unless_empty(using: str) -> None:
    for model in backed_up_models():
        if model._base_manager.using(using).exists():
            raise BackupError(
                f"La base cible contient déjà des données de Lien ({model._meta.label}) : rien n'a été "
                "restauré. Relancez avec --yes pour les effacer et les remplacer par la sauvegarde."
            )
    for storage in file_roots().values():
        if next(_stored(storage), None) is not None:
            raise BackupError(
                f"{_where(storage)} contient déjà des fichiers : rien n'a été restauré. Relancez avec --yes "
                "pour les remplacer par ceux de la sauvegarde."
            )


def _load(stream: IO[bytes], using: str, counts: Counter[str]) -> None:
    records = (json.loads(line) for line in stream if line.strip())
    for deserialized in python_serializer.Deserializer(records, using=using):
        # An INSERT, never an UPDATE (the journal refuses those), bypassing the models' save().
        deserialized.save(using=using, force_insert=True)
        counts[deserialized.object._meta.label_lower] += 1


class _Staging:
    """The restored files, written to a private directory under ``DATA_DIR`` while the archive is
    read, and saved into their storages at the end."""

    def __init__(self) -> None:
        self.roots = file_roots()
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix=".lien-restore-", dir=data_dir))  # 0700
        self.dirs = {name: self.directory / name for name in self.roots}

    def write(self, tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
        parts = PurePosixPath(member.name).parts
        relative = PurePosixPath(*parts[2:]) if len(parts) > 2 else None
        if (
            not member.isfile()
            or parts[1] not in self.dirs
            or relative is None
            or any(part in ("", ".", "..") for part in relative.parts)
        ):
            raise BackupError(f"La sauvegarde contient une entrée inattendue : {member.name}.")
        target = self.dirs[parts[1]].joinpath(*relative.parts)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        source = _extract(tar, member)
        digest = hashlib.sha256()
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            while block := source.read(CHUNK):
                digest.update(block)
                out.write(block)
        return digest.hexdigest()

    def move_in(self) -> None:
        """Each storage's files replaced by the restored ones: saved under their own name (a file
        of that name deleted first), then the files the archive does not hold deleted."""
        for name, storage in self.roots.items():
            staged = self.dirs[name]
            restored = sorted(
                path.relative_to(staged).as_posix() for path in staged.rglob("*") if path.is_file()
            )
            before = set(_stored(storage))
            for relative in restored:
                if relative in before:
                    storage.delete(relative)
                with (staged / relative).open("rb") as source:
                    saved = storage.save(relative, File(source, name=relative))
                if saved != relative:
                    raise BackupError(f"{relative} n'a pas pu être restauré sous son nom ({saved}).")
            for relative in sorted(before - set(restored)):
                storage.delete(relative)

    def clean(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def backup_restore(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Put the archive's rows and files back, all or nothing: into an empty instance, or, with
    ``replace``, after erasing the current one (``flush``) in the same transaction."""
    key = _key()
    _authenticate(path, key)
    connection = connections[using]
    staging: _Staging | None = None
    try:
        with (
            path.open("rb") as source,
            tarfile.open(fileobj=cast(IO[bytes], _Decrypting(source, key)), mode="r|gz") as tar,
        ):
            members = iter(tar)
            _check_header(_json(tar, next(members, None), "header.json"), using)
            if not replace:
                _refuse_unless_empty(using)
            staging = _Staging()
            counts: Counter[str] = Counter()
            hashes: dict[str, str] = {}
            with transaction.atomic(using=using):
                if replace:
                    call_command("flush", interactive=False, verbosity=0, database=using)
                ContentType.objects.clear_cache()  # migrate or flush made them: ids of this database
                with connection.constraint_checks_disabled():
                    member = next(members, None)
                    while member is not None and member.name != "manifest.json":
                        if member.name.startswith("objects/"):
                            _load(_extract(tar, member), using, counts)
                        elif member.name.startswith("files/"):
                            hashes[member.name] = staging.write(tar, member)
                        else:
                            raise BackupError(
                                f"La sauvegarde contient une entrée inattendue : {member.name}."
                            )
                        member = next(members, None)
                manifest = _json(tar, member, "manifest.json")
                if next(members, None) is not None:
                    raise BackupError("La sauvegarde contient des entrées après son manifeste.")
                _check_manifest(manifest, counts, hashes)
                models = [apps.get_model(label) for label in counts]
                connection.check_constraints(table_names=[model._meta.db_table for model in models])
                sequences = connection.ops.sequence_reset_sql(no_style(), models)
                if sequences:
                    with connection.cursor() as cursor:
                        for statement in sequences:
                            cursor.execute(statement)
                search.rebuild_all(using)
                staging.move_in()
    except (tarfile.TarError, EOFError, OSError, ValueError, DeserializationError) as error:
        raise BackupError(f"La sauvegarde ne peut pas être lue ({error}) : rien n'a été restauré.") from error
    except DatabaseError as error:
        raise BackupError(f"La base a refusé les données ({error}) : rien n'a été restauré.") from error
    finally:
        if staging is not None:
            staging.clean()
    return RestoreResult(objects=sum(counts.values()), models=len(counts), files=len(hashes))


def _check_manifest(manifest: dict[str, Any], counts: Counter[str], hashes: dict[str, str]) -> None:
    if dict(counts) != {label: count for label, count in manifest["objects"].items() if count}:
        raise BackupError("Le nombre d'objets lus ne correspond pas au manifeste : rien n'a été restauré.")
    expected = {name: entry["sha256"] for name, entry in manifest["files"].items()}
    if hashes != expected:
        wrong = sorted(
            name for name in expected.keys() | hashes.keys() if expected.get(name) != hashes.get(name)
        )
        raise BackupError(
            f"Fichiers différents du manifeste ({', '.join(wrong[:5])}) : rien n'a été restauré."
        )
