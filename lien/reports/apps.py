from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lien.reports"
    verbose_name = "Rapports d'activité"
