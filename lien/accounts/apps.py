from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lien.accounts"
    verbose_name = "Comptes et organisations"

    def ready(self) -> None:
        from lien.accounts import receivers  # noqa: F401 -- connects the login signals
