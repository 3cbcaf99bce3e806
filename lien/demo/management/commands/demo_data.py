from django.core.management.base import BaseCommand

from lien.core.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Charge le jeu de démonstration (idempotent) et affiche les comptes."

    def handle(self, *args, **options):
        accounts = demo_data_load()
        self.stdout.write(self.style.SUCCESS("Jeu de démonstration chargé."))
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        for account in accounts:
            self.stdout.write(f"  {account.email:<48} {account.role.label} — {account.organisation}")
