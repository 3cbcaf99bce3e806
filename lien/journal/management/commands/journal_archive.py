from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lien.journal.services import journal_archive, journal_archive_preview


class Command(BaseCommand):
    help = (
        "Archive les entrées du journal plus anciennes que LIEN_JOURNAL_RETENTION_MONTHS dans un fichier "
        "JSON Lines compressé (LIEN_JOURNAL_ARCHIVE_DIR), puis les supprime de la base : "
        "`lien journal-archive [--dry-run]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Dit combien d'entrées seraient archivées, sans rien changer",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            preview = journal_archive_preview()
            cutoff = f"{timezone.localtime(preview.cutoff):%d/%m/%Y %H:%M}"
            if preview.oldest is None:
                self.stdout.write(f"Aucune entrée du journal antérieure au {cutoff} : rien à archiver.")
                return
            self.stdout.write(
                f"{preview.count} entrée(s) du journal antérieure(s) au {cutoff} seraient archivées "
                f"(rétention : {settings.LIEN_JOURNAL_RETENTION_MONTHS} mois) ; la plus ancienne date du "
                f"{timezone.localtime(preview.oldest):%d/%m/%Y}."
            )
            return
        result = journal_archive()
        if result.path is None:
            self.stdout.write("Aucune entrée du journal à archiver.")
            return
        self.stdout.write(
            f"{result.count} entrée(s) du journal archivée(s) dans {result.path}, puis supprimée(s)."
        )
