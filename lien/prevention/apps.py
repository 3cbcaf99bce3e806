from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "lien.prevention"
    verbose_name = "Prévention et dépistage"

    def ready(self) -> None:
        from lien.prevention import panels, receivers, sections, urgent  # noqa: F401
