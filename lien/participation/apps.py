from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "lien.participation"
    verbose_name = "Participation et témoignages"

    def ready(self) -> None:
        from lien.participation import panels, receivers  # noqa: F401
