import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.shell.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base et les fichiers (pièces jointes, courriers, archives du journal) dans une "
        "archive chiffrée (LIEN_BACKUP_KEY) : `lien backup [--output FICHIER]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Fichier à écrire (nouveau) ; par défaut $LIEN_DATA_DIR/backups/lien-<date>.tar.gz.enc",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.LIEN_BACKUP_KEY:
            self.stderr.write(
                "Attention : LIEN_BACKUP_KEY n'est pas défini, la clé est dérivée de LIEN_FIELD_KEY. "
                "Gardez cette clé ailleurs que dans le répertoire de données, sans quoi la sauvegarde "
                "ne pourra pas être ouverte s'il est perdu."
            )
        started = time.monotonic()
        try:
            result = backup_create(path=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde écrite : {result.path} — {result.objects} objet(s) de {result.models} modèle(s), "
            f"{result.files} fichier(s), {result.size / 1_000_000:.1f} Mo chiffrés, "
            f"en {time.monotonic() - started:.1f} s."
        )
