import json
import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.accounts.models import Organisation
from lien.opendata.exports import table_csv, table_json
from lien.opendata.services import open_data_export
from lien.opendata.tables import split_dimensions

FORMATS = ("csv", "json")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str, option: str) -> date:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide pour {option} : « {value} » (AAAA-MM-JJ attendu).") from None


def _threshold(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"Seuil invalide : « {value} » (un nombre entier d'au moins 1).") from None


class Command(BaseCommand):
    help = (
        "Tableau agrégé de données ouvertes, petites cases masquées (INTERFACES.md « Open data ») : "
        "`lien open-data --organisation SLUG --start AAAA-MM-JJ --end AAAA-MM-JJ --by DIM[,DIM…] "
        "[--threshold K] [--format csv|json]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", required=True, help="Organisation (slug) : elle et celles en dessous"
        )
        parser.add_argument("--start", required=True, help="Début de la période (AAAA-MM-JJ)")
        parser.add_argument("--end", required=True, help="Fin de la période (AAAA-MM-JJ), incluse")
        parser.add_argument("--by", required=True, help="Dimensions, dans l'ordre, séparées par des virgules")
        parser.add_argument("--threshold", help="Seuil K (défaut : LIEN_OPEN_DATA_THRESHOLD, 5)")
        parser.add_argument("--format", default="csv", help="csv (défaut) ou json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] not in FORMATS:
            raise CommandError(f"Format inconnu : « {options['format']} » (csv ou json).")
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : {options['organisation']}")
        try:
            table = open_data_export(
                acting_user=None,
                organisation=organisation,
                start=_date(options["start"], "--start"),
                end=_date(options["end"], "--end"),
                by=split_dimensions(options["by"]),
                threshold=_threshold(options["threshold"]),
                minimum_threshold=1,
                fmt=options["format"],
                via="commande",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(table_json(table), ensure_ascii=False))
        else:
            self.stdout.write(table_csv(table), ending="")
