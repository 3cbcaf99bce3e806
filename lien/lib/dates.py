"""Local days as moments: the bounds a query on a ``DateTimeField`` needs for whole days."""

from datetime import date, datetime, time

from django.utils import timezone


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the current time zone (Europe/Paris by default), as an
    aware moment: ``[start_of_day(a), start_of_day(b + 1 day))`` holds the local days a to b."""
    return timezone.make_aware(datetime.combine(day, time.min))
