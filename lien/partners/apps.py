from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "lien.partners"
    verbose_name = "Patients partenaires"

    def ready(self) -> None:
        from lien.partners import panels, receivers, workflow  # noqa: F401
