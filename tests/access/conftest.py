"""The world of the access matrix, built once per module (tests/access/world.py).

The tests that use it are marked ``django_db`` all the same: pytest-django creates the test
database only for a session that has such tests."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings

from tests.access.world import ANONYMOUS, World, build_world
from tests.conftest import confirm_identity


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        # A refused request must write nothing: no session saved when nothing changed in it.
        SESSION_SAVE_EVERY_REQUEST=False,
        SMS_BACKEND="locmem",
        # Every actor has confirmed their identity, for the whole module: the matrix says who gets
        # in; tests/access/test_reauthentication.py that a bulk route asks for the confirmation.
        LIEN_REAUTH_MINUTES=24 * 60,
    )
    # Access is decided before a PDF is drawn: WeasyPrint's drawing (most of the time of the
    # matrix) is left out.
    pdf = mock.patch("weasyprint.HTML.write_pdf", return_value=b"%PDF-1.4\n%%EOF\n")
    with django_db_blocker.unblock(), settings, pdf, transaction.atomic():
        world = build_world()
        for actor, client in world.clients.items():
            if actor != ANONYMOUS:
                confirm_identity(client)
        yield world
        transaction.set_rollback(True)
