from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.demo.load import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Charge le jeu de démonstration (idempotent) et affiche les comptes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même hors du mode de développement (LIEN_DEBUG non activé).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        # The demo accounts share a password printed here and in the documentation: on a real
        # installation, anyone could sign in with them, an administrator's included.
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusé : le jeu de démonstration crée des comptes dont le mot de passe est public "
                "(il est affiché ici et dans la documentation), dont un compte d'administration. "
                "Il ne se charge qu'en mode de développement (LIEN_DEBUG=1). Pour une instance de "
                "démonstration isolée, sans données réelles, relancez avec --force."
            )
        accounts = demo_data_load()
        self.stdout.write(self.style.SUCCESS("Jeu de démonstration chargé."))
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        for account in accounts:
            self.stdout.write(f"  {account.email:<48} {account.role.label} — {account.organisation}")
