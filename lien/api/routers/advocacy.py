"""Advocacy: the pseudonymiser (a proposal for any text), dossiers, their excerpts reviewed by a
person and their masked figures, the printed dossier — the same services as the pages."""

from datetime import date, datetime
from typing import Annotated

from django.conf import settings
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StringConstraints

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.advocacy import services
from lien.advocacy.enums import NeedsPopulation, NeedsStep, Source
from lien.advocacy.models import Dossier
from lien.advocacy.needs import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, NeedsQuery, get_needs_organisation_for_user
from lien.advocacy.needs_display import needs_json
from lien.advocacy.selectors import get_dossier_for_user, get_excerpt_for_user, get_figure_for_user
from lien.api.helpers import organisation_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.communes.territory import split_codes
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["advocacy"])
TEXT_LIMIT = 20_000


class EntityOut(Schema):
    start: int
    end: int
    label: str
    text: str


class PseudonymisedOut(Schema):
    text: str
    entities: list[EntityOut]


class PseudonymiseIn(BodyIn):
    text: Text = Field(..., max_length=TEXT_LIMIT)


class ExcerptOut(Schema):
    id: int
    source: Source
    month: date
    proposal: str
    text: str
    reviewed: bool
    reviewed_at: datetime | None


class FigureOut(Schema):
    id: int
    title: str
    start: date
    end: date
    dimensions: list[str] = Field(..., alias="dimension_list")
    threshold: int


class DossierOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    title: str
    recipient: str
    introduction: str
    created_at: datetime


class DossierDetailOut(DossierOut):
    excerpts: list[ExcerptOut]
    figures: list[FigureOut]
    blockers: list[str] = Field(..., description="Pourquoi le dossier ne peut pas encore être imprimé")

    @staticmethod
    def resolve_excerpts(obj: Dossier) -> list:
        return list(obj.excerpts.all())

    @staticmethod
    def resolve_figures(obj: Dossier) -> list:
        return list(obj.figures.all())

    @staticmethod
    def resolve_blockers(obj: Dossier) -> list[str]:
        return services.dossier_blockers(obj)


class DossierIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    title: NonBlankText = Field(..., max_length=200)
    recipient: NonBlankText = Field(..., max_length=200)
    introduction: Text = Field("", max_length=TEXT_LIMIT)


class ExcerptIn(BodyIn):
    source: Source
    source_id: Id | None = Field(
        None, description="Le témoignage, la rencontre ou la saisine (sauf texte libre)"
    )
    text: Text = Field("", max_length=TEXT_LIMIT, description="Le texte libre")
    month: IsoDate | None = Field(None, description="Le mois d'un texte libre (le premier jour suffit)")


class ReviewIn(BodyIn):
    text: NonBlankText = Field(..., max_length=TEXT_LIMIT)
    confirm: bool = Field(
        False, description="Confirme que ce qui semble encore identifier n'identifie personne"
    )


class FigureIn(BodyIn):
    title: NonBlankText = Field(..., max_length=200)
    start: IsoDate
    end: IsoDate
    dimensions: list[Text] = Field(..., min_length=1, max_length=3)
    threshold: int | None = Field(None, ge=1, le=1000)


def _require_builder(request: AuthenticatedHttpRequest) -> set[int]:
    ids = organisation_ids_for(request.user, Perm.ADVOCACY_DOSSIER)
    if not ids:
        raise Http404
    return ids


@router.post(
    "/pseudonymise",
    response={200: PseudonymisedOut, 404: ErrorOut, **ERRORS},
    summary="Proposer une version pseudonymisée d'un texte (rien n'est conservé)",
)
def pseudonymise_text(request: AuthenticatedHttpRequest, payload: PseudonymiseIn):
    result = services.propose(payload.text, _require_builder(request))
    return result.as_dict()


@router.get(
    "/dossiers", response={200: list[DossierOut], 404: ErrorOut, **ERRORS}, summary="Dossiers de plaidoyer"
)
@paginate(Pagination, page_size=50, max_page_size=200)
def list_dossiers(request: AuthenticatedHttpRequest):
    _require_builder(request)
    return Dossier.objects.visible_to(request.user).select_related("organisation")


@router.post(
    "/dossiers", response={201: DossierDetailOut, 404: ErrorOut, **ERRORS}, summary="Créer un dossier"
)
def create_dossier(request: AuthenticatedHttpRequest, payload: DossierIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.ADVOCACY_DOSSIER)
    dossier = services.dossier_create(
        acting_user=request.user,
        organisation=organisation,
        title=payload.title,
        recipient=payload.recipient,
        introduction=payload.introduction,
    )
    return HttpStatus(201, dossier)


@router.get(
    "/dossiers/{int:dossier_id}",
    response={200: DossierDetailOut, 404: ErrorOut, **ERRORS},
    summary="Un dossier",
)
def get_dossier(request: AuthenticatedHttpRequest, dossier_id: Id):
    return get_dossier_for_user(request.user, dossier_id)


@router.post(
    "/dossiers/{int:dossier_id}/excerpts",
    response={201: ExcerptOut, 404: ErrorOut, **ERRORS},
    summary="Ajouter un extrait, pseudonymisé, à relire",
)
def add_excerpt(request: AuthenticatedHttpRequest, dossier_id: Id, payload: ExcerptIn):
    dossier = get_dossier_for_user(request.user, dossier_id)
    if payload.source == Source.SAISINE and not organisation_ids_for(request.user, Perm.SAISINE_VIEW):
        raise Http404
    ids = {
        Source.TESTIMONY: {"testimony_id": payload.source_id},
        Source.MEETING: {"meeting_id": payload.source_id},
        Source.SAISINE: {"saisine_id": payload.source_id},
    }.get(payload.source, {})
    excerpt = services.excerpt_add(
        acting_user=request.user,
        dossier=dossier,
        source=payload.source,
        text=payload.text,
        month=payload.month,
        **ids,
    )
    return HttpStatus(201, excerpt)


@router.post(
    "/excerpts/{int:excerpt_id}/review",
    response={200: ExcerptOut, 404: ErrorOut, **ERRORS},
    summary="Valider le texte relu d'un extrait",
)
def review_excerpt(request: AuthenticatedHttpRequest, excerpt_id: Id, payload: ReviewIn):
    excerpt = get_excerpt_for_user(request.user, excerpt_id)
    return services.excerpt_review(
        acting_user=request.user, excerpt=excerpt, text=payload.text, confirm=payload.confirm
    )


@router.delete(
    "/excerpts/{int:excerpt_id}", response={204: None, 404: ErrorOut, **ERRORS}, summary="Retirer un extrait"
)
def remove_excerpt(request: AuthenticatedHttpRequest, excerpt_id: Id):
    services.excerpt_remove(acting_user=request.user, excerpt=get_excerpt_for_user(request.user, excerpt_id))
    return HttpStatus(204, None)


@router.post(
    "/dossiers/{int:dossier_id}/figures",
    response={201: FigureOut, 404: ErrorOut, **ERRORS},
    summary="Ajouter un tableau chiffré masqué",
)
def add_figure(request: AuthenticatedHttpRequest, dossier_id: Id, payload: FigureIn):
    dossier = get_dossier_for_user(request.user, dossier_id)
    figure = services.figure_add(
        acting_user=request.user,
        dossier=dossier,
        title=payload.title,
        start=payload.start,
        end=payload.end,
        dimensions=payload.dimensions,
        threshold=payload.threshold or settings.LIEN_OPEN_DATA_THRESHOLD,
    )
    return HttpStatus(201, figure)


@router.delete(
    "/figures/{int:figure_id}", response={204: None, 404: ErrorOut, **ERRORS}, summary="Retirer un tableau"
)
def remove_figure(request: AuthenticatedHttpRequest, figure_id: Id):
    services.figure_remove(acting_user=request.user, figure=get_figure_for_user(request.user, figure_id))
    return HttpStatus(204, None)


@router.get(
    "/dossiers/{int:dossier_id}/pdf",
    response={200: None, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Le dossier imprimable (PDF), quand chaque extrait est relu",
    openapi_extra={
        "responses": {
            200: {
                "description": "PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def dossier_pdf(request: AuthenticatedHttpRequest, dossier_id: Id):
    dossier = get_dossier_for_user(request.user, dossier_id)
    if blockers := services.dossier_blockers(dossier):
        raise HttpError(409, " ".join(blockers))
    document = services.dossier_pdf(acting_user=request.user, dossier=dossier)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-plaidoyer-{dossier.pk}.pdf"'
    return response


# -- barriers and needs without answers (lien/advocacy/needs.py) ---------------------------------

Codes = Annotated[
    str,
    StringConstraints(max_length=12_000, pattern=r"^[0-9AaBb ,;]*$"),
    Field(description="Codes séparés par des espaces ou des virgules ; vide : aucun"),
]


class NeedsQueryIn(Schema):
    organisation: Text = Field(..., max_length=80, description="Identifiant (slug) du programme")
    start: IsoDate = Field(..., examples=["2026-01-01"])
    end: IsoDate = Field(..., description="Incluse ; pas avant start, cinq ans après au plus")
    step: NeedsStep = Field(NeedsStep.QUARTER, description="Pas de temps des freins")
    departements: Codes = Field("", examples=["11"])
    insee_codes: Codes = Field("", examples=["11304 11069"])
    radius_km: int = Field(
        DEFAULT_RADIUS_KM,
        ge=1,
        le=MAX_RADIUS_KM,
        description="Distance d'un service pour répondre à un besoin",
    )
    masked: bool = Field(False, description="Masquer les petits effectifs (seuil de l'instance)")


class NeedsBarrierCommuneOut(Schema):
    period: str = Field(
        ..., description="« 2026-03 » (mois) ou « 2026-T1 » (trimestre) ; « * » : toute la période"
    )
    barrier: str = Field(..., description="Code du frein ; « * » : au moins un")
    commune: str = Field(..., description="Code INSEE ; « inconnu » ; « * » : toutes")
    commune_name: str
    people: int | None = Field(..., description="Personnes ; null : masqué")


class NeedsBarrierPopulationOut(Schema):
    period: str
    barrier: str
    population: NeedsPopulation
    value: str = Field(..., description="Tranche d'âge, genre ou couverture ; « inconnu » ; « * »")
    people: int | None


class NeedsOutcomeOut(Schema):
    structure: str = Field(..., description="Nom de la structure de l'annuaire, ou saisi ; « * » : toutes")
    structure_id: int | None = Field(..., description="La structure de l'annuaire, null si saisie")
    outcome: str = Field(..., description="Suite de l'orientation ; « * » : toutes")
    orientations: int | None


class NeedsUnmetOut(Schema):
    commune: str
    commune_name: str
    need: str = Field(..., description="Code du besoin")
    people: int | None = Field(..., description="Personnes ayant ce besoin dans la commune ; null : masqué")
    radius_km: int


class NeedsOut(Schema):
    organisation: str
    start: str = Field(..., description="AAAA-MM-JJ")
    end: str = Field(..., description="AAAA-MM-JJ")
    step: NeedsStep
    insee_codes: list[str]
    departements: list[str]
    radius_km: int
    masked: bool
    threshold: int | None = Field(..., description="Seuil de masquage ; null : chiffres exacts")
    periods: list[str]
    territory: list[str] = Field(..., description="Codes INSEE des communes de la carte")
    people: int | None = Field(
        ..., description="Personnes ayant eu une évaluation des besoins sur la période"
    )
    barriers_by_commune: list[NeedsBarrierCommuneOut]
    barriers_by_population: list[NeedsBarrierPopulationOut]
    outcomes_by_structure: list[NeedsOutcomeOut]
    unmet_needs: list[NeedsUnmetOut]
    needs_without_thematic: list[str] = Field(
        ..., description="Besoins qu'aucune thématique de l'annuaire ne décrit"
    )
    communes_without_centroid: list[str]


@router.get(
    "/needs",
    response={200: NeedsOut, 404: ErrorOut, **ERRORS},
    url_name="advocacy_needs",
    summary="Freins et besoins sans réponse d'un programme : les tableaux de la page, en données",
    description=(
        "Pour un programme (et les structures qui lui sont rattachées) sur une période, et un territoire "
        "facultatif (départements, communes : les personnes qui y vivent) : les freins relevés par "
        "période, commune et population (personnes distinctes), les suites des orientations par "
        "structure, les besoins sans service de l'annuaire de la thématique correspondante à moins de "
        "`radius_km` km du centre de la commune. Des effectifs, jamais une personne ; une combinaison "
        "absente compte 0 ; « * » : toutes les valeurs. Exacts pour l'équipe, masqués avec `masked` "
        "comme les données ouvertes. Chaque appel est inscrit au journal comme un export."
    ),
)
def get_needs(request: AuthenticatedHttpRequest, query: Query[NeedsQueryIn]):
    # The programme first: 404 for missing and forbidden alike, before anything is said of the rest.
    organisation = get_needs_organisation_for_user(request.user, query.organisation)
    needs = NeedsQuery(
        organisation=organisation,
        start=query.start,
        end=query.end,
        step=query.step,
        insee_codes=tuple(split_codes(query.insee_codes)),
        departements=tuple(split_codes(query.departements)),
        radius_km=query.radius_km,
        masked=query.masked,
    )
    tables = services.needs_export(
        acting_user=request.user,
        query=needs,
        threshold=settings.LIEN_OPEN_DATA_THRESHOLD,
        fmt="json",
        via="API",
    )
    return needs_json(tables)
