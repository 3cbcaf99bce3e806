from django.apps import AppConfig


class SaisinesConfig(AppConfig):
    name = "lien.saisines"
    verbose_name = "Médiation institutionnelle"

    def ready(self) -> None:
        from lien.saisines import receivers  # noqa: F401
