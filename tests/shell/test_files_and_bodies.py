"""Files that stay Lien's and bodies that cannot flood it (issue 14): attachments written 0600 in
directories 0700, the data directory Lien creates 0700, a body larger than the limit refused by its
Content-Length before it is read — on a page and on the API."""

import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lien.lib import env

pytestmark = pytest.mark.django_db


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_attachment_is_readable_by_lien_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("partners/1/2/attestation.pdf", ContentFile(b"%PDF-1.4 attestation"))
    path = tmp_path / name
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700


def test_the_data_directory_lien_creates_is_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("LIEN_SECRET_KEY", raising=False)
    data = tmp_path / "var"
    env.secret_key(data)
    assert _mode(data) == 0o700 and _mode(data / "secret_key") == 0o600


@pytest.mark.parametrize("path", ["/patients-partenaires/nouveau/", "/api/v1/partners"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(world, client_for, settings, path):
    settings.LIEN_MAX_REQUEST_BYTES = 1024
    client = client_for(world.users["community_mediator"])
    response = client.post(path, data=b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Envoi trop volumineux : 0 Mo au plus." in response.content.decode()
    small = client.post("/api/v1/partners", data=b"{}", content_type="application/json")
    assert small.status_code != 413


def test_the_limit_leaves_room_for_the_largest_import():
    from django.conf import settings

    from lien.directory.exchange.common import MAX_IMPORT_BYTES

    assert settings.LIEN_MAX_REQUEST_BYTES > MAX_IMPORT_BYTES
