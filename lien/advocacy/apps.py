from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "lien.advocacy"
    verbose_name = "Plaidoyer"

    def ready(self) -> None:
        from lien.advocacy import receivers  # noqa: F401
