"""Background work of the journal, enqueued by ``lien tick`` (see lien/shell/tasks.py)."""

from django.tasks import task


@task
def archive_old_journal_entries() -> int:
    """Archive and delete the entries past LIEN_JOURNAL_RETENTION_MONTHS; idempotent."""
    from lien.journal.services import journal_archive

    return journal_archive().count
