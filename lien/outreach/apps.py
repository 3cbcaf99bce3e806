from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "lien.outreach"
    verbose_name = "Aller-vers"

    def ready(self) -> None:
        from django.db.models import Q

        from lien.followup.sections import contact_source
        from lien.outreach import panels, receivers  # noqa: F401
        from lien.outreach.models import Contact

        # A contact: the follow-up's last contact counts it (not a deleted one).
        contact_source(Contact, "on", Q(deleted_at__isnull=True))
