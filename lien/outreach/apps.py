from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "lien.outreach"
    verbose_name = "Aller-vers"

    def ready(self) -> None:
        from lien.followup.sections import contact_source
        from lien.outreach import panels  # noqa: F401
        from lien.outreach.models import Contact

        contact_source(Contact, "on")  # a contact: the follow-up's last contact counts it
