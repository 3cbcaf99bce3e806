"""``lien worker``: django-tasks' database worker, kept alive across a database restart.

The database worker stops at the first database error it meets (a PostgreSQL restart, a failover,
a network cut): a host would find the reminders and e-mails silently piling up. Here the worker is
started again once the database answers, after 1, 2, 4… seconds (30 at most); the waits start
again from 1 second once it has run for a while. A task interrupted by the failure stays marked
as running and is not run twice.
"""

import logging
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connections
from django.db.utils import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0


def run_worker(
    *,
    queue_name: str = "default",
    batch: bool = False,
    interval: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    attempts: int | None = None,
) -> int:
    """Run the database worker until it ends by itself (``batch``: the queue is empty) or is
    stopped; return the number of restarts. ``attempts`` bounds the runs (tests)."""
    arguments = ["--queue-name", queue_name]
    if batch:
        arguments.append("--batch")
    if interval is not None:
        arguments += ["--interval", str(interval)]
    wait, restarts = FIRST_WAIT, 0
    while attempts is None or restarts < attempts:
        started = clock()
        try:
            call_command("db_worker", *arguments)
            return restarts
        except (OperationalError, InterfaceError) as error:
            if clock() - started > LONGEST_WAIT:
                wait = FIRST_WAIT  # it had been running well: a new failure, not the same one
            logger.warning(
                "Base de données injoignable (%s) : le travailleur reprend dans %.0f s.", error, wait
            )
            connections.close_all()
            sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
            restarts += 1
    return restarts
