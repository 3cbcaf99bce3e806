from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "lien.workshops"
    verbose_name = "Ateliers d'éducation thérapeutique"

    def ready(self) -> None:
        from lien.workshops import coordination, receivers  # noqa: F401
