from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "lien.referrals"
    verbose_name = "Adressages par les médecins"

    def ready(self) -> None:
        from lien.referrals import receivers, workflow  # noqa: F401
