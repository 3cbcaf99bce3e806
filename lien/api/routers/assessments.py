from datetime import date

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from lien.api.pagination import JournalledPagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, Text
from lien.assessments.access import get_assessment_for_user, get_person_for_assessments
from lien.assessments.enums import Barrier, Need
from lien.assessments.epices import CONSTANT, PRECARITY_THRESHOLD, QUESTIONS
from lien.assessments.models import Assessment
from lien.assessments.services import assessment_create, assessment_update
from lien.web.http import MAX_ID, AuthenticatedHttpRequest

router = Router(tags=["évaluations des besoins"])


class EpicesQuestionOut(Schema):
    number: int
    text: str
    coefficient: float


class EpicesOut(Schema):
    constant: float
    precarity_threshold: float
    questions: list[EpicesQuestionOut]


class AssessmentOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    assessed_on: date
    barriers: list[str]
    needs: list[str]
    epices_answers: list[bool | None]
    epices_score: float | None
    epices_precarious: bool | None
    priority_need: str
    priority_words: str
    notes: str

    @staticmethod
    def resolve_barriers(obj) -> list[str]:
        return [row.barrier for row in obj.barriers.all()]

    @staticmethod
    def resolve_needs(obj) -> list[str]:
        return [row.need for row in obj.needs.all()]

    @staticmethod
    def resolve_epices_score(obj) -> float | None:
        return None if obj.epices_score is None else float(obj.epices_score)


class AssessmentIn(BodyIn):
    assessed_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    barriers: list[Barrier] = Field([], max_length=20)
    needs: list[Need] = Field([], max_length=30)
    epices_answers: list[StrictBool | None] = Field(
        [],
        max_length=len(QUESTIONS),
        description="Les 11 réponses EPICES (true = oui, null = question non posée), ou aucune",
        # Either no question asked (no answer, or only nulls) or the 11 answers.
        json_schema_extra={"anyOf": [{"items": {"type": "null"}}, {"minItems": len(QUESTIONS)}]},
    )
    priority_need: Need | None = None
    priority_words: Text = Field("", max_length=300)
    notes: Text = Field("", max_length=10000)

    def service_kwargs(self) -> dict:
        data = self.dict()
        data["priority_need"] = data["priority_need"] or ""
        return data


class AssessmentCreateIn(AssessmentIn):
    person: Id


class AssessmentQuery(Schema):
    person: int | None = Field(None, ge=1, le=MAX_ID)


def _reloaded(assessment: Assessment) -> Assessment:
    """The assessment with fresh codes (its access was journalled already)."""
    return Assessment.objects.prefetch_related("barriers", "needs").get(pk=assessment.pk)


@router.get(
    "/epices", response={200: EpicesOut, **ERRORS}, summary="Le questionnaire EPICES et ses coefficients"
)
def epices(request: AuthenticatedHttpRequest):
    return {
        "constant": float(CONSTANT),
        "precarity_threshold": float(PRECARITY_THRESHOLD),
        "questions": [
            {"number": question.number, "text": question.text, "coefficient": float(question.coefficient)}
            for question in QUESTIONS
        ],
    }


@router.get("", response={200: list[AssessmentOut], 404: ErrorOut, **ERRORS}, summary="Évaluations visibles")
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_assessments(request: AuthenticatedHttpRequest, filters: Query[AssessmentQuery]):
    assessments = Assessment.objects.visible_to(request.user).prefetch_related("barriers", "needs")
    if filters.person:
        person = get_person_for_assessments(request.user, filters.person)
        assessments = assessments.filter(person=person)
    return assessments


@router.post("", response={201: AssessmentOut, 404: ErrorOut, **ERRORS}, summary="Évaluer les besoins")
def create_assessment(request: AuthenticatedHttpRequest, payload: AssessmentCreateIn):
    person = get_person_for_assessments(request.user, payload.person, write=True)
    data = payload.service_kwargs()
    data.pop("person")
    assessment = assessment_create(acting_user=request.user, person=person, **data)
    return Status(201, _reloaded(assessment))


@router.get(
    "/{int:assessment_id}", response={200: AssessmentOut, 404: ErrorOut, **ERRORS}, summary="Une évaluation"
)
def get_assessment(request: AuthenticatedHttpRequest, assessment_id: int):
    return get_assessment_for_user(request.user, assessment_id)


@router.put(
    "/{int:assessment_id}",
    response={200: AssessmentOut, 404: ErrorOut, **ERRORS},
    summary="Corriger une évaluation",
)
def update_assessment(request: AuthenticatedHttpRequest, assessment_id: int, payload: AssessmentIn):
    assessment = get_assessment_for_user(request.user, assessment_id, write=True)
    assessment_update(acting_user=request.user, assessment=assessment, **payload.service_kwargs())
    return _reloaded(assessment)
