from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.accounts.models import Organisation
from lien.saisines.importer import import_saisines


class Command(BaseCommand):
    help = "Importe des saisines depuis un CSV (tout ou rien, idempotent sur la référence)."
    # The system checks load every URL module (the API's schemas: 2.5 s), which a data import
    # does not use; `lien check` and every server start still run them.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans rien écrire.")

    def handle(self, *args: Any, file: Path, organisation: str, dry_run: bool, **options: Any) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"Organisation inconnue : {organisation}")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error}") from None
        result = import_saisines(organisation=org, data=data, dry_run=dry_run)
        if not result.ok:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(f"{len(result.errors)} erreur(s) : aucune saisine importée.")
        prefix = "(simulation) " if dry_run else ""
        self.stdout.write(f"{prefix}{result.created} created, {result.updated} updated")
