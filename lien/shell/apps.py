from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lien.core"
    verbose_name = "Lien"
