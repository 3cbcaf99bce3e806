from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "lien.appointments"
    verbose_name = "Rendez-vous et accompagnements"
