from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "lien.rights"
    verbose_name = "Accès aux droits"

    def ready(self) -> None:
        from lien.rights import panels, receivers  # noqa: F401
