from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lien.retention.services import retention_run


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide : {value!r} (attendu : AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation (LIEN_RETENTION_*) : anonymise les fiches et les "
        "requérant·es dont la durée est échue, supprime les documents de saisines échus. "
        "`lien retention [--dry-run] [--date AAAA-MM-JJ]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Liste ce qui serait anonymisé ou supprimé, sans rien changer",
        )
        parser.add_argument(
            "--date",
            type=_day,
            default=None,
            help="Le jour où les durées sont calculées (aujourd'hui par défaut)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        report = retention_run(today=today, dry_run=options["dry_run"])
        if report.dry_run:
            self.stdout.write(f"Simulation au {today:%d/%m/%Y} : rien n'est modifié.")
            self.stdout.write("Seraient anonymisés ou supprimés :")
        else:
            self.stdout.write(f"Durées de conservation appliquées au {today:%d/%m/%Y} :")
        for line in report.lines():
            self.stdout.write(f"- {line}")
