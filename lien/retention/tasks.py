"""Background work of the retention periods, enqueued by ``lien tick`` (see lien/shell/tasks.py)."""

from django.tasks import task
from django.utils import timezone


@task
def apply_retention() -> dict[str, int]:
    """Anonymise the files and delete the documents whose retention period ran out; idempotent.
    Returns the count per category."""
    from lien.retention.services import Category, retention_run

    report = retention_run(today=timezone.localdate(), dry_run=False)
    return {category.value: report.total(category) for category in Category}
