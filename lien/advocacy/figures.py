"""The figures of a dossier, computed when they are shown or printed, masked like every open
data table (``lien.opendata``): a chart of the counts that are published, the table beside it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lien.activity.charts import bars
from lien.advocacy.models import Figure
from lien.opendata.display import Preview, preview
from lien.opendata.tables import open_data_table

# A dossier's table is read on paper: a few dozen rows at most.
ROWS = 60


@dataclass(frozen=True)
class ShownFigure:
    figure: Figure
    table: Preview | None
    chart: SafeString
    error: str


def shown(figure: Figure) -> ShownFigure:
    """The figure's table as it stands today (the period is fixed, the files may have changed)."""
    threshold = max(figure.threshold, settings.LIEN_OPEN_DATA_THRESHOLD)
    try:
        table = open_data_table(
            figure.dossier.organisation, figure.start, figure.end, figure.dimension_list, threshold
        )
    except ValidationError as error:
        return ShownFigure(figure, None, SafeString(""), " ".join(error.messages))
    rows = preview(table, limit=ROWS)
    chart = SafeString("")
    if len(table.dimensions) == 1:
        items = [
            (row.labels[0], row.count, "") for row in rows.rows if not row.margin and row.count is not None
        ]
        chart = bars(items, title=figure.title)
    return ShownFigure(figure, rows, chart, "")


def check_figure(figure: Figure) -> None:
    """Refuse a figure that makes no table (an unknown or inapplicable dimension…)."""
    if figure.threshold < settings.LIEN_OPEN_DATA_THRESHOLD:
        raise ValidationError(
            {
                "threshold": _("Le seuil ne peut être inférieur à %(minimum)s, celui de cette instance.")
                % {"minimum": settings.LIEN_OPEN_DATA_THRESHOLD}
            }
        )
    open_data_table(
        figure.dossier.organisation, figure.start, figure.end, figure.dimension_list, figure.threshold
    )
