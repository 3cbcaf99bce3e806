from tests.community import sms_outbox  # noqa: F401 — a fixture shared by the community tests
