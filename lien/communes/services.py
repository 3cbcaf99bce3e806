"""Loading the communes referential shipped with Lien: the communes (INSEE's Code officiel
géographique, ``data/communes.csv.gz``) and their centroids and outlines (IGN's ADMIN EXPRESS,
``data/communes-geo.csv.gz``, made by ``data/build_geometry.py``)."""

import csv
import gzip
import io
from pathlib import Path

from django.db import transaction

from lien.communes.models import Commune
from lien.lib.text import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "communes.csv.gz"
GEOMETRY_FILE = DATA_DIR / "communes-geo.csv.gz"
FIELDS = [
    "name",
    "search_name",
    "postal_codes",
    "departement",
    "departement_name",
    "region",
    "region_name",
    "population",
    "latitude",
    "longitude",
    "outline",
]


def read_geometry(path: Path = GEOMETRY_FILE) -> dict[str, tuple[float, float, str]]:
    """(latitude, longitude, outline) by INSEE code; nothing when the file is not there."""
    if not path.exists():
        return {}
    with gzip.open(path, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return {
            row["insee"]: (float(row["latitude"]), float(row["longitude"]), row["outline"]) for row in rows
        }


def read_communes(path: Path = DATA_FILE, geometry_path: Path = GEOMETRY_FILE) -> list[Commune]:
    geometry = read_geometry(geometry_path)
    with gzip.open(path, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        communes = []
        for row in rows:
            latitude, longitude, outline = geometry.get(row["insee"], (None, None, ""))
            communes.append(
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
                    latitude=latitude,
                    longitude=longitude,
                    outline=outline,
                )
            )
        return communes


@transaction.atomic
def communes_load(path: Path = DATA_FILE, geometry_path: Path = GEOMETRY_FILE) -> int:
    """Insert or update every commune of the file, with its centroid and outline; idempotent.
    Returns the number of communes."""
    communes = read_communes(path, geometry_path)
    Commune.objects.bulk_create(
        communes,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=FIELDS,
    )
    return len(communes)
