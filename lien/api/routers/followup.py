from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from lien.accounts.permissions import Perm, has_perm
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.followup import services
from lien.followup.access import (
    get_followed_person_for_user,
    get_goal_action_for_user,
    get_goal_for_user,
    get_prescription_for_user,
)
from lien.followup.enums import ActionOwner, ContactChannel, GoalStatus, PrescriptionKind
from lien.followup.models import Followup, Goal, Prescription
from lien.followup.selectors import call_list_for, team_members, with_last_contact

router = Router(tags=["suivi"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}


class CallOut(Schema):
    person_id: int
    person_name: str
    phone: str
    referent_id: int | None
    due_on: date | None
    silent_since: date | None
    missed_on: date | None


class CallQuery(Schema):
    team: bool = Field(False, description="Toute l'équipe plutôt que mes personnes")


class ActionOut(Schema):
    id: int
    description: str
    owner: str
    due_on: date | None
    done_on: date | None


class GoalOut(Schema):
    id: int
    title: str
    status: str
    agreed_on: date
    closed_on: date | None
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class PrescriptionOut(Schema):
    id: int
    kind: str
    label: str
    prescriber: str
    prescribed_on: date | None
    done_on: date | None


class FollowupOut(Schema):
    person_id: int
    status: str
    started_on: date | None
    next_contact_on: date | None
    last_contact_on: date | None
    referent_id: int | None
    goals: list[GoalOut]
    prescriptions: list[PrescriptionOut] | None = Field(
        None, description="Examens et consultations prescrits ; null sans accès aux informations médicales"
    )


class ContactIn(Schema):
    on: IsoDate | None = None
    channel: ContactChannel
    reached: StrictBool = True
    note: str = Field("", max_length=500)
    next_contact_on: IsoDate | None = None


class ContactOut(Schema):
    id: int
    person_id: int
    on: date
    channel: str
    reached: bool
    note: str


class ScheduleIn(Schema):
    next_contact_on: IsoDate | None
    referent_id: StrictInt | None = Field(None, ge=1, le=2**62)


class GoalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    agreed_on: IsoDate | None = None
    actions: list[str] = Field(default_factory=list, max_length=20)


class ActionIn(Schema):
    description: str = Field(..., min_length=1, max_length=200)
    owner: ActionOwner = ActionOwner.PERSON
    due_on: IsoDate | None = None


class DoneIn(Schema):
    done: StrictBool = True
    on: IsoDate | None = None


class GoalStatusIn(Schema):
    status: GoalStatus


class PrescriptionIn(Schema):
    kind: PrescriptionKind
    label: str = Field(..., min_length=1, max_length=200)
    prescriber: str = Field("", max_length=150)
    prescribed_on: IsoDate | None = None


def _summary(user, person) -> dict:
    followup = with_last_contact(Followup.objects.filter(person=person)).first()
    medical = has_perm(user, Perm.MEDICAL_VIEW, person.organisation_id)
    return {
        "person_id": person.pk,
        "status": followup.status if followup else "none",
        "started_on": followup.started_on if followup else None,
        "next_contact_on": followup.next_contact_on if followup else None,
        "last_contact_on": followup.last_contact_on if followup else None,
        "referent_id": followup.referent_id if followup else None,
        "goals": list(Goal.objects.visible_to(user).filter(person=person).prefetch_related("actions")),
        "prescriptions": list(Prescription.objects.visible_to(user).filter(person=person))
        if medical
        else None,
    }


@router.get(
    "/callbacks",
    response={200: list[CallOut], **ERRORS},
    summary="Personnes à rappeler (contact prévu, rupture, rendez-vous manqué)",
)
def list_callbacks(request, query: Query[CallQuery]):
    calls = call_list_for(request.user, today=timezone.localdate(), mine=not query.team)
    return [
        {
            "person_id": row.followup.person_id,
            "person_name": row.followup.person.display_name,
            "phone": row.followup.person.phone,
            "referent_id": row.followup.referent_id,
            "due_on": row.due_on,
            "silent_since": row.silent_since,
            "missed_on": row.missed_on,
        }
        for row in calls.rows
    ]


@router.get(
    "/people/{int:person_id}",
    response={200: FollowupOut, **FOUND},
    summary="Suivi d'une personne : objectifs, actions, prescriptions",
)
def get_followup(request, person_id: int):
    person = get_followed_person_for_user(request.user, person_id)
    return _summary(request.user, person)


@router.post(
    "/people/{int:person_id}/contacts",
    response={201: ContactOut, **FOUND},
    summary="Noter un contact (appel, visite, message)",
)
def create_contact(request, person_id: int, payload: ContactIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    data = payload.dict()
    data["on"] = data["on"] or timezone.localdate()
    return Status(201, services.contact_record(acting_user=request.user, person=person, **data))


@router.put(
    "/people/{int:person_id}/schedule",
    response={200: FollowupOut, **FOUND},
    summary="Prochain contact et référent·e",
)
def schedule_followup(request, person_id: int, payload: ScheduleIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    referent = None
    if payload.referent_id is not None:
        referent = team_members({person.organisation_id}).filter(pk=payload.referent_id).first()
        if referent is None:
            raise Http404
    services.followup_schedule(
        acting_user=request.user, person=person, next_contact_on=payload.next_contact_on, referent=referent
    )
    return _summary(request.user, person)


@router.post(
    "/people/{int:person_id}/goals",
    response={201: GoalOut, **FOUND},
    summary="Objectif convenu avec la personne",
)
def create_goal(request, person_id: int, payload: GoalIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    goal = services.goal_create(
        acting_user=request.user,
        person=person,
        title=payload.title,
        agreed_on=payload.agreed_on or timezone.localdate(),
        actions=payload.actions,
    )
    return Status(201, goal)


@router.post(
    "/goals/{int:goal_id}/status",
    response={200: GoalOut, **FOUND},
    summary="Objectif atteint, abandonné ou rouvert",
)
def set_goal_status(request, goal_id: int, payload: GoalStatusIn):
    goal = get_goal_for_user(request.user, goal_id)
    return services.goal_transition(acting_user=request.user, goal=goal, to_status=payload.status)


@router.post(
    "/goals/{int:goal_id}/actions",
    response={201: ActionOut, **FOUND},
    summary="Ajouter une action à un objectif",
)
def create_action(request, goal_id: int, payload: ActionIn):
    goal = get_goal_for_user(request.user, goal_id)
    return Status(201, services.goal_action_add(acting_user=request.user, goal=goal, **payload.dict()))


@router.post(
    "/actions/{int:action_id}/done",
    response={200: ActionOut, **FOUND},
    summary="Cocher (ou décocher) une action",
)
def mark_action(request, action_id: int, payload: DoneIn):
    action = get_goal_action_for_user(request.user, action_id)
    done_on = (payload.on or timezone.localdate()) if payload.done else None
    return services.goal_action_mark(acting_user=request.user, action=action, done_on=done_on)


@router.post(
    "/people/{int:person_id}/prescriptions",
    response={201: PrescriptionOut, **FOUND},
    summary="Examen ou consultation prescrit (information médicale)",
)
def create_prescription(request, person_id: int, payload: PrescriptionIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    if not has_perm(request.user, Perm.MEDICAL_VIEW, person.organisation_id):
        raise Http404
    return Status(201, services.prescription_add(acting_user=request.user, person=person, **payload.dict()))


@router.post(
    "/prescriptions/{int:prescription_id}/done",
    response={200: PrescriptionOut, **FOUND},
    summary="Cocher (ou décocher) un examen fait",
)
def mark_prescription(request, prescription_id: int, payload: DoneIn):
    prescription = get_prescription_for_user(request.user, prescription_id)
    done_on = (payload.on or timezone.localdate()) if payload.done else None
    return services.prescription_mark(acting_user=request.user, prescription=prescription, done_on=done_on)
