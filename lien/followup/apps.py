from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "lien.followup"
    verbose_name = "Suivi des personnes"

    def ready(self) -> None:
        from django.db.models import Q

        from lien.followup import panels, receivers  # noqa: F401
        from lien.followup.models import Contact, Goal
        from lien.followup.sections import contact_source

        contact_source(Contact, "on", Q(reached=True))
        contact_source(Goal, "agreed_on")
