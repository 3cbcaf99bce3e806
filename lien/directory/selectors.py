"""Searching the directory by need, place and what the person can use.

Every filter runs in SQL on indexed or normalised columns (thematics in their own table, an
accent-free search text, the effective commune and coordinates of each service, its open days).
Distances: a bounding box in SQL, then the exact great-circle distance in Python on the
candidates only (three numbers each); the names that order services at the same distance are
read for the page's rows alone. The point "around a commune" of a search is the mean position of
the geolocated structures of that commune, or a structure the user picks; when there is neither,
the search says so and ranks by name. (The communes' own centroids, shipped since with the
referential, measure how far a thematic's nearest service is from each commune of a territory:
``nearest_by_thematic``.)
"""

import math
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.communes.models import Commune
from lien.directory import enums
from lien.directory.geo import bounding_box, haversine_km
from lien.directory.models import OrientationDifficulty, Service, ServiceThematic, Structure
from lien.lib.text import search_key

DEFAULT_RADIUS_KM = 30.0
MAX_RADIUS_KM = 500.0


@dataclass(frozen=True)
class SearchCriteria:
    text: str = ""
    thematic: str = ""  # a thematic code, or a whole category ("sante")
    commune: str = ""  # INSEE code
    radius_km: float | None = None
    around: int | None = None  # a structure chosen as the starting point
    free: bool = False
    ame: bool = False
    c2s: bool = False
    language: str = ""
    open_on: int | None = None  # ISO weekday, 1 = Monday

    @property
    def is_empty(self) -> bool:
        return self == SearchCriteria()


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str


@dataclass
class Hit:
    service: Service
    distance_km: float | None
    hours_unknown: bool = False


@dataclass
class SearchResult:
    hits: list[Hit]
    count: int
    origin: Origin | None = None
    notes: list[str] = field(default_factory=list)


def _filtered(services: QuerySet[Service], criteria: SearchCriteria) -> QuerySet[Service]:
    for word in search_key(criteria.text).split():
        services = services.filter(search_text__indexed_contains=word)
    if criteria.thematic:
        codes = ServiceThematic.objects.all()
        if "--" in criteria.thematic:
            codes = codes.filter(code=criteria.thematic)
        else:
            codes = codes.filter(code__startswith=criteria.thematic + "--")
        services = services.filter(pk__in=codes.values("service_id"))
    if criteria.free:
        services = services.filter(fees=enums.FREE)
    if criteria.ame:
        services = services.filter(accepts_ame=True)
    if criteria.c2s:
        services = services.filter(accepts_c2s=True)
    if criteria.language:
        services = services.filter(structure__languages_key__contains=f" {criteria.language} ")
    if criteria.open_on:
        # Unknown or unreadable hours are kept, and flagged: excluding them would hide services.
        services = services.filter(Q(hours_known=False) | Q(open_days__contains=str(criteria.open_on)))
    return services


def _departement(code: str) -> str:
    commune = Commune.objects.filter(insee_code=code).only("departement").first()
    if commune is not None:
        return commune.departement
    return code[:3] if code.startswith("97") else code[:2]


def _in_or_covering(code: str) -> Q:
    """Located in the commune, or whose eligibility zone covers it (commune, département, France)."""
    covering = Q()
    for zone in (code, _departement(code), "france", "99100"):
        covering |= Q(coverage_key__contains=f" {search_key(zone)} ")
    return Q(place_insee=code) | covering


def reference_point(user: User, criteria: SearchCriteria) -> Origin | None:
    """The point distances are measured from: a chosen structure, or the mean position of the
    geolocated structures of the commune."""
    visible = Structure.objects.visible_to(user).filter(latitude__isnull=False, longitude__isnull=False)
    if criteria.around:
        structure = visible.filter(pk=criteria.around).first()
        # (the coordinates are there: the query asks for them; the test tells mypy)
        if structure is not None and structure.latitude is not None and structure.longitude is not None:
            return Origin(structure.latitude, structure.longitude, structure.name)
    if criteria.commune:
        found = visible.filter(code_insee=criteria.commune).aggregate(
            lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk")
        )
        if found["n"]:
            name = Commune.objects.filter(insee_code=criteria.commune).values_list("name", flat=True).first()
            return Origin(found["lat"], found["lon"], name or criteria.commune)
    return None


# A candidate of a search by distance: ((unknown distance, distance), pk, distance).
Candidate = tuple[tuple[bool, float], int, float | None]


def _candidates(services: QuerySet[Service], origin: Origin) -> list[Candidate]:
    """Each service's distance to ``origin``: three numbers a row, no join (the names that break
    ties are read for the page's rows only, ``_window``)."""
    found: list[Candidate] = []
    for pk, lat, lon in services.values_list("pk", "place_lat", "place_lon"):
        distance = (
            haversine_km(origin.latitude, origin.longitude, lat, lon)
            if lat is not None and lon is not None
            else None
        )
        found.append(((distance is None, distance or 0.0), pk, distance))
    return found


def _window(candidates: list[Candidate], offset: int, limit: int) -> list[tuple[int, float | None]]:
    """The rows ``offset`` to ``offset + limit`` of the ranking (nearest first, unknown distances
    last, then structure name, service name, pk). Only the rows whose distance falls within the
    window's own range are read again for their names: the page's rows and their ties."""
    candidates = sorted(candidates)
    if offset >= len(candidates) or limit <= 0:
        return []
    low, high = candidates[offset][0], candidates[min(offset + limit, len(candidates)) - 1][0]
    first = bisect_left(candidates, (low,))
    middle = candidates[first : bisect_right(candidates, (high, math.inf))]
    names = {
        pk: (structure_name, name)
        for pk, structure_name, name in Service.objects.filter(
            pk__in=[pk for _key, pk, _d in middle]
        ).values_list("pk", "structure__search_name", "search_name")
    }
    middle.sort(key=lambda candidate: (candidate[0], *names.get(candidate[1], ("", "")), candidate[1]))
    start = offset - first
    return [(pk, distance) for _key, pk, distance in middle[start : start + limit]]


def _within_radius(
    services: QuerySet[Service], origin: Origin, radius_km: float, commune: str
) -> list[Candidate]:
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin.latitude, origin.longitude, radius_km)
    in_box = services.filter(
        place_lat__gte=min_lat, place_lat__lte=max_lat, place_lon__gte=min_lon, place_lon__lte=max_lon
    )
    found = [c for c in _candidates(in_box, origin) if c[2] is not None and c[2] <= radius_km]
    if commune:
        # Services of the commune without coordinates: in the area, distance unknown.
        found += _candidates(services.filter(place_insee=commune, place_lat__isnull=True), origin)
    return found


def _load(ids: list[int]) -> dict[int, Service]:
    services = (
        Service.objects.filter(pk__in=ids)
        .select_related("structure", "structure__organisation")
        .prefetch_related("thematics")
    )
    return {service.pk: service for service in services}


def service_search(*, user: User, criteria: SearchCriteria, offset: int = 0, limit: int = 25) -> SearchResult:
    """The services the user may read that match ``criteria``, ranked by distance when a
    starting point is known (nearest first, unknown distances last), by name otherwise."""
    services = _filtered(Service.objects.visible_to(user), criteria)
    origin = reference_point(user, criteria)
    notes = []
    radius = min(criteria.radius_km, MAX_RADIUS_KM) if criteria.radius_km else None
    if criteria.around and not criteria.commune and radius is None:
        radius = DEFAULT_RADIUS_KM
    if criteria.around and origin is None:
        notes.append(_("La structure de départ est introuvable ou n'a pas de coordonnées."))
    elif criteria.commune and origin is None:
        notes.append(
            _(
                "Aucune structure géolocalisée dans cette commune : les distances ne peuvent pas être "
                "calculées. Les résultats sont ceux de la commune et des services qui la couvrent, par "
                "ordre alphabétique. Pour chercher autour, choisissez une structure comme point de départ."
            )
        )
    ranked: list[Candidate] | None = None
    if origin is not None and radius:
        ranked = _within_radius(services, origin, radius, criteria.commune)
    elif criteria.commune:
        services = services.filter(_in_or_covering(criteria.commune))
        if origin is not None:
            ranked = _candidates(services, origin)
    if ranked is None:
        count = services.count()
        page = list(
            services.select_related("structure", "structure__organisation")
            .prefetch_related("thematics")
            .order_by("structure__search_name", "search_name", "pk")[offset : offset + limit]
        )
        hits = [Hit(service, None) for service in page]
    else:
        count = len(ranked)
        window = _window(ranked, offset, limit)
        loaded = _load([pk for pk, _distance in window])
        hits = [Hit(loaded[pk], distance) for pk, distance in window if pk in loaded]
    if criteria.open_on:
        for hit in hits:
            hit.hours_unknown = not hit.service.hours_known
    if origin is not None and any(hit.distance_km is None for hit in hits):
        notes.append(_("Certaines structures n'ont pas de coordonnées : leur distance est inconnue."))
    return SearchResult(hits=hits, count=count, origin=origin, notes=notes)


def nearest_by_thematic(
    services: QuerySet[Service],
    origins: Mapping[str, tuple[float, float]],
    radius_km: float,
    thematics: Collection[str],
) -> dict[str, dict[str, float]]:
    """For each commune (INSEE code → its centroid), the distance to the nearest of ``services``
    within ``radius_km`` for each thematic of ``thematics`` that has one — the search's own way: one
    query over the bounding box of every origin widened by the radius, then the exact great-circle
    distance in Python on those candidates. A service without coordinates counts in its own commune
    (0 km), as the search keeps it there."""
    if not origins or not thematics:
        return {}
    boxes = [bounding_box(lat, lon, radius_km) for lat, lon in origins.values()]
    near = Q(
        place_lat__gte=min(box[0] for box in boxes),
        place_lat__lte=max(box[1] for box in boxes),
        place_lon__gte=min(box[2] for box in boxes),
        place_lon__lte=max(box[3] for box in boxes),
    ) | Q(place_lat__isnull=True, place_insee__in=list(origins))
    rows = (
        services.filter(near, thematics__code__in=list(thematics))
        .order_by()
        .values_list("place_lat", "place_lon", "place_insee", "thematics__code")
        .distinct()
    )
    nearest: dict[str, dict[str, float]] = {code: {} for code in origins}
    for lat, lon, insee, thematic in rows:
        for code, (origin_lat, origin_lon) in origins.items():
            if lat is None or lon is None:
                distance = 0.0 if insee == code else None
            else:
                distance = haversine_km(origin_lat, origin_lon, lat, lon)
            found = nearest[code]
            if (
                distance is not None
                and distance <= radius_km
                and distance < found.get(thematic, radius_km + 1)
            ):
                found[thematic] = distance
    return nearest


def structures_to_verify(user: User, today: date) -> QuerySet[Structure]:
    """Entries of the user's organisations not verified for ``VERIFY_AFTER_DAYS``."""
    limit = today - timedelta(days=enums.VERIFY_AFTER_DAYS)
    return Structure.objects.filter(
        organisation_id__in=organisation_ids_for(user, Perm.DIRECTORY_CHANGE)
    ).filter(Q(verified_on__lt=limit) | Q(verified_on__isnull=True, source_updated_on__lt=limit))


def difficulties_by_structure(user: User) -> QuerySet[OrientationDifficulty, dict]:
    """The orientation difficulties of the user's partnership files, one row per structure: how
    many of each kind (a column per ``DifficultyKind``), how many came from a failed
    orientation, the latest; the structures with the most first. One query."""
    kinds = {kind: Count("pk", filter=Q(kind=kind)) for kind in enums.DifficultyKind.values}
    return (
        OrientationDifficulty.objects.visible_to(user)
        .order_by()
        .values(
            "structure_id", structure_name=F("structure__name"), structure_key=F("structure__search_name")
        )
        .annotate(
            total=Count("pk"),
            from_orientations=Count("pk", filter=~Q(orientation_ref="")),
            last_on=Max("occurred_on"),
            **kinds,
        )
        .order_by("-total", "structure_key", "structure_id")
    )
