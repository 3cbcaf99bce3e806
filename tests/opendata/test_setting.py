"""LIEN_OPEN_DATA_THRESHOLD: 5 when unset, refused below 1 (the settings boot in a fresh interpreter)."""

import pytest

from tests.test_settings import _run

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.LIEN_OPEN_DATA_THRESHOLD)"
)


def test_it_defaults_to_5_and_reads_the_variable(tmp_path):
    assert _run(["-c", SHOW], tmp_path).stdout.strip() == "5"
    assert _run(["-c", SHOW], tmp_path, LIEN_OPEN_DATA_THRESHOLD="11").stdout.strip() == "11"


@pytest.mark.parametrize("value", ["0", "-3", "cinq"])
def test_it_refuses_a_threshold_below_1(tmp_path, value):
    result = _run(["-c", "import lien.settings"], tmp_path, LIEN_OPEN_DATA_THRESHOLD=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured: LIEN_OPEN_DATA_THRESHOLD" in result.stderr
