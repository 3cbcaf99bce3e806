from django.apps import AppConfig


class CommunesConfig(AppConfig):
    name = "lien.communes"
    verbose_name = "Communes de France"
