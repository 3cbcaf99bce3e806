from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "lien.assessments"
    verbose_name = "Évaluations des besoins"

    def ready(self) -> None:
        from lien.assessments import panels, receivers  # noqa: F401
        from lien.assessments.models import Assessment
        from lien.followup.sections import contact_source

        contact_source(Assessment, "assessed_on")  # a contact: the follow-up's last contact counts it
