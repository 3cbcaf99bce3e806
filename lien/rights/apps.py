from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "lien.rights"
    verbose_name = "Accès aux droits"

    def ready(self) -> None:
        from lien.followup.sections import contact_source
        from lien.rights import panels, receivers, urgent  # noqa: F401
        from lien.rights.models import Procedure

        contact_source(Procedure, "started_on")  # a contact: the follow-up's last contact counts it
