from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "lien.journal"
    verbose_name = "Journal des accès"
