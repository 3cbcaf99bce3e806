from django.core.management.base import BaseCommand

from lien.communes.services import communes_load


class Command(BaseCommand):
    help = "Charge (ou met à jour) le référentiel des communes livré avec Lien."

    def handle(self, *args, **options):
        count = communes_load()
        self.stdout.write(f"{count} communes chargées.")
