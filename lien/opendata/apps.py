from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "lien.opendata"
    verbose_name = "Données ouvertes"
