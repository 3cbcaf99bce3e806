"""The fund's team and saisines of tests/saisines/conftest.py, and a way to notify someone."""

import pytest

from lien.notifications.enums import NotificationKind
from lien.notifications.services import notify
from tests.saisines.conftest import advance, receive, requester, team  # noqa: F401 — fixtures


@pytest.fixture
def notify_one():
    """Notify one user, with plain defaults; returns the notification (or None if it existed)."""

    def make(
        user, *, key: str = "essai", text: str = "La saisine 2026-0042 attend votre décision.", **fields
    ):
        values = {"kind": NotificationKind.EQUITY_PROPOSED, "url": "/saisines/"} | fields
        created = notify(users=[user], text=text, key=key, **values)
        return created[0] if created else None

    return make
