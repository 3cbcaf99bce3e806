"""Loading the communes referential shipped with Lien."""

import csv
import gzip
import io
from pathlib import Path

from django.db import transaction

from lien.communes.models import Commune
from lien.lib.text import search_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes.csv.gz"
FIELDS = [
    "name",
    "search_name",
    "postal_codes",
    "departement",
    "departement_name",
    "region",
    "region_name",
    "population",
]


def read_communes(path: Path = DATA_FILE) -> list[Commune]:
    with gzip.open(path, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return [
            Commune(
                insee_code=row["insee"],
                name=row["name"],
                search_name=search_key(row["name"]),
                postal_codes=row["postal_codes"],
                departement=row["departement"],
                departement_name=row["departement_name"],
                region=row["region"],
                region_name=row["region_name"],
                population=int(row["population"]) if row["population"] else None,
            )
            for row in rows
        ]


@transaction.atomic
def communes_load(path: Path = DATA_FILE) -> int:
    """Insert or update every commune of the file; idempotent. Returns the number of communes."""
    communes = read_communes(path)
    Commune.objects.bulk_create(
        communes,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=FIELDS,
    )
    return len(communes)
