"""The settings module, booted in fresh interpreters with chosen environment variables."""

import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "LIEN_DEBUG": "0",
    "LIEN_SECRET_KEY": secrets.token_urlsafe(50),
    "LIEN_ALLOWED_HOSTS": "lien.example.org",
    "LIEN_EMAIL_URL": "smtp://lien:secret@mail.example.org:587?tls=1",
}

SHOW_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(settings.DATABASES["default"]["ENGINE"])
print(settings.DATABASES["default"]["NAME"])
print(settings.MAILERS["default"]["BACKEND"])
print(settings.SECRET_KEY)
print(settings.DEBUG)
"""


def _run(args, cwd, **variables):
    environ = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(cwd))}
    environ |= {"DJANGO_SETTINGS_MODULE": "lien.settings", **variables}
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=60
    )


def test_it_boots_with_no_variable_at_all(tmp_path):
    result = _run(["-c", SHOW_SETTINGS], tmp_path)
    assert result.returncode == 0, result.stderr
    engine, name, mail_backend, key, debug = result.stdout.split("\n")[:5]
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "var" / "lien.sqlite3")
    assert mail_backend == "django.core.mail.backends.console.EmailBackend"
    assert debug == "False"
    assert (tmp_path / "var" / "secret_key").read_text().strip() == key
    assert len(key) >= 50
    again = _run(["-c", SHOW_SETTINGS], tmp_path)
    assert again.stdout.split("\n")[3] == key  # kept, not generated anew


@pytest.mark.parametrize("url", ["mysql://x", "postgres://host:notaport/db", "postgres://host"])
def test_it_refuses_a_malformed_database_url(url, tmp_path):
    result = _run(["-c", "import lien.settings"], tmp_path, LIEN_DATABASE_URL=url)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: LIEN_DATABASE_URL" in result.stderr


def test_it_refuses_a_debug_value_it_cannot_read(tmp_path):
    result = _run(["-c", "import lien.settings"], tmp_path, LIEN_DEBUG="perhaps")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: LIEN_DEBUG" in result.stderr


def test_it_refuses_a_short_backup_key(tmp_path):
    result = _run(["-c", "import lien.settings"], tmp_path, LIEN_BACKUP_KEY="too-short")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: LIEN_BACKUP_KEY" in result.stderr


def test_it_passes_the_deployment_checks_with_production_variables(tmp_path):
    result = _run(["-m", "lien", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deployment_checks_while_e_mails_only_go_to_the_console(tmp_path):
    variables = {name: value for name, value in PRODUCTION.items() if name != "LIEN_EMAIL_URL"}
    result = _run(["-m", "lien", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **variables)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr
