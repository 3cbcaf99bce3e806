from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "lien.assessments"
    verbose_name = "Évaluations des besoins"

    def ready(self) -> None:
        from lien.assessments import panels, receivers  # noqa: F401
