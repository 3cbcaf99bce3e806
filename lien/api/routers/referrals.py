"""Referrals of patients by the doctors of a health centre: the doctor refers and reads their
own; the mediator handles the organisation's inbox (the same services as the pages)."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from lien.accounts.models import Organisation
from lien.accounts.permissions import Perm, organisation_ids_for
from lien.api.pagination import JournalledPagination
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, NonBlankText, Text
from lien.people.models import Person
from lien.referrals import services
from lien.referrals.access import get_referral_for_user
from lien.referrals.enums import ReferralStatus, ReferralUrgency
from lien.referrals.models import FEEDBACK_LENGTH, REASON_LENGTH, Referral
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    referred_on: date
    first_name: str
    last_name: str
    phone: str
    reason: str
    urgency: ReferralUrgency
    status: ReferralStatus
    feedback: str


class ReferralIn(BodyIn):
    organisation: Text = Field(..., max_length=80)
    first_name: NonBlankText = Field(..., max_length=100)
    last_name: Text = Field("", max_length=100)
    phone: Text = Field("", max_length=30)
    reason: NonBlankText = Field(..., max_length=REASON_LENGTH)
    urgency: ReferralUrgency = ReferralUrgency.ROUTINE


class ReferralFeedbackIn(BodyIn):
    feedback: Text = Field("", max_length=FEEDBACK_LENGTH)


class ReferralTakeIn(ReferralFeedbackIn):
    person_id: Id


ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


@router.get(
    "", response={200: list[ReferralOut], **ERRORS}, summary="Mes adressages, ou ceux de ma structure"
)
@paginate(JournalledPagination, page_size=50, max_page_size=200)
def list_referrals(request: AuthenticatedHttpRequest):
    return Referral.objects.visible_to(request.user).select_related("organisation")


@router.post("", response={201: ReferralOut, 404: ErrorOut, **ERRORS}, summary="Adresser un·e patient·e")
def create_referral(request: AuthenticatedHttpRequest, payload: ReferralIn):
    organisation = Organisation.objects.filter(
        slug=payload.organisation, pk__in=organisation_ids_for(request.user, Perm.REFERRAL_CREATE)
    ).first()
    if organisation is None:
        raise Http404
    referral = services.referral_create(
        acting_user=request.user, organisation=organisation, **payload.dict(exclude={"organisation"})
    )
    return HttpStatus(201, referral)


@router.get(
    "/{int:referral_id}", response={200: ReferralOut, 404: ErrorOut, **ERRORS}, summary="Un adressage"
)
def get_referral(request: AuthenticatedHttpRequest, referral_id: int):
    return get_referral_for_user(request.user, referral_id)


@router.post(
    "/{int:referral_id}/actions/take",
    response={200: ReferralOut, **ACTION_ERRORS},
    summary="Prendre en charge, avec la fiche de la personne",
    operation_id="referral_take",
)
def take(request: AuthenticatedHttpRequest, referral_id: int, payload: ReferralTakeIn):
    referral = get_referral_for_user(request.user, referral_id, write=True)
    person = Person.objects.visible_to(request.user).filter(pk=payload.person_id).first()
    if person is None:
        raise Http404
    return services.referral_take(
        acting_user=request.user, referral=referral, person=person, feedback=payload.feedback
    )


def _feedback_route(name: str, summary: str):
    service = {
        "decline": services.referral_decline,
        "close": services.referral_close,
        "give_feedback": services.referral_give_feedback,
    }[name]

    @router.post(
        f"/{{int:referral_id}}/actions/{name}",
        response={200: ReferralOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"referral_{name}",
    )
    def act(request: AuthenticatedHttpRequest, referral_id: int, payload: ReferralFeedbackIn):
        referral = get_referral_for_user(request.user, referral_id, write=True)
        return service(acting_user=request.user, referral=referral, feedback=payload.feedback)

    return act


decline = _feedback_route("decline", "Ne pas prendre en charge (avec un mot au médecin)")
close = _feedback_route("close", "Terminer l'accompagnement")
give_feedback = _feedback_route("give_feedback", "Donner des nouvelles au médecin")
