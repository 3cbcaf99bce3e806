"""The open data table of an organisation and every organisation below it: counts crossed by a
few dimensions, with their margins, small cells masked (``lien.lib.suppression``).

**What is counted.** Where the subtree holds a fund: the saisines received in the period (each
counts once). Elsewhere: the people accompanied over the period (``activity.definitions``), each
counted once per cell — a person with two barriers counts in both cells, once in their margin.

**Values.** The codes of the domain (DOMAIN.md, the enums), ``inconnu`` where the file says
nothing, ``aucun`` for a person with no barrier recorded or no orientation in the period,
``en_cours`` for the outcome of a saisine still open; ``*`` in a margin row. A dimension takes the
values *observed* in the population; the table is every combination of them and of the margins,
zeros included.

**Queries.** One per dimension, of (person or saisine, value) pairs, plus one for the population;
the crossing is done in Python with sets, never a query per person.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import product
from math import prod
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from lien.accounts.enums import OrganisationKind
from lien.accounts.models import Organisation
from lien.accounts.permissions import subtree_ids
from lien.activity.definitions import people_accompanied
from lien.assessments.models import AssessmentBarrier
from lien.communes.models import Commune
from lien.followup.models import ContactDay
from lien.lib.suppression import Cell, cube, suppress
from lien.opendata.enums import MARGIN, NONE, ONLY_FOR, OPEN, UNKNOWN, Dimension, Population
from lien.orientations.models import Orientation
from lien.people.anonymity import departement_of
from lien.people.enums import age_band_for
from lien.people.models import Person
from lien.saisines.enums import OPEN_STATUSES
from lien.saisines.models import Saisine

MAX_ROWS = 200_000
SPECIAL = (UNKNOWN, NONE, OPEN)

Pairs = Iterable[tuple[int, Any]]


@dataclass(frozen=True)
class Table:
    organisation: Organisation
    population: str
    start: date
    end: date
    threshold: int
    dimensions: tuple[str, ...]
    rows: list[tuple[Cell, int | None]]

    @property
    def masked(self) -> int:
        return sum(count is None for _cell, count in self.rows)

    @property
    def total(self) -> int | None:
        """The count of the last row: every dimension at its margin (``None`` when masked)."""
        return self.rows[-1][1]


# -- the pairs of each dimension ----------------------------------------------------------------


def _month(day: date | str) -> str:
    """``YYYY-MM`` of a date (or of the ISO text SQLite gives for a date out of a UNION)."""
    return day.isoformat()[:7] if isinstance(day, date) else str(day)[:7]


def _people_months(people: QuerySet[Person], start: date, end: date) -> Pairs:
    """The months of each person's contacts in the period, over every contact source (one query
    of the days of contact, ``followup.contact_days``)."""
    days = ContactDay.objects.filter(person__in=people.values("pk"), day__range=(start, end))
    return ((person_id, _month(day)) for person_id, day in days.values_list("person_id", "day"))


PEOPLE: dict[str, Callable[[QuerySet[Person], date, date], Pairs]] = {
    Dimension.COMMUNE: lambda people, start, end: people.values_list("pk", "commune_id"),
    Dimension.DEPARTEMENT: lambda people, start, end: people.annotate(code=departement_of()).values_list(
        "pk", "code"
    ),
    Dimension.AGE_BAND: lambda people, start, end: (
        (pk, age_band_for(year, end)) for pk, year in people.values_list("pk", "birth_year")
    ),
    Dimension.GENDER: lambda people, start, end: people.values_list("pk", "gender"),
    Dimension.COVERAGE: lambda people, start, end: people.values_list("pk", "coverage"),
    Dimension.BARRIER: lambda people, start, end: AssessmentBarrier.objects.filter(
        assessment__person__in=people.values("pk"), assessment__assessed_on__range=(start, end)
    ).values_list("assessment__person_id", "barrier"),
    Dimension.OUTCOME: lambda people, start, end: Orientation.objects.filter(
        person__in=people.values("pk"), oriented_on__range=(start, end)
    ).values_list("person_id", "outcome"),
    Dimension.MONTH: _people_months,
}

# What a person without any pair has: the multi-valued dimensions say "none", the others "unknown".
PEOPLE_DEFAULT: dict[str, str] = {Dimension.BARRIER: NONE, Dimension.OUTCOME: NONE}


def _saisine_outcomes(saisines: QuerySet[Saisine], start: date, end: date) -> Pairs:
    for pk, status, outcome in saisines.values_list("pk", "status", "outcome"):
        yield pk, OPEN if status in OPEN_STATUSES else outcome


def _saisine_departements(saisines: QuerySet[Saisine], start: date, end: date) -> Pairs:
    departement = Commune.objects.filter(insee_code=OuterRef("commune_insee")).values("departement")[:1]
    return saisines.annotate(code=Subquery(departement)).values_list("pk", "code")


SAISINES: dict[str, Callable[[QuerySet[Saisine], date, date], Pairs]] = {
    Dimension.COMMUNE: lambda saisines, start, end: saisines.values_list("pk", "commune_insee"),
    Dimension.DEPARTEMENT: _saisine_departements,
    Dimension.AGE_BAND: lambda saisines, start, end: (
        (pk, age_band_for(year, end)) for pk, year in saisines.values_list("pk", "requester__birth_year")
    ),
    Dimension.GENDER: lambda saisines, start, end: saisines.values_list("pk", "requester__gender"),
    Dimension.COVERAGE: lambda saisines, start, end: saisines.values_list("pk", "requester__coverage"),
    Dimension.OUTCOME: _saisine_outcomes,
    Dimension.MONTH: lambda saisines, start, end: (
        (pk, _month(day)) for pk, day in saisines.values_list("pk", "received_on")
    ),
    Dimension.CHANNEL: lambda saisines, start, end: saisines.values_list("pk", "channel"),
    Dimension.PROCESS: lambda saisines, start, end: saisines.values_list("pk", "process"),
}


# -- the request ----------------------------------------------------------------------------------


def population_of(organisation_ids: set[int]) -> str:
    """Saisines where the organisations hold a fund, the people accompanied elsewhere."""
    funds = Organisation.objects.filter(pk__in=organisation_ids, kind=OrganisationKind.FUND)
    return Population.SAISINES if funds.exists() else Population.PEOPLE


def split_dimensions(text: str) -> list[str]:
    """``"commune,gender"`` → ``["commune", "gender"]`` (checked by ``check_request``)."""
    return [name.strip() for name in text.split(",")] if text.strip() else []


def unknown_dimensions(by: Sequence[str]) -> list[str]:
    """What is wrong with the names themselves (none, a blank one, an unknown one), in French."""
    if not by:
        return [_("Choisissez au moins une dimension.")]
    problems = []
    for name in dict.fromkeys(by):
        if not name:
            problems.append(_("Dimension vide : une virgule de trop ?"))
        elif name not in Dimension.values:
            problems.append(
                _("Dimension inconnue : « %(name)s ». Dimensions possibles : %(names)s.")
                % {"name": name, "names": ", ".join(Dimension.values)}
            )
    return problems


def _size_text(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def check_request(*, population: str, by: Sequence[str], start: date, end: date, threshold: int) -> None:
    """Refuse, in French, what makes no table: every problem at once."""
    errors: dict[str, list[str]] = {}
    if end < start:
        errors.setdefault("end", []).append(_("La fin de la période précède son début."))
    if threshold < 1:
        errors.setdefault("threshold", []).append(_("Le seuil est un nombre entier d'au moins 1."))
    if problems := unknown_dimensions(by):
        errors["by"] = problems
    for name in dict.fromkeys(name for name in by if name in Dimension.values):
        if by.count(name) > 1:
            errors.setdefault("by", []).append(
                _("La dimension « %(name)s » est demandée deux fois.") % {"name": name}
            )
        elif ONLY_FOR.get(name, population) != population:
            message = (
                _("La dimension « %(name)s » ne concerne que les saisines.")
                if ONLY_FOR[name] == Population.SAISINES
                else _("La dimension « %(name)s » ne concerne que les personnes accompagnées.")
            )
            errors.setdefault("by", []).append(message % {"name": name})
    if errors:
        raise ValidationError(errors)


# -- the table ------------------------------------------------------------------------------------


def _sorted(values: set[str]) -> list[str]:
    """Codes in order, the values that are not codes (unknown, none, open) last."""
    return sorted(values, key=lambda value: (value in SPECIAL, value))


def _values_by_unit(pairs: Pairs, default: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for unit, value in pairs:
        found.setdefault(unit, set()).add(str(value) if value else default)
    return found


def open_data_table(
    organisation: Organisation, start: date, end: date, by: Sequence[str], threshold: int
) -> Table:
    """The table of the organisation and those below it over the period, crossed by ``by`` (in
    that order), masked with ``threshold``. Refuses (``ValidationError``, in French) an unknown,
    repeated or inapplicable dimension, a period ending before it starts, a threshold below 1, a
    table beyond ``MAX_ROWS`` rows."""
    scope = subtree_ids(organisation.pk)
    population = population_of(scope)
    check_request(population=population, by=by, start=start, end=end, threshold=threshold)
    units: QuerySet[Any]
    if population == Population.SAISINES:
        units = Saisine.objects.filter(organisation_id__in=scope, received_on__range=(start, end))
        sources: dict[str, Callable[[Any, date, date], Pairs]] = dict(SAISINES)
        defaults: dict[str, str] = {}
    else:
        units = people_accompanied(scope, start, end)
        sources, defaults = dict(PEOPLE), dict(PEOPLE_DEFAULT)
    ids = set(units.values_list("pk", flat=True))
    by_unit = []
    for name in by:
        default = defaults.get(name, UNKNOWN)
        found = _values_by_unit(sources[name](units, start, end), default)
        by_unit.append({unit: found.get(unit) or {default} for unit in ids})
    observed = [_sorted({value for values in found.values() for value in values}) for found in by_unit]
    size = prod(len(values) + 1 for values in observed)
    if size > MAX_ROWS:
        raise ValidationError(
            _(
                "Le tableau compterait %(size)s lignes, %(max)s au plus : retirez une dimension ou "
                "raccourcissez la période."
            )
            % {"size": _size_text(size), "max": _size_text(MAX_ROWS)}
        )
    counts: Counter[Cell] = Counter()
    for unit in ids:
        counts.update(product(*[[*found[unit], MARGIN] for found in by_unit]))
    published = suppress(observed, {cell: counts[cell] for cell in cube(observed)}, threshold)
    return Table(
        organisation=organisation,
        population=population,
        start=start,
        end=end,
        threshold=threshold,
        dimensions=tuple(by),
        rows=list(published.items()),
    )


def chosen_threshold(requested: int | None, *, minimum: int) -> int:
    """The threshold asked for, or the instance's (``LIEN_OPEN_DATA_THRESHOLD``); never below
    ``minimum``: on the page and in the API a user may raise the instance's threshold, not lower it
    (the command, run by the operator, takes any threshold from 1)."""
    threshold = settings.LIEN_OPEN_DATA_THRESHOLD if requested is None else requested
    if threshold < minimum and minimum > 1:  # below 1: ``check_request`` says so
        raise ValidationError(
            {
                "threshold": _("Le seuil ne peut être inférieur à %(minimum)s, celui de cette instance.")
                % {"minimum": minimum}
            }
        )
    return threshold
