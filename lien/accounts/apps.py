from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lien.accounts"
    verbose_name = "Comptes et organisations"
