from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "lien.letters"
    verbose_name = "Courriers"

    def ready(self) -> None:
        from lien.letters import receivers, sections  # noqa: F401
