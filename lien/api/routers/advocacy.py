"""Advocacy: the pseudonymiser (a proposal for any text), dossiers, their excerpts reviewed by a
person and their masked figures, the printed dossier — the same services as the pages."""

from datetime import date, datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.pagination import paginate

from lien.accounts.permissions import Perm, organisation_ids_for
from lien.advocacy import services
from lien.advocacy.enums import Source
from lien.advocacy.models import Dossier
from lien.advocacy.selectors import get_dossier_for_user, get_excerpt_for_user, get_figure_for_user
from lien.api.helpers import organisation_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
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
