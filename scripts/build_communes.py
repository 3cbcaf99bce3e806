"""Regenerate lien/communes/data/communes.csv.gz from the npm package
@etalab/decoupage-administratif (MIT licence, data from INSEE's Code officiel géographique).

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python scripts/build_communes.py /tmp/package/data

Only current communes (type "commune-actuelle") are kept; columns: insee, name, postal
codes (space separated), département code and name, région code and name, population.
The package carries no coordinates, so latitude/longitude are not in the file.
"""

import csv
import gzip
import io
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "lien" / "communes" / "data" / "communes.csv.gz"
COLUMNS = [
    "insee",
    "name",
    "postal_codes",
    "departement",
    "departement_name",
    "region",
    "region_name",
    "population",
]


def main(source: Path) -> None:
    communes = json.loads((source / "communes.json").read_text())
    departements = {d["code"]: d["nom"] for d in json.loads((source / "departements.json").read_text())}
    regions = {r["code"]: r["nom"] for r in json.loads((source / "regions.json").read_text())}
    rows = sorted(
        (
            [
                c["code"],
                c["nom"],
                " ".join(c.get("codesPostaux", [])),
                c.get("departement", ""),
                departements.get(c.get("departement", ""), ""),
                c.get("region", ""),
                regions.get(c.get("region", ""), ""),
                str(c.get("population") or ""),
            ]
            for c in communes
            if c.get("type") == "commune-actuelle"
        ),
        key=lambda row: row[0],
    )
    # mtime=0 keeps the file byte-identical when the data did not change.
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        with io.TextIOWrapper(gz, encoding="utf-8", newline="") as text:
            writer = csv.writer(text)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    print(f"{len(rows)} communes written to {OUTPUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "package/data"))
