from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "lien.appointments"
    verbose_name = "Rendez-vous et accompagnements"

    def ready(self) -> None:
        from lien.appointments import panels, receivers, sections  # noqa: F401
