from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lien.shell.worker import run_worker


class Command(BaseCommand):
    help = (
        "Exécute les tâches en attente (travailleur adossé à la base de données) ; reprend seul "
        "après un redémarrage de la base."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="S'arrêter quand la file est vide.")
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, help="Secondes entre deux regards sur la file.")

    def handle(self, *args: Any, **options: Any) -> None:
        run_worker(queue_name=options["queue_name"], batch=options["batch"], interval=options["interval"])
