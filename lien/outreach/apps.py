from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "lien.outreach"
    verbose_name = "Aller-vers"

    def ready(self) -> None:
        from lien.outreach import panels  # noqa: F401
