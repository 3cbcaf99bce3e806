"""Background work of outreach, enqueued by ``lien tick`` (see lien/shell/tasks.py)."""

from django.tasks import task


@task
def purge_deleted_outreach_contacts() -> int:
    """Erase the contacts deleted longer ago than they can be restored; idempotent."""
    from lien.outreach.services import contacts_purge_deleted

    return contacts_purge_deleted()
