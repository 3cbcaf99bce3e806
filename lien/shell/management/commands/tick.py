from django.core.management.base import BaseCommand

from lien.shell.tasks import PERIODIC_JOBS


class Command(BaseCommand):
    help = "Met en file les tâches périodiques (rappels, alertes d'échéance, purges). À lancer par cron."

    def handle(self, *args: object, **options: object) -> None:
        for job in PERIODIC_JOBS:
            result = job.enqueue()
            self.stdout.write(f"{job.name}: {result.status}")
