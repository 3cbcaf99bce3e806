from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Exécute les tâches en attente (travailleur adossé à la base de données)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="S'arrêter quand la file est vide.")
        parser.add_argument("--queue-name", default="default")

    def handle(self, *args, **options):
        arguments = ["--queue-name", options["queue_name"]]
        if options["batch"]:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
