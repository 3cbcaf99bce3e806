from tests.saisines.conftest import advance, receive, requester, team  # noqa: F401 — fixtures
