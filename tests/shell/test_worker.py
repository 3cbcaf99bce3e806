"""``lien worker`` survives a database restart (issue 14, point 9)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.tasks import TaskResultStatus
from django.test import override_settings

from lien.shell import worker


class FlakyDatabase:
    """``call_command`` for a database that fails ``failures`` times, then lets the worker end."""

    def __init__(self, failures: int, run_seconds: float = 0.0) -> None:
        self.failures, self.run_seconds, self.calls, self.now = failures, run_seconds, 0, 0.0

    def call_command(self, *args: str) -> None:
        self.calls += 1
        self.now += self.run_seconds
        if self.calls <= self.failures:
            raise OperationalError("server closed the connection unexpectedly")

    def clock(self) -> float:
        return self.now


def test_it_starts_the_worker_again_after_a_database_error_with_growing_waits(monkeypatch):
    database, waits = FlakyDatabase(failures=7), []
    monkeypatch.setattr(worker, "call_command", database.call_command)
    restarts = worker.run_worker(sleep=waits.append, clock=database.clock)
    assert restarts == 7 and database.calls == 8
    assert waits == [1, 2, 4, 8, 16, 30, 30]


def test_the_waits_start_again_from_one_second_after_a_long_run(monkeypatch):
    database, waits = FlakyDatabase(failures=3, run_seconds=3600), []
    monkeypatch.setattr(worker, "call_command", database.call_command)
    worker.run_worker(sleep=waits.append, clock=database.clock)
    assert waits == [1, 1, 1]


def test_an_error_that_is_not_the_database_s_stops_it(monkeypatch):
    def broken(*args: str) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(worker, "call_command", broken)
    with pytest.raises(ValueError, match="a bug"):
        worker.run_worker(sleep=lambda seconds: None)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _wait_for(result, seconds: float = 60) -> TaskResultStatus:
    """The task's status once the worker has run it (or the last one seen, after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result.refresh()
        if result.status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            break
        time.sleep(0.2)
    return result.status


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a database server to cut the worker from exists on PostgreSQL only (SQLite is a file); "
    "the restart loop itself is tested above on both",
)
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_cut_from_postgresql_comes_back_and_runs_the_next_task(tmp_path: Path):
    from lien.shell.tasks import purge_old_login_attempts

    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lien.settings",
        "LIEN_DATABASE_URL": url,
        "LIEN_DATA_DIR": str(tmp_path),
        "LIEN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-m", "lien", "worker", "--interval", "0.2"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = purge_old_login_attempts.enqueue()
        assert _wait_for(first) == TaskResultStatus.SUCCESSFUL
        # A restart as the worker sees it: its connection cut, then no connection for a while
        # (said from the server's maintenance database: a database cannot close its own door).
        name = connection.ops.quote_name(database["NAME"])
        with psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            dbname="postgres",
            autocommit=True,
        ) as server:
            server.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
            server.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [database["NAME"], connection.connection.info.backend_pid],
            )
            time.sleep(3)  # the worker meets the closed door (and, before this change, died)
            server.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        second = purge_old_login_attempts.enqueue()
        assert _wait_for(second) == TaskResultStatus.SUCCESSFUL
        assert process.poll() is None  # still running
    finally:
        process.terminate()
        output, _errors = process.communicate(timeout=30)
    assert "Base de données injoignable" in output
