from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lien.api"
    verbose_name = "API"
