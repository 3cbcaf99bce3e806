"""The SMS settings, booted in a fresh interpreter: a provider without its key or its webhook
secret stops Lien at start, the default sends nothing and says so."""

import os
import subprocess
import sys

SHOW = "import django; django.setup(); from django.conf import settings; print(settings.SMS_BACKEND)"


def _boot(tmp_path, **variables):
    environ = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lien.settings"}
    return subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-c", SHOW],
        cwd=tmp_path,
        env=environ | variables,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_default_is_the_console(tmp_path):
    result = _boot(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "console"


def test_a_provider_needs_its_key_and_a_long_enough_secret(tmp_path):
    for variables in [
        {"LIEN_SMS_BACKEND": "brevo"},
        {"LIEN_SMS_BACKEND": "smsfactor", "LIEN_SMS_API_KEY": "k", "LIEN_SMS_WEBHOOK_SECRET": "short"},
        {"LIEN_SMS_BACKEND": "brevo", "LIEN_SMS_WEBHOOK_SECRET": "a-long-enough-secret-0123"},
    ]:
        result = _boot(tmp_path, **variables)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and "LIEN_SMS_WEBHOOK_SECRET" in result.stderr
    good = {"LIEN_SMS_API_KEY": "k", "LIEN_SMS_WEBHOOK_SECRET": "a-long-enough-secret-0123"}
    result = _boot(tmp_path, LIEN_SMS_BACKEND="smsfactor", **good)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "smsfactor"
