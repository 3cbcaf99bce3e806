import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.shell.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de `lien backup` dans une instance vide (même version de Lien, "
        "`lien migrate` fait), ou remplace tout avec --yes : `lien restore FICHIER [--yes]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="L'archive chiffrée écrite par `lien backup`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Efface d'abord les données et les fichiers de l'instance, puis restaure",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} n'existe pas ou n'est pas un fichier.")
        started = time.monotonic()
        try:
            result = backup_restore(path, replace=options["yes"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde restaurée : {result.objects} objet(s) de {result.models} modèle(s), "
            f"{result.files} fichier(s), en {time.monotonic() - started:.1f} s. Chacun doit se reconnecter."
        )
