from django.apps import AppConfig


class OrientationsConfig(AppConfig):
    name = "lien.orientations"
    verbose_name = "Orientations"
