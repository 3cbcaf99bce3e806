"""What the page says of a table: the label of each dimension and value in the reader's language
(the files keep the codes), and how the masked cells were chosen."""

from dataclasses import dataclass
from datetime import date

from django.db.models import TextChoices
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.assessments.enums import Barrier
from lien.communes.models import Commune
from lien.opendata.enums import MARGIN, NONE, OPEN, UNKNOWN, Dimension, Population
from lien.opendata.tables import Table
from lien.orientations.enums import OrientationOutcome
from lien.people.enums import AgeBand, Coverage, Gender
from lien.saisines.enums import OUTCOME_CHOICES, SaisineChannel, SaisineProcess

CHOICES: dict[str, type[TextChoices]] = {
    Dimension.AGE_BAND: AgeBand,
    Dimension.GENDER: Gender,
    Dimension.COVERAGE: Coverage,
    Dimension.BARRIER: Barrier,
    Dimension.CHANNEL: SaisineChannel,
    Dimension.PROCESS: SaisineProcess,
}


def dimension_label(name: str) -> str:
    return str(Dimension(name).label)


def population_label(population: str) -> str:
    return str(Population(population).label)


def masking_note(threshold: int, population: str) -> str:
    if population == Population.SAISINES:
        units = ngettext("%(k)s saisine", "%(k)s saisines", threshold) % {"k": threshold}
    else:
        units = ngettext("%(k)s personne", "%(k)s personnes", threshold) % {"k": threshold}
    return _(
        "Une case qui compte moins de %(units)s (mais au moins une) est masquée : c'est le seuil. "
        "D'autres cases sont masquées en plus (secret secondaire) pour qu'aucune case masquée ne "
        "puisse être retrouvée par soustraction à partir des autres cases et des totaux ; elles "
        "peuvent compter davantage. Les zéros sont publiés. « * » : toutes les valeurs de la "
        "dimension."
    ) % {"units": units}


def _month_label(code: str) -> str:
    try:
        return dateformat.format(date(int(code[:4]), int(code[5:7]), 1), "F Y")
    except ValueError:
        return code


def _labels(dimension: str, population: str, codes: set[str]) -> dict[str, str]:
    """The label of each code of one dimension (one query for communes and départements)."""
    labels = {
        MARGIN: _("Ensemble"),
        UNKNOWN: _("Non renseigné"),
        NONE: _("Aucun frein enregistré") if dimension == Dimension.BARRIER else _("Aucune orientation"),
        OPEN: _("En cours"),
    }
    if dimension in CHOICES:
        labels |= {code: str(label) for code, label in CHOICES[dimension].choices}
    elif dimension == Dimension.OUTCOME:
        choices = OUTCOME_CHOICES if population == Population.SAISINES else OrientationOutcome.choices
        labels |= {code: str(label) for code, label in choices}
    elif dimension == Dimension.COMMUNE:
        names = Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name")
        labels |= {code: f"{name} ({code})" for code, name in names}
    elif dimension == Dimension.DEPARTEMENT:
        names = Commune.objects.filter(departement__in=codes).values_list("departement", "departement_name")
        labels |= {code: f"{name} ({code})" for code, name in names.distinct()}
    elif dimension == Dimension.MONTH:
        labels |= {code: _month_label(code) for code in codes if code not in labels}
    return labels


@dataclass(frozen=True)
class PreviewRow:
    labels: list[str]
    count: int | None
    margin: bool  # a total row: some dimension at « all values »


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    rows: list[PreviewRow]
    shown: int
    total_rows: int
    masked: int
    note: str

    @property
    def summary(self) -> str:
        rows = ngettext("%(n)s ligne", "%(n)s lignes", self.total_rows) % {"n": self.total_rows}
        masked = ngettext("%(n)s case masquée", "%(n)s cases masquées", self.masked) % {"n": self.masked}
        return _("%(rows)s, dont %(masked)s.") % {"rows": rows, "masked": masked}


def preview(table: Table, *, limit: int) -> Preview:
    """The first ``limit`` rows of the table, with labels: the page shows no more (the files hold
    the whole table)."""
    rows = table.rows[:limit]
    labels = [
        _labels(dimension, table.population, {cell[index] for cell, _count in rows})
        for index, dimension in enumerate(table.dimensions)
    ]
    return Preview(
        headers=[dimension_label(name) for name in table.dimensions],
        rows=[
            PreviewRow(
                labels=[labels[index].get(code, code) for index, code in enumerate(cell)],
                count=count,
                margin=MARGIN in cell,
            )
            for cell, count in rows
        ],
        shown=len(rows),
        total_rows=len(table.rows),
        masked=table.masked,
        note=masking_note(table.threshold, table.population),
    )
