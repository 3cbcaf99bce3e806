from django.apps import AppConfig


class SaisinesConfig(AppConfig):
    name = "lien.saisines"
    verbose_name = "Médiation institutionnelle"
