from django.apps import AppConfig


class OrientationsConfig(AppConfig):
    name = "lien.orientations"
    verbose_name = "Orientations"

    def ready(self) -> None:
        from lien.orientations import receivers, sections, urgent  # noqa: F401
