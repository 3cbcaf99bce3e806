"""Periodic jobs: ``lien tick`` enqueues each of them; ``lien worker`` runs them.

Every job is idempotent, so a tick that runs twice does no harm.
"""

from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.tasks import Task, task
from django.utils import timezone

from lien.appointments.tasks import send_due_appointment_reminders
from lien.journal.tasks import archive_old_journal_entries
from lien.lib import search
from lien.notifications.tasks import retry_notification_emails
from lien.outreach.tasks import purge_deleted_outreach_contacts
from lien.partners.tasks import notify_convention_expiry
from lien.retention.tasks import apply_retention
from lien.rights.tasks import create_rights_reminders
from lien.saisines.tasks import notify_overdue_service_answers


@task
def purge_expired_sessions() -> None:
    call_command("clearsessions")


@task
def purge_old_login_attempts(days: int = 30) -> int:
    from axes.models import AccessAttempt, AccessFailureLog

    limit = timezone.now() - timedelta(days=days)
    AccessFailureLog.objects.filter(attempt_time__lt=limit).delete()
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=limit).delete()
    return deleted


@task
def purge_finished_task_results(days: int = 14) -> int:
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=limit).delete()
    return deleted


@task
def purge_erased_search_terms() -> list[str]:
    """On SQLite, write out of the search indexes the terms of erased rows (an anonymised name)."""
    return search.optimize_all()


PERIODIC_JOBS: list[Task[Any, Any]] = [
    purge_expired_sessions,
    purge_old_login_attempts,
    purge_finished_task_results,
    create_rights_reminders,
    send_due_appointment_reminders,
    notify_overdue_service_answers,
    purge_deleted_outreach_contacts,
    notify_convention_expiry,
    retry_notification_emails,
    apply_retention,
    archive_old_journal_entries,
    purge_erased_search_terms,
]
