import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.accounts.models import Organisation
from lien.directory.exchange import FORMATS, ExportError, directory_export, directory_import, dumps


class Command(BaseCommand):
    help = (
        "Annuaire : `lien directory export|import --format datainclusion|hsds --organisation SLUG FICHIER` "
        "(import tout ou rien, idempotent sur l'identifiant de la source ; FICHIER « - » = sortie standard)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--organisation", required=True)
        parser.add_argument(
            "--with-contacts",
            action="store_true",
            help="Export : inclure les personnes contacts nommées (données personnelles de professionnels).",
        )

    def handle(
        self,
        *args: Any,
        action: str,
        file: str,
        fmt: str,
        organisation: str,
        with_contacts: bool,
        **options: Any,
    ) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"Organisation inconnue : {organisation}")
        if action == "export":
            self._export(org, fmt, file, with_contacts)
        else:
            self._import(org, fmt, file)

    def _export(self, org: Organisation, fmt: str, file: str, with_contacts: bool) -> None:
        try:
            data = directory_export(organisation=org, fmt=fmt, include_contacts=with_contacts)
        except ExportError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(str(error)) from None
        text = dumps(data)
        if file == "-":
            sys.stdout.write(text)
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Écriture impossible : {error}") from None
        count = len(data["services"]) if isinstance(data, dict) else len(data)  # data·inclusion: a dict
        self.stdout.write(f"{count} services exported to {file}")

    def _import(self, org: Organisation, fmt: str, file: str) -> None:
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error}") from None
        result = directory_import(organisation=org, fmt=fmt, data=data)
        if not result.ok:
            for message in result.errors:
                self.stderr.write(message)
            raise CommandError(f"{len(result.errors)} erreur(s) : rien n'a été importé.")
        self.stdout.write(result.summary())
