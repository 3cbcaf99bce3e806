"""The public page of chosen figures: switched on and filled by those who publish the
organisation's open data, read by anyone. Each table covers the months up to the day it is read
and is masked with its threshold, never below the instance's."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, require_perm
from lien.journal.models import JournalEntry
from lien.opendata.display import Preview, preview
from lien.opendata.models import PublicFigure, PublicPage
from lien.opendata.tables import open_data_table

ROWS = 100


def public_page_of(organisation: Organisation) -> PublicPage:
    page, _created = PublicPage.objects.get_or_create(organisation=organisation)
    return page


def period(months: int, today: date) -> tuple[date, date]:
    """The ``months`` months up to ``today``: from the day after the same day ``months`` months
    earlier (12 on 7 December 2026: 8 December 2025 to 7 December 2026, the rolling year)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + timedelta(days=1), today


@transaction.atomic
def public_page_set(
    *, acting_user: User, organisation: Organisation, enabled: bool, introduction: str
) -> PublicPage:
    require_perm(acting_user, Perm.OPEN_DATA_EXPORT, organisation.pk)
    page = public_page_of(organisation)
    page.enabled, page.introduction, page.updated_by = enabled, introduction.strip(), acting_user
    page.save()
    JournalEntry.log_update(user=acting_user, obj=organisation, organisation=organisation)
    return page


@transaction.atomic
def public_figure_add(
    *,
    acting_user: User,
    organisation: Organisation,
    title: str,
    dimensions: list[str],
    months: int,
    threshold: int,
    today: date,
) -> PublicFigure:
    require_perm(acting_user, Perm.OPEN_DATA_EXPORT, organisation.pk)
    if not title.strip():
        raise ValidationError({"title": _("Donnez un titre au tableau.")})
    if not 1 <= months <= 120:
        raise ValidationError({"months": _("Entre 1 et 120 mois.")})
    if threshold < settings.LIEN_OPEN_DATA_THRESHOLD:
        raise ValidationError(
            {
                "threshold": _("Le seuil ne peut être inférieur à %(minimum)s, celui de cette instance.")
                % {"minimum": settings.LIEN_OPEN_DATA_THRESHOLD}
            }
        )
    start, end = period(months, today)
    open_data_table(organisation, start, end, dimensions, threshold)  # refuses what makes no table
    figure = PublicFigure.objects.create(
        page=public_page_of(organisation),
        title=title.strip(),
        dimensions=",".join(dimensions),
        months=months,
        threshold=threshold,
        added_by=acting_user,
    )
    JournalEntry.log_update(user=acting_user, obj=organisation, organisation=organisation)
    return figure


@transaction.atomic
def public_figure_remove(*, acting_user: User, figure: PublicFigure) -> None:
    organisation = figure.page.organisation
    require_perm(acting_user, Perm.OPEN_DATA_EXPORT, organisation.pk)
    figure.delete()
    JournalEntry.log_update(user=acting_user, obj=organisation, organisation=organisation)


@dataclass(frozen=True)
class PublicTable:
    figure: PublicFigure
    start: date
    end: date
    table: Preview


def public_tables(page: PublicPage, today: date) -> list[PublicTable]:
    """The page's tables as they stand today, masked (never below the instance's threshold)."""
    tables = []
    for figure in page.figures.all():
        start, end = period(figure.months, today)
        threshold = max(figure.threshold, settings.LIEN_OPEN_DATA_THRESHOLD)
        try:
            table = open_data_table(page.organisation, start, end, figure.dimension_list, threshold)
        except ValidationError:
            continue  # a dimension that no longer applies: the table is left out, not shown wrong
        tables.append(PublicTable(figure, start, end, preview(table, limit=ROWS)))
    return tables


def get_enabled_page(slug: str) -> PublicPage | None:
    return (
        PublicPage.objects.select_related("organisation")
        .filter(organisation__slug=slug, enabled=True)
        .first()
    )
