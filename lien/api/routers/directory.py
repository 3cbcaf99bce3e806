"""Reading the directory: the entries of the user's organisations and those published to them by
their network. Never the named contacts, never the partnership file."""

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, Text
from lien.directory.access import get_service_for_user, get_structure_for_user
from lien.directory.exchange.hsds import hsds_services
from lien.directory.models import Service, Structure
from lien.directory.selectors import MAX_RADIUS_KM, SearchCriteria, service_search
from lien.directory.sheet import hours_lines
from lien.lib.text import search_key
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["annuaire"])


class StructureOut(Schema):
    id: int
    uuid: str
    organisation: str = Field(..., alias="organisation.slug")
    published: bool = Field(..., alias="is_published")
    source: str
    source_id: str
    name: str
    description: str
    siret: str
    typology: str
    networks: list[str]
    address: str
    address_complement: str
    postal_code: str
    commune_name: str
    code_insee: str
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    website: str
    opening_hours: str
    opening_hours_fr: list[str]
    accessibility_url: str
    languages: list[str]
    access_directions: str
    source_updated_on: date
    verified_on: date | None

    @staticmethod
    def resolve_uuid(obj) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_opening_hours_fr(obj) -> list[str]:
        return hours_lines(obj.opening_hours)


class ServiceOut(Schema):
    id: int
    uuid: str
    structure_id: int
    structure_name: str = Field(..., alias="structure.name")
    source: str
    source_id: str
    name: str
    description: str
    type: str
    thematics: list[str]
    fees: str
    fees_details: str
    accepts_ame: bool | None
    accepts_c2s: bool | None
    publics: list[str]
    publics_details: str
    access_conditions: str
    reception_modes: list[str]
    mobilisation_modes: list[str]
    mobilisable_by: list[str]
    mobilisation_details: str
    booking_url: str
    coverage: list[str]
    coverage_areas: list[dict[str, str]] = Field(
        ..., description="Zones décrites en texte libre (HSDS), chacune {name, description}"
    )
    address: str
    postal_code: str
    commune_name: str
    code_insee: str
    latitude: float | None
    longitude: float | None
    phone: str
    email: str
    opening_hours: str
    source_updated_on: date

    @staticmethod
    def resolve_uuid(obj) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_thematics(obj) -> list[str]:
        return obj.thematic_codes


class HitOut(Schema):
    distance_km: float | None
    hours_unknown: bool
    service: ServiceOut


class OriginOut(Schema):
    latitude: float
    longitude: float
    label: str


class SearchOut(Schema):
    count: int
    origin: OriginOut | None
    notes: list[str]
    items: list[HitOut]


class SearchQuery(Schema):
    q: Text = Field(
        "",
        max_length=100,
        description="Mots-clés (nom, structure, commune, description), sans accents ni casse",
    )
    thematic: Text = Field(
        "", max_length=120, description="Thématique data·inclusion ou catégorie (« sante »)"
    )
    commune: Text = Field("", max_length=5, description="Code INSEE")
    radius_km: float | None = Field(None, gt=0, le=MAX_RADIUS_KM)
    around: int | None = Field(None, ge=1, le=2**31 - 1, description="Structure prise comme point de départ")
    free: bool = False
    ame: bool = False
    c2s: bool = False
    language: Text = Field("", max_length=3, description="Code ISO 639")
    open_on: int | None = Field(None, ge=1, le=7, description="Jour ISO (1 = lundi)")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(25, ge=1, le=200)


class StructureQuery(Schema):
    q: Text = Field("", max_length=100)
    commune: Text = Field("", max_length=5, description="Code INSEE")


@router.get("/services", response={200: SearchOut, **ERRORS}, summary="Rechercher des services")
def search_services(request: AuthenticatedHttpRequest, filters: Query[SearchQuery]):
    criteria = SearchCriteria(
        text=filters.q,
        thematic=filters.thematic,
        commune=filters.commune,
        radius_km=filters.radius_km,
        around=filters.around,
        free=filters.free,
        ame=filters.ame,
        c2s=filters.c2s,
        language=filters.language,
        open_on=filters.open_on,
    )
    offset = (filters.page - 1) * filters.page_size
    result = service_search(user=request.user, criteria=criteria, offset=offset, limit=filters.page_size)
    return {
        "count": result.count,
        "origin": result.origin,
        "notes": result.notes,
        "items": [
            {"distance_km": hit.distance_km, "hours_unknown": hit.hours_unknown, "service": hit.service}
            for hit in result.hits
        ],
    }


@router.get(
    "/services/{int:service_id}", response={200: ServiceOut, 404: ErrorOut, **ERRORS}, summary="Un service"
)
def get_service(request: AuthenticatedHttpRequest, service_id: int):
    return get_service_for_user(request.user, service_id)


@router.get(
    "/services/{int:service_id}/hsds",
    response={200: dict[str, Any], 404: ErrorOut, **ERRORS},
    summary="Un service au format Open Referral HSDS 3.1 (sans personnes contacts)",
)
def get_service_hsds(request: AuthenticatedHttpRequest, service_id: int):
    service = get_service_for_user(request.user, service_id)
    return hsds_services([service], include_contacts=False)[0]


@router.get("/structures", response={200: list[StructureOut], **ERRORS}, summary="Structures lisibles")
@paginate(Pagination, page_size=25, max_page_size=200)
def list_structures(request: AuthenticatedHttpRequest, filters: Query[StructureQuery]):
    structures = Structure.objects.visible_to(request.user).select_related("organisation")
    for word in search_key(filters.q).split():
        structures = structures.filter(search_name__indexed_contains=word)
    if filters.commune:
        structures = structures.filter(code_insee=filters.commune)
    return structures.order_by("search_name", "pk")


@router.get(
    "/structures/{int:structure_id}",
    response={200: StructureOut, 404: ErrorOut, **ERRORS},
    summary="Une structure",
)
def get_structure(request: AuthenticatedHttpRequest, structure_id: int):
    return get_structure_for_user(request.user, structure_id)


@router.get(
    "/structures/{int:structure_id}/services",
    response={200: list[ServiceOut], 404: ErrorOut, **ERRORS},
    summary="Les services d'une structure",
)
def structure_services(request: AuthenticatedHttpRequest, structure_id: int):
    structure = get_structure_for_user(request.user, structure_id)
    return list(
        Service.objects.filter(structure=structure).select_related("structure").prefetch_related("thematics")
    )
