"""What the page, the CSV files and the API say of the barriers and needs without answers
(``needs.py``): the tables laid out for reading (rows and columns, labels in the reader's language),
the map, and the same tables as rows of codes for the files (``*`` in a margin, as the open data
files)."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.utils import dateformat
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lien.advocacy.enums import NeedsMapMetric, NeedsPopulation, NeedsTable
from lien.advocacy.needs import CountTable, NeedsQuery, NeedsTables
from lien.assessments.enums import Barrier, Need
from lien.communes.maps import MapArea, communes_map
from lien.lib.suppression import MARGIN
from lien.lib.text import search_key
from lien.opendata.display import masking_note
from lien.opendata.enums import UNKNOWN, Population
from lien.orientations.enums import Outcome
from lien.people.enums import AgeBand, Coverage, Gender

POPULATION_LABELS: dict[str, dict[str, Any]] = {
    NeedsPopulation.AGE_BAND: dict(AgeBand.choices),
    NeedsPopulation.GENDER: dict(Gender.choices),
    NeedsPopulation.COVERAGE: dict(Coverage.choices),
}


def period_label(code: str) -> str:
    """« mars 2025 » for ``2025-03``, « T1 2025 » for ``2025-T1``."""
    year, _sep, part = code.partition("-")
    if part.startswith("T"):
        return _("T%(quarter)s %(year)s") % {"quarter": part[1:], "year": year}
    try:
        return dateformat.format(date(int(year), int(part), 1), "F Y")
    except ValueError:
        return code


def count_text(count: int | None) -> str:
    return _("masqué") if count is None else str(count)


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: list[str]
    total: bool = False


@dataclass(frozen=True)
class Grid:
    caption: str
    corner: str  # the heading of the row labels
    headers: list[str]
    rows: list[GridRow]


def _label(mapping: dict[str, Any], code: str) -> str:
    if code == UNKNOWN:
        return _("Non renseigné")
    return str(mapping.get(code, code))


def _commune_label(tables: NeedsTables, code: str) -> str:
    if code == UNKNOWN:
        return _("Commune non renseignée")
    return f"{tables.communes.get(code, code)} ({code})"


def _barrier_grid(table: CountTable, caption: str, corner: str, row_values, row_label, fixed) -> Grid:
    """Rows of ``row_values`` × columns of the barriers and « at least one »; ``fixed`` makes the
    cell of (row value, barrier)."""
    barriers = dict(Barrier.choices)
    columns = [*table.values[1], MARGIN]
    headers = [_label(barriers, code) if code != MARGIN else _("Au moins un frein") for code in columns]
    rows = [
        GridRow(row_label(value), [count_text(table.get(*fixed(value, code))) for code in columns])
        for value in row_values
    ]
    rows.append(
        GridRow(_("Ensemble"), [count_text(table.get(*fixed(MARGIN, code))) for code in columns], total=True)
    )
    return Grid(caption, corner, headers, rows)


def barriers_over_time(tables: NeedsTables) -> Grid:
    table = tables.barriers_by_commune
    barriers = dict(Barrier.choices)
    columns = [*tables.periods, MARGIN]
    headers = [period_label(code) if code != MARGIN else _("Toute la période") for code in columns]
    rows = [
        GridRow(
            _label(barriers, barrier), [count_text(table.get(period, barrier, MARGIN)) for period in columns]
        )
        for barrier in table.values[1]
    ]
    rows.append(
        GridRow(
            _("Au moins un frein"),
            [count_text(table.get(period, MARGIN, MARGIN)) for period in columns],
            total=True,
        )
    )
    return Grid(_("Personnes ayant rencontré chaque frein, par période"), _("Frein"), headers, rows)


def barriers_by_commune(tables: NeedsTables) -> Grid:
    table = tables.barriers_by_commune
    communes = sorted(
        table.values[2], key=lambda code: (code == UNKNOWN, search_key(tables.communes.get(code, code)))
    )
    return _barrier_grid(
        table,
        _("Personnes ayant rencontré chaque frein, par commune, sur toute la période"),
        _("Commune"),
        communes,
        lambda code: _commune_label(tables, code),
        lambda value, barrier: (MARGIN, barrier, value),
    )


def barriers_by_population(tables: NeedsTables) -> list[Grid]:
    grids = []
    for name, table in tables.barriers_by_population.items():
        labels = POPULATION_LABELS[name]
        grids.append(
            _barrier_grid(
                table,
                _("Personnes ayant rencontré chaque frein, par %(population)s, sur toute la période")
                % {"population": str(NeedsPopulation(name).label).lower()},
                str(NeedsPopulation(name).label),
                table.values[2],
                lambda code, labels=labels: _label(labels, code),
                lambda value, barrier: (MARGIN, barrier, value),
            )
        )
    return grids


def outcomes_by_structure(tables: NeedsTables) -> Grid:
    table = tables.outcomes
    outcomes = dict(Outcome.choices)
    columns = [*Outcome.values, MARGIN]
    headers = [_label(outcomes, code) if code != MARGIN else _("Total") for code in columns]
    structures = sorted(
        table.values[0],
        key=lambda key: (-(table.get(key, MARGIN) or 0), tables.structures.get(key, (None, key))[1]),
    )
    rows = [
        GridRow(tables.structures[key][1], [count_text(table.get(key, code)) for code in columns])
        for key in structures
    ]
    rows.append(GridRow(_("Ensemble"), [count_text(table.get(MARGIN, code)) for code in columns], total=True))
    return Grid(_("Orientations de la période, par structure et par suite"), _("Structure"), headers, rows)


def unmet_needs(tables: NeedsTables) -> Grid:
    needs = dict(Need.choices)
    rows = [
        GridRow(_commune_label(tables, row.commune), [_label(needs, row.need), count_text(row.people)])
        for row in tables.unmet
    ]
    return Grid(
        _("Besoins sans service de l'annuaire à moins de %(km)s km du centre de la commune")
        % {"km": tables.query.radius_km},
        _("Commune"),
        [_("Besoin"), _("Personnes")],
        rows,
    )


def map_values(tables: NeedsTables, metric: str) -> dict[str, int | None]:
    """The value of each commune of the territory on the map."""
    if metric == NeedsMapMetric.UNMET:
        return {commune.pk: tables.unmet_by_commune.get(commune.pk) for commune in tables.territory}
    return {
        commune.pk: tables.barriers_by_commune.get(MARGIN, MARGIN, commune.pk) for commune in tables.territory
    }


@dataclass(frozen=True)
class MapView:
    svg: SafeString
    grid: Grid
    drawn: int
    not_drawn: list[str]


def territory_map(tables: NeedsTables, metric: str) -> MapView:
    values = map_values(tables, metric)
    unit = _("personnes")
    title = _("Carte du territoire : %(metric)s, par commune") % {
        "metric": str(NeedsMapMetric(metric).label).lower()
    }
    areas = [
        MapArea(
            insee_code=commune.pk,
            name=commune.name,
            latitude=commune.latitude,
            longitude=commune.longitude,
            outline=commune.outline,
            value=values[commune.pk],
        )
        for commune in tables.territory
    ]
    grid = Grid(
        _("%(metric)s, par commune du territoire") % {"metric": NeedsMapMetric(metric).label},
        _("Commune"),
        [_("Personnes")],
        [GridRow(_commune_label(tables, area.insee_code), [count_text(area.value)]) for area in areas],
    )
    not_drawn = [
        _commune_label(tables, area.insee_code)
        for area in areas
        if not area.outline and (area.latitude is None or area.longitude is None)
    ]
    return MapView(communes_map(areas, title=title, unit=unit), grid, len(areas) - len(not_drawn), not_drawn)


def figures_note(tables: NeedsTables) -> str:
    if tables.threshold is None:
        return _(
            "Chiffres exacts, pour l'équipe : jamais une ligne par personne, mais de petits effectifs "
            "peuvent désigner quelqu'un. Pour une diffusion hors de l'organisation, cochez « Masquer les "
            "petits effectifs »."
        )
    return masking_note(tables.threshold, Population.PEOPLE)


def needs_page(tables: NeedsTables, metric: str) -> dict[str, Any]:
    """The context of the page's tables and map."""
    needs = dict(Need.choices)
    return {
        "map": territory_map(tables, metric),
        "over_time": barriers_over_time(tables),
        "by_commune": barriers_by_commune(tables),
        "by_population": barriers_by_population(tables),
        "outcomes": outcomes_by_structure(tables),
        "unmet": unmet_needs(tables),
        "people": count_text(tables.people),
        "figures_note": figures_note(tables),
        "without_thematic": [_label(needs, code) for code in tables.without_thematic],
        "without_centroid": [_commune_label(tables, code) for code in tables.without_centroid],
    }


# -- the files ------------------------------------------------------------------------------------


def needs_rows(tables: NeedsTables, table: str) -> list[dict[str, Any]]:
    """One table as rows of codes (``*``: all values; a combination absent counts 0; ``None``:
    masked)."""
    if table == NeedsTable.BARRIERS_BY_COMMUNE:
        return [
            {
                "period": period,
                "barrier": barrier,
                "commune": commune,
                "commune_name": tables.communes.get(commune, ""),
                "people": count,
            }
            for (period, barrier, commune), count in tables.barriers_by_commune.rows()
        ]
    if table == NeedsTable.BARRIERS_BY_POPULATION:
        return [
            {"period": period, "barrier": barrier, "population": name, "value": value, "people": count}
            for name, crossed in tables.barriers_by_population.items()
            for (period, barrier, value), count in crossed.rows()
        ]
    if table == NeedsTable.OUTCOMES:
        return [
            {
                "structure": tables.structures[key][1] if key != MARGIN else MARGIN,
                "structure_id": tables.structures[key][0] if key != MARGIN else None,
                "outcome": outcome,
                "orientations": count,
            }
            for (key, outcome), count in tables.outcomes.rows()
        ]
    if table == NeedsTable.UNMET:
        return [
            {
                "commune": row.commune,
                "commune_name": tables.communes.get(row.commune, ""),
                "need": row.need,
                "people": row.people,
                "radius_km": tables.query.radius_km,
            }
            for row in tables.unmet
        ]
    raise ValueError(f"Unknown table: {table}")


CSV_COLUMNS = {
    NeedsTable.BARRIERS_BY_COMMUNE: ["period", "barrier", "commune", "commune_name", "people"],
    NeedsTable.BARRIERS_BY_POPULATION: ["period", "barrier", "population", "value", "people"],
    NeedsTable.OUTCOMES: ["structure", "structure_id", "outcome", "orientations"],
    NeedsTable.UNMET: ["commune", "commune_name", "need", "people", "radius_km"],
}


def _cell(value: Any) -> str:
    """Text only: an empty cell for a masked count, never a formula (a value starting with
    = + - @, as a typed structure name might)."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def needs_csv(tables: NeedsTables, table: str) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    columns = CSV_COLUMNS[NeedsTable(table)]
    writer.writerow(columns)
    for row in needs_rows(tables, table):
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue()


def needs_querystring(query: NeedsQuery, metric: str = NeedsMapMetric.BARRIERS) -> str:
    """The page's and the files' parameters for ``query`` (the same names in the API)."""
    values = {
        "organisation": query.organisation.slug,
        "start": query.start.isoformat(),
        "end": query.end.isoformat(),
        "step": query.step,
        "departements": " ".join(query.departements),
        "insee_codes": " ".join(query.insee_codes),
        "radius_km": query.radius_km,
        "metric": metric,
    }
    return urlencode(
        {key: value for key, value in values.items() if value != ""}
        | ({"masked": "on"} if query.masked else {})
    )


def needs_filename(tables: NeedsTables, table: str) -> str:
    query = tables.query
    return f"{table}-{query.organisation.slug}-{query.start}-{query.end}.csv"


def needs_json(tables: NeedsTables) -> dict[str, Any]:
    query = tables.query
    return {
        "organisation": query.organisation.slug,
        "start": query.start.isoformat(),
        "end": query.end.isoformat(),
        "step": query.step,
        "insee_codes": list(query.insee_codes),
        "departements": list(query.departements),
        "radius_km": query.radius_km,
        "masked": query.masked,
        "threshold": tables.threshold,
        "periods": list(tables.periods),
        "territory": [commune.pk for commune in tables.territory],
        "people": tables.people,
        "barriers_by_commune": needs_rows(tables, NeedsTable.BARRIERS_BY_COMMUNE),
        "barriers_by_population": needs_rows(tables, NeedsTable.BARRIERS_BY_POPULATION),
        "outcomes_by_structure": needs_rows(tables, NeedsTable.OUTCOMES),
        "unmet_needs": needs_rows(tables, NeedsTable.UNMET),
        "needs_without_thematic": list(tables.without_thematic),
        "communes_without_centroid": list(tables.without_centroid),
    }
