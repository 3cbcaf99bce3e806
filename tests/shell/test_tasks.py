from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from lien.shell.tasks import PERIODIC_JOBS

pytestmark = pytest.mark.django_db


def _session(key: str, expires_in: timedelta) -> Session:
    return Session.objects.create(session_key=key, session_data="", expire_date=timezone.now() + expires_in)


def _attempt(username: str, days_ago: int) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.1",
        user_agent="test",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    # attempt_time is set on creation (auto_now_add): move it back in time afterwards.
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
    return attempt


def test_it_enqueues_every_periodic_job(capsys):
    call_command("tick")
    output = capsys.readouterr().out
    for job in PERIODIC_JOBS:
        assert f"{job.name}: SUCCESSFUL" in output


def test_it_purges_expired_sessions_and_keeps_live_ones():
    _session("expired" * 4, timedelta(minutes=-1))
    _session("alive" * 6, timedelta(minutes=10))
    call_command("tick")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["alive" * 6]


def test_it_purges_old_login_attempts_and_keeps_recent_ones():
    _attempt("old@lien.example", days_ago=31)
    _attempt("recent@lien.example", days_ago=2)
    call_command("tick")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent@lien.example"]
