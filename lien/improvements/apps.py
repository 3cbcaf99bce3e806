from django.apps import AppConfig


class ImprovementsConfig(AppConfig):
    name = "lien.improvements"
    verbose_name = "Propositions d'amélioration et alertes"
