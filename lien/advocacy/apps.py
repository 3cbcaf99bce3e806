from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "lien.advocacy"
    verbose_name = "Plaidoyer"
