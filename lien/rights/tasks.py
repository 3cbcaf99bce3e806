from django.tasks import task


@task
def create_rights_reminders() -> int:
    """Periodic job (``lien tick``): reminders of rights to renew, created once each."""
    from lien.rights.services import rights_reminders_create

    return rights_reminders_create()
