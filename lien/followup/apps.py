from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "lien.followup"
    verbose_name = "Suivi des personnes"

    def ready(self) -> None:
        from django.db.models import Q
        from django.db.models.signals import post_migrate

        from lien.followup import contact_days, panels, receivers  # noqa: F401
        from lien.followup.models import Contact, Goal
        from lien.followup.sections import contact_source

        contact_source(Contact, "on", Q(reached=True))
        contact_source(Goal, "agreed_on")
        post_migrate.connect(contact_days.fill_if_missing, sender=self, dispatch_uid="contact_days_fill")
