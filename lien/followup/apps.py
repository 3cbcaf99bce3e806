from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "lien.followup"
    verbose_name = "Suivi des personnes"

    def ready(self) -> None:
        from lien.followup import panels, receivers  # noqa: F401
