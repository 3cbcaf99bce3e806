"""Small typed readers of ``LIEN_*`` environment variables.

Every reader returns the default when the variable is absent or empty and raises
``ImproperlyConfigured`` with the variable's name when its value cannot be used.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, "") or default


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(data_dir: Path) -> str:
    """The key from LIEN_SECRET_KEY, else one generated once and kept under the data dir."""
    key = os.environ.get("LIEN_SECRET_KEY", "").strip()
    if key:
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    from django.core.management.utils import get_random_secret_key

    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # people's data: Lien's account only
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key


def _split(name: str, url: str) -> SplitResult:
    # urlsplit raises ValueError on a bracket without its pair or on some non-ASCII hosts.
    try:
        return urlsplit(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from None


# Writers take the lock when their transaction begins (no "database is locked" halfway through),
# and readers never wait for a writer.
_SQLITE_OPTIONS: dict[str, Any] = {
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL;",
}


POSTGRES_SESSION_OPTIONS = "-c jit=off"


def database(url: str, data_dir: Path) -> dict[str, Any]:
    """Django DATABASES['default'] for a ``postgres://`` or ``sqlite:///`` URL (or SQLite by default).

    The port is optional (``postgres://user@host/db`` uses PostgreSQL's own default), and so is
    the host of a SQLite URL: ``sqlite:////absolute/path.sqlite3``, ``sqlite:///relative.sqlite3``.
    """
    if not url:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # people's data: Lien's account only
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "lien.sqlite3"),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    import dj_database_url

    scheme = _split("LIEN_DATABASE_URL", url).scheme
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"LIEN_DATABASE_URL must start with postgres:// or sqlite:///, not {scheme or url!r}."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"LIEN_DATABASE_URL is malformed: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(
            "LIEN_DATABASE_URL names no database: expected postgres://user@host:port/database."
        )
    # dj-database-url gives the port as a number, or "" when the URL names none.
    port = config.get("PORT")
    if port not in (None, ""):
        try:
            config["PORT"] = int(port)
        except (TypeError, ValueError):
            raise ImproperlyConfigured("LIEN_DATABASE_URL has a port that is not a number.") from None
    if scheme == "sqlite":
        config["OPTIONS"] = dict(_SQLITE_OPTIONS) | dict(config.get("OPTIONS") or {})
    else:
        # PostgreSQL's JIT compiles the queries its planner finds costly — the call-back list and
        # the programme report over a large network — and spends longer compiling than running
        # them (bench: the team's call-back list at 100 000 people, 9.6 s with it, 0.58 s without).
        # Options of the URL (``?options=-c%20…``) come after, and win.
        options = dict(config.get("OPTIONS") or {})
        options["options"] = " ".join(filter(None, [POSTGRES_SESSION_OPTIONS, options.get("options", "")]))
        config["OPTIONS"] = options
    return config


def mailers(url: str, data_dir: Path) -> dict[str, dict[str, Any]]:
    """Django ``MAILERS`` from ``LIEN_EMAIL_URL``: console://, file://PATH, locmem://,
    smtp://user:password@host:port (``?tls=1`` for STARTTLS) or smtps://…"""
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    parts = _split("LIEN_EMAIL_URL", url or "console://")
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"LIEN_EMAIL_URL must start with one of {', '.join(sorted(backends))}://, not {url!r}."
        )
    options: dict[str, Any] = {}
    if parts.scheme == "file":
        options["file_path"] = unquote(parts.path) or str(data_dir / "mail")
    if parts.scheme in {"smtp", "smtps"}:
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("LIEN_EMAIL_URL has a port that is not a number.") from None
        options = {
            "host": parts.hostname or "localhost",
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": parse_qs(parts.query).get("tls", ["0"])[0] in _TRUE,
        }
    return {"default": {"BACKEND": backends[parts.scheme], "OPTIONS": options}}


_S3_SSE = {"AES256", "aws:kms"}
_S3_ADDRESSING = {"auto", "path", "virtual"}


def file_storage() -> dict[str, Any]:
    """Django ``STORAGES['default']``: the files under ``MEDIA_ROOT``, or, when ``LIEN_S3_BUCKET``
    is set, a bucket of an S3-compatible object store (django-storages) that every app server
    shares. The objects are private, never overwritten, and never linked to: they go out through
    Lien's access-checked views (``storage.open``)."""
    bucket = envstr("LIEN_S3_BUCKET").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = envstr("LIEN_S3_ENDPOINT_URL").strip()
    if endpoint and _split("LIEN_S3_ENDPOINT_URL", endpoint).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"LIEN_S3_ENDPOINT_URL must start with https:// (or http://), not {endpoint!r}."
        )
    access_key, secret_key = (
        envstr("LIEN_S3_ACCESS_KEY_ID").strip(),
        envstr("LIEN_S3_SECRET_ACCESS_KEY").strip(),
    )
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "LIEN_S3_ACCESS_KEY_ID and LIEN_S3_SECRET_ACCESS_KEY go together (or neither: the "
            "server's own credentials, e.g. an instance role)."
        )
    sse = envstr("LIEN_S3_SSE").strip()
    if sse and sse not in _S3_SSE:
        raise ImproperlyConfigured(f"LIEN_S3_SSE must be AES256 or aws:kms, not {sse!r}.")
    addressing = envstr("LIEN_S3_ADDRESSING_STYLE").strip()
    if addressing and addressing not in _S3_ADDRESSING:
        raise ImproperlyConfigured(
            f"LIEN_S3_ADDRESSING_STYLE must be auto, path or virtual, not {addressing!r}."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": envstr("LIEN_S3_REGION").strip() or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": envstr("LIEN_S3_PREFIX").strip().strip("/"),
            "addressing_style": addressing or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": sse} if sse else {},
        },
    }
