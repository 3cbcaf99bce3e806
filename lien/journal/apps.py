from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "lien.journal"
    verbose_name = "Journal des accès"

    def ready(self) -> None:
        from lien.journal import checks  # noqa: F401 (registers the retention check)
