from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "lien.partners"
    verbose_name = "Patients partenaires"
