from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "lien.network"
    verbose_name = "Réseau"
