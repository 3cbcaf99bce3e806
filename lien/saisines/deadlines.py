"""Legal deadlines of a saisine (DOMAIN.md §2.3), in calendar days."""

from datetime import date, timedelta

ANSWER_DAYS = 7  # acknowledgement, non-receivability notice or closure letter
OBJECTIVE_DAYS = 21  # closure objective


def due_date(received_on: date, days: int) -> date:
    """The date ``days`` calendar days after receipt (weekends and holidays count)."""
    return received_on + timedelta(days=days)


def days_between(start: date, end: date) -> int:
    return (end - start).days


def first_answer(
    acknowledged_on: date | None, closed_on: date | None, notice_sent_on: date | None = None
) -> date | None:
    """The first answer to the requester: the acknowledgement of receivability, the notice of
    non-receivability or the closure, whichever came first."""
    answers = [day for day in (acknowledged_on, closed_on, notice_sent_on) if day is not None]
    return min(answers) if answers else None


def delays(
    received_on: date,
    acknowledged_on: date | None,
    closed_on: date | None,
    *,
    notice_sent_on: date | None = None,
    ended_by_court_action: bool = False,
) -> tuple[date | None, int | None, int | None]:
    """What lists and reports read, derived from the stored dates: the first answer, the answer
    delay and the processing delay (in days from receipt; ``None`` while not reached).

    A mediation ended by a court action is neither answered nor processed on the day it ended:
    that date counts neither as a first answer nor in the processing delays."""
    concluded_on = None if ended_by_court_action else closed_on
    answered_on = first_answer(acknowledged_on, concluded_on, notice_sent_on)
    return (
        answered_on,
        days_between(received_on, answered_on) if answered_on else None,
        days_between(received_on, concluded_on) if concluded_on else None,
    )
