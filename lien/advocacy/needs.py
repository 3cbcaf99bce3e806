"""Barriers and needs without answers: what a programme's people meet, and where the directory has
nothing to offer them (issue 13, point 3). For a programme — an organisation and those below it —
over a period, and optionally a territory (communes, départements), where the people live:

- **barriers** to care met, per month or quarter, by commune and by population (age band, gender,
  coverage): distinct people whose needs assessment of that period recorded the barrier;
- **orientation outcomes** per structure of the directory (or the structure typed): orientations
  made in the period, by their outcome today (pending, went, did not go, refused, waiting list);
- **needs without an answer**: for each need met in the assessments of the people of a commune,
  whether a directory service of a matching thematic (``NEED_THEMATICS``) is within N km of the
  commune's centroid (``directory.selectors.nearest_by_thematic``, the search's distance); the
  commune × need pairs without one, with how many people had that need.

**Who reads it.** The members who build the organisation's advocacy dossiers (``advocacy.dossier``:
its community mediators and coordinator; a coordinator above reads the programmes below together).
The figures are exact for them and never a row per person. For a publication beyond the
organisation, ``masked`` masks them as every open data table is (``lib.suppression``, with the
instance's threshold ``LIEN_OPEN_DATA_THRESHOLD``).

**The directory read** is the programme's own: its organisations' entries, and those published to
their network (``directory.network``) — whoever of the programme is reading.

**Queries.** A fixed number, whatever the number of people: the people assessed, their barriers,
their needs (each one query of pairs), the orientations grouped in SQL, the organisation tree, the
services near the communes, the communes of the map; the crossing is done in Python with sets.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import product

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, organisation_ids_for, subtree_ids
from lien.activity.access import PROGRAMME_KINDS
from lien.advocacy.enums import NeedsPopulation, NeedsStep
from lien.assessments.enums import Barrier, Need
from lien.assessments.models import Assessment, AssessmentBarrier, AssessmentNeed
from lien.communes.models import Commune
from lien.communes.territory import TerritoryInput, resolve_territory, territory_communes
from lien.directory.enums import THEMATICS, Visibility
from lien.directory.models import Service
from lien.directory.network import network_ids
from lien.directory.selectors import nearest_by_thematic
from lien.lib.suppression import MARGIN, Cell, cube, suppress
from lien.lib.text import search_key
from lien.opendata.enums import UNKNOWN
from lien.orientations.enums import Outcome
from lien.orientations.models import Orientation
from lien.orientations.selectors import STRUCTURE
from lien.people.enums import AgeBand, Coverage, Gender, age_band_for
from lien.people.models import Person
from lien.web.forms import period_error

DEFAULT_RADIUS_KM = 15
MAX_RADIUS_KM = 200

# The thematics of data·inclusion that answer a need (a category without ``--``: all of its
# thematics). data·inclusion has no thematic of its own for dental, eye or specialist care: any
# service of « accès aux soins » answers them — a coarse answer, said on the page. Interpreting and
# « autre » have none: they are listed apart, never as unanswered.
NEED_THEMATICS: dict[str, tuple[str, ...]] = {
    Need.HEALTH_COVERAGE: (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        "sante--acces-aux-soins",
    ),
    Need.FIND_GP: ("sante--acces-aux-soins",),
    Need.SPECIALIST: ("sante--acces-aux-soins",),
    Need.DENTAL: ("sante--acces-aux-soins",),
    Need.VISION_HEARING: ("sante--acces-aux-soins",),
    Need.MENTAL_HEALTH: ("sante--sante-mentale",),
    Need.ADDICTION: ("sante--addictions",),
    Need.SEXUAL_HEALTH: ("sante--sante-sexuelle",),
    Need.CHRONIC_FOLLOWUP: ("sante--acces-aux-soins",),
    Need.SCREENING: ("sante--acces-aux-soins", "sante--sante-sexuelle"),
    Need.HOUSING: ("logement-hebergement",),
    Need.FOOD: ("equipement-et-alimentation--alimentation",),
    Need.INCOME: ("difficultes-financieres",),
    Need.TRANSPORT: ("mobilite",),
    Need.DIGITAL_ACCESS: ("numerique",),
    Need.ADMINISTRATIVE_PAPERS: (
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    ),
    Need.SOCIAL_SUPPORT: (
        "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte",
        "remobilisation--lien-social",
    ),
}

POPULATION_CODES: dict[str, list[str]] = {
    NeedsPopulation.AGE_BAND: list(AgeBand.values),
    NeedsPopulation.GENDER: list(Gender.values),
    NeedsPopulation.COVERAGE: list(Coverage.values),
}


@cache
def need_thematics(need: str) -> frozenset[str]:
    """The thematic codes that answer ``need`` (a category stands for each of its thematics)."""
    codes: set[str] = set()
    for entry in NEED_THEMATICS.get(need, ()):
        if "--" in entry:
            codes.add(entry)
        else:
            codes.update(code for code, _label in THEMATICS if code.startswith(entry + "--"))
    return frozenset(codes)


# -- who reads it -------------------------------------------------------------------------------


def needs_organisations_for(user: User) -> list[Organisation]:
    """The programmes (associations, health centres) where the user builds advocacy dossiers, and
    the organisations above them where they do too (a coordinator above reads the programmes
    below together); the programmes first."""
    ids = organisation_ids_for(user, Perm.ADVOCACY_DOSSIER)
    if not ids:
        return []
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    chosen: set[int] = set()
    for organisation in organisations.values():
        if organisation.kind in PROGRAMME_KINDS:
            node: Organisation | None = organisation
            while node is not None and node.pk not in chosen:
                chosen.add(node.pk)
                node = organisations.get(node.parent_id) if node.parent_id else None
    return sorted(
        (organisations[pk] for pk in chosen), key=lambda o: (o.kind not in PROGRAMME_KINDS, o.name, o.pk)
    )


def get_needs_organisation_for_user(user: User, slug: str) -> Organisation:
    """The programme of that slug if the user reads its barriers and needs; 404 for missing and
    forbidden alike."""
    found = next((o for o in needs_organisations_for(user) if o.slug == slug), None)
    if found is None:
        raise Http404("Programme introuvable.")
    return found


# -- what is asked --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedsQuery:
    organisation: Organisation
    start: date
    end: date
    step: str = NeedsStep.QUARTER
    insee_codes: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    radius_km: int = DEFAULT_RADIUS_KM
    masked: bool = False

    @property
    def restricted(self) -> bool:
        """Whether a territory is asked: the figures are then those of the people living there."""
        return bool(self.insee_codes or self.departements)


def check_query(query: NeedsQuery) -> None:
    """Refuse, in French, what makes no table: every problem at once."""
    errors: dict[str, list[str]] = {}
    if problem := period_error(query.start, query.end):
        errors["end"] = [problem]
    if not 1 <= query.radius_km <= MAX_RADIUS_KM:
        errors["radius_km"] = [_("La distance est comprise entre 1 et %(max)s km.") % {"max": MAX_RADIUS_KM}]
    if query.step not in NeedsStep.values:
        errors["step"] = [_("Pas de temps inconnu.")]
    if errors:
        raise ValidationError(errors)


# -- periods --------------------------------------------------------------------------------------


def period_of(day: date, step: str) -> str:
    """``2025-03`` (a month) or ``2025-T1`` (a quarter)."""
    if step == NeedsStep.MONTH:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def periods(start: date, end: date, step: str) -> list[str]:
    """Every period from ``start`` to ``end``, in order (empty ones too: a time line)."""
    found: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        code = period_of(date(year, month, 1), step)
        if not found or found[-1] != code:
            found.append(code)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


# -- the tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountTable:
    """Counts crossed by ``dimensions``, each combination with its margins (``*``: all values), as
    ``lib.suppression`` takes them; ``None`` where masked. A combination not held counts 0."""

    dimensions: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    counts: Mapping[Cell, int | None]

    def get(self, *cell: str) -> int | None:
        return self.counts.get(cell, 0)

    def rows(self) -> list[tuple[Cell, int | None]]:
        """The combinations published: every one but the zeros (masked ones included)."""
        return [(cell, count) for cell, count in self.counts.items() if count != 0]


def _ordered(observed: Iterable[str], reference: Sequence[str] = ()) -> tuple[str, ...]:
    """The values in the order of ``reference`` (the enum's), the others after, « inconnu » last."""
    found = set(observed)
    known = [value for value in reference if value in found]
    rest = sorted(found - set(known), key=lambda value: (value == UNKNOWN, value))
    return (*known, *rest)


def _publish(
    dimensions: Sequence[str],
    values: Sequence[Sequence[str]],
    counts: Mapping[Cell, int],
    threshold: int | None,
) -> CountTable:
    if threshold is None:
        published: Mapping[Cell, int | None] = dict(counts)
    else:
        published = suppress(values, {cell: counts.get(cell, 0) for cell in cube(values)}, threshold)
    return CountTable(tuple(dimensions), tuple(tuple(v) for v in values), published)


def _with_margins(cell: Cell) -> Iterable[Cell]:
    for mask in product((False, True), repeat=len(cell)):
        yield tuple(MARGIN if masked else value for value, masked in zip(cell, mask, strict=True))


def crossed_people(
    dimensions: Sequence[str],
    units: Mapping[int, set[Cell]],
    threshold: int | None,
    *,
    orders: Mapping[int, Sequence[str]] | None = None,
    complete: Mapping[int, Sequence[str]] | None = None,
) -> CountTable:
    """Distinct units (people) per combination: a unit counts once in each cell that one of its
    combinations reaches, margins included (a person with two barriers counts in both cells and
    once in their margin). ``orders`` gives the order of an axis's values, ``complete`` all of its
    values, held or not (the periods of a time line)."""
    counts: Counter[Cell] = Counter()
    for cells in units.values():
        counts.update({reached for cell in cells for reached in _with_margins(cell)})
    values = []
    for axis in range(len(dimensions)):
        if complete and axis in complete:
            values.append(tuple(complete[axis]))
        else:
            held = {cell[axis] for cells in units.values() for cell in cells}
            values.append(_ordered(held, (orders or {}).get(axis, ())))
    return _publish(dimensions, values, counts, threshold)


def summed(
    dimensions: Sequence[str],
    counted: Mapping[Cell, int],
    threshold: int | None,
    *,
    orders: Mapping[int, Sequence[str]] | None = None,
) -> CountTable:
    """Units counted once each (orientations): the margins are sums."""
    counts: Counter[Cell] = Counter()
    for cell, n in counted.items():
        for reached in _with_margins(cell):
            counts[reached] += n
    values = [
        _ordered({cell[axis] for cell in counted}, (orders or {}).get(axis, ()))
        for axis in range(len(dimensions))
    ]
    return _publish(dimensions, values, counts, threshold)


@dataclass(frozen=True)
class UnmetNeed:
    commune: str
    need: str
    people: int | None


@dataclass(frozen=True)
class NeedsTables:
    query: NeedsQuery
    threshold: int | None  # the masking threshold; None: exact figures
    periods: tuple[str, ...]
    # The communes of the map: those asked; without a territory asked, the programme's declared
    # territory and every commune where its people assessed live.
    territory: tuple[Commune, ...]
    communes: Mapping[str, str]  # INSEE code -> name, of every commune the tables name
    people: int | None  # people assessed in the period
    barriers_by_commune: CountTable  # period × barrier × commune
    barriers_by_population: Mapping[str, CountTable]  # population -> period × barrier × value
    outcomes: CountTable  # structure × outcome
    structures: Mapping[str, tuple[int | None, str]]  # key -> (directory structure id, name)
    needs: CountTable  # commune × need
    unmet: tuple[UnmetNeed, ...]
    unmet_by_commune: CountTable  # commune: people with at least one need without an answer
    without_thematic: tuple[str, ...]  # needs met that no thematic of the directory says
    without_centroid: tuple[str, ...]  # communes of the needs whose centroid Lien does not know


def _lives_in(query: NeedsQuery, prefix: str = "") -> Q:
    """People living in the territory asked (everyone when none is)."""
    if not query.restricted:
        return Q()
    return Q(**{f"{prefix}commune_id__in": list(query.insee_codes)}) | Q(
        **{f"{prefix}commune__departement__in": list(query.departements)}
    )


def directory_services(scope: set[int]):
    """The directory of the programme: its organisations' entries, and those published to their
    network."""
    return Service.objects.filter(
        Q(organisation_id__in=scope)
        | Q(organisation_id__in=network_ids(scope), structure__visibility=Visibility.NETWORK)
    )


def _structure_key(structure_id: int | None, name: str) -> str:
    return f"annuaire-{structure_id}" if structure_id else f"saisie-{name}"


def _outcomes(query: NeedsQuery, scope: set[int], threshold: int | None):
    grouped = (
        Orientation.objects.filter(organisation_id__in=scope, oriented_on__range=(query.start, query.end))
        .filter(_lives_in(query, "person__"))
        .order_by()
        .annotate(structure_label=STRUCTURE)
        .values_list("directory_service__structure_id", "structure_label", "outcome")
        .annotate(n=Count("id"))
    )
    counted: Counter[Cell] = Counter()
    structures: dict[str, tuple[int | None, str]] = {}
    for structure_id, name, outcome, n in grouped:
        key = _structure_key(structure_id, name)
        structures[key] = (structure_id, name)
        counted[(key, outcome)] += n
    return summed(("structure", "outcome"), counted, threshold, orders={1: Outcome.values}), structures


def needs_tables(query: NeedsQuery, *, threshold: int) -> NeedsTables:
    """The tables of ``query``; exact unless ``query.masked`` (then masked with ``threshold``).
    Refuses (``ValidationError``, in French) a period backwards or too long, a distance out of
    bounds, a commune or département Lien does not know."""
    check_query(query)
    masking = threshold if query.masked else None
    asked = (
        resolve_territory(
            TerritoryInput(insee_codes=list(query.insee_codes), departements=list(query.departements))
        )
        if query.restricted
        else []
    )
    scope = subtree_ids(query.organisation.pk)
    assessed = Assessment.objects.filter(
        organisation_id__in=scope, assessed_on__range=(query.start, query.end)
    ).filter(_lives_in(query, "person__"))
    people = {
        pk: (commune or UNKNOWN, birth_year, gender or UNKNOWN, coverage or UNKNOWN)
        for pk, commune, birth_year, gender, coverage in Person.objects.filter(
            pk__in=assessed.values("person_id")
        ).values_list("pk", "commune_id", "birth_year", "gender", "coverage")
    }
    step_periods = periods(query.start, query.end, query.step)

    # Barriers: (period, barrier, commune) and (period, barrier, value) per person.
    by_commune: dict[int, set[Cell]] = {}
    by_population: dict[str, dict[int, set[Cell]]] = {name: {} for name in NeedsPopulation.values}
    for person_id, assessed_on, barrier in AssessmentBarrier.objects.filter(
        assessment__in=assessed
    ).values_list("assessment__person_id", "assessment__assessed_on", "barrier"):
        if person_id not in people:  # assessed between the two queries
            continue
        commune, birth_year, gender, coverage = people[person_id]
        period = period_of(assessed_on, query.step)
        by_commune.setdefault(person_id, set()).add((period, barrier, commune))
        values = {
            NeedsPopulation.AGE_BAND: age_band_for(birth_year, query.end) or UNKNOWN,
            NeedsPopulation.GENDER: gender,
            NeedsPopulation.COVERAGE: coverage,
        }
        for name, value in values.items():
            by_population[name].setdefault(person_id, set()).add((period, barrier, value))
    time_line = {0: step_periods}
    barrier_order = {1: Barrier.values}
    barriers_by_commune = crossed_people(
        ("period", "barrier", "commune"), by_commune, masking, orders=barrier_order, complete=time_line
    )
    barriers_by_population = {
        name: crossed_people(
            ("period", "barrier", name),
            units,
            masking,
            orders=barrier_order | {2: POPULATION_CODES[name]},
            complete=time_line,
        )
        for name, units in by_population.items()
    }

    # Needs: (commune, need) per person.
    needs_units: dict[int, set[Cell]] = {}
    for person_id, need in AssessmentNeed.objects.filter(assessment__in=assessed).values_list(
        "assessment__person_id", "need"
    ):
        if person_id in people:
            needs_units.setdefault(person_id, set()).add((people[person_id][0], need))
    needs = crossed_people(("commune", "need"), needs_units, masking, orders={1: Need.values})

    outcomes, structures = _outcomes(query, scope, masking)

    # The communes: of the map, and named by the tables.
    held = {commune for commune, *_rest in people.values() if commune != UNKNOWN}
    if query.restricted:
        territory = list(asked)
    else:
        territory = list(
            Commune.objects.filter(Q(pk__in=territory_communes(scope).values("pk")) | Q(pk__in=held))
        )
    territory.sort(key=lambda commune: (commune.search_name or search_key(commune.name), commune.pk))
    by_code = {commune.pk: commune for commune in territory}

    # Needs without an answer within the radius of the commune's centroid.
    pairs = {cell for cells in needs_units.values() for cell in cells if cell[0] != UNKNOWN}
    without_thematic = {need for _commune, need in pairs if not need_thematics(need)}
    with_needs = {commune for commune, _need in pairs}
    origins = {
        code: (commune.latitude, commune.longitude)
        for code, commune in by_code.items()
        if code in with_needs and commune.latitude is not None and commune.longitude is not None
    }
    wanted = {code for _commune, need in pairs for code in need_thematics(need)}
    nearest = (
        nearest_by_thematic(directory_services(scope), origins, query.radius_km, wanted) if origins else {}
    )
    unmet_pairs = {
        (commune, need)
        for commune, need in pairs
        if commune in origins and need_thematics(need) and not need_thematics(need) & nearest[commune].keys()
    }
    without_centroid = {commune for commune, need in pairs if commune not in origins and need_thematics(need)}
    unmet_units: dict[int, set[Cell]] = {
        person_id: {(cell[0],) for cell in cells if cell in unmet_pairs}
        for person_id, cells in needs_units.items()
        if cells & unmet_pairs
    }
    unmet = sorted(
        (UnmetNeed(commune, need, needs.get(commune, need)) for commune, need in unmet_pairs),
        key=lambda row: (row.people is None, -(row.people or 0), by_code[row.commune].name, row.need),
    )
    return NeedsTables(
        query=query,
        threshold=masking,
        periods=tuple(step_periods),
        territory=tuple(territory),
        communes={code: commune.name for code, commune in by_code.items()},
        people=crossed_people(("all",), {pk: {("all",)} for pk in people}, masking).get(MARGIN),
        barriers_by_commune=barriers_by_commune,
        barriers_by_population=barriers_by_population,
        outcomes=outcomes,
        structures=structures,
        needs=needs,
        unmet=tuple(unmet),
        unmet_by_commune=crossed_people(("commune",), unmet_units, masking),
        without_thematic=_ordered(without_thematic, Need.values),
        without_centroid=tuple(sorted(without_centroid)),
    )
