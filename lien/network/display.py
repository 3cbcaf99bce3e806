"""What the dashboard's reader gets: the rows as a file and as plain data (page, CSV, API)."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lien.accounts.models import Organisation
from lien.network.dashboard import COLUMNS, Dashboard, Figures

CSV_HEADER = ["organisation", "organisation_name", "kind", "scope", "organisations_below"] + [
    name for name, _label in COLUMNS
]


# The page's tables: institutional mediation, community mediation, the directory.
SAISINES = COLUMNS[:5] + COLUMNS[16:]
ACCOMPANIMENT = COLUMNS[5:13]
DIRECTORY = COLUMNS[13:16]


@dataclass(frozen=True)
class PageRow:
    organisation: Organisation
    own: bool
    below: int
    drill_down: bool  # the organisation has a dashboard of its own below
    cells: list[int | None]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: list[tuple[str, object]]
    rows: list[PageRow]
    total: list[int | None]
    note: str = ""


def _values(figures: Figures, columns: list[tuple[str, object]]) -> list[int | None]:
    values = figures.as_dict()
    return [values[name] for name, _label in columns]


def sections(dashboard: Dashboard) -> list[Section]:
    """The tables the network calls for: saisines where it holds a fund, accompaniment where it
    holds a programme, the directory always."""
    wanted = []
    if dashboard.mediates_saisines:
        wanted.append(("saisines", _("Médiation institutionnelle : saisines et propositions"), SAISINES, ""))
    if dashboard.accompanies:
        wanted.append(("accompaniment", _("Médiation en santé : accompagnement"), ACCOMPANIMENT, ""))
    directory_note = _(
        "Un besoin relevé dans les évaluations des personnes d'une commune est sans réponse quand "
        "aucun service de l'annuaire du programme ne traite sa thématique à moins de %(km)s km du "
        "centre de la commune. Le total du réseau n'est pas la somme des lignes : un service publié "
        "par une autre organisation du réseau peut répondre. « — » : pas de programme "
        "d'accompagnement."
    ) % {"km": dashboard.radius_km}
    wanted.append(("directory", _("Annuaire et besoins sans réponse"), DIRECTORY, directory_note))
    return [
        Section(
            key=key,
            title=str(title),
            columns=columns,
            rows=[
                PageRow(row.organisation, row.own, row.below, row.below > 0, _values(row.figures, columns))
                for row in dashboard.rows
            ],
            total=_values(dashboard.total, columns),
            note=str(note),
        )
        for key, title, columns, note in wanted
    ]


def dashboard_rows(dashboard: Dashboard) -> list[dict]:
    """One dict per row, then the total: ``scope`` says what a row sums (``own``: the root
    alone; ``subtree``: the organisation and those below it; ``network``: everything)."""
    rows = [
        {
            "organisation": row.organisation.slug,
            "organisation_name": row.organisation.name,
            "kind": row.organisation.kind,
            "scope": "own" if row.own else "subtree",
            "organisations_below": row.below,
            **row.figures.as_dict(),
        }
        for row in dashboard.rows
    ]
    rows.append(
        {
            "organisation": dashboard.root.slug,
            "organisation_name": dashboard.root.name,
            "kind": dashboard.root.kind,
            "scope": "network",
            "organisations_below": dashboard.organisations - 1,
            **dashboard.total.as_dict(),
        }
    )
    return rows


def dashboard_csv(dashboard: Dashboard) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in dashboard_rows(dashboard):
        writer.writerow(["" if row[name] is None else row[name] for name in CSV_HEADER])
    return buffer.getvalue()


def dashboard_filename(dashboard: Dashboard) -> str:
    return f"reseau-{dashboard.root.slug}-{dashboard.start.isoformat()}-{dashboard.end.isoformat()}.csv"
