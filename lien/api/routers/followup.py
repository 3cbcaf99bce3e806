from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool

from lien.accounts.permissions import Perm, has_perm
from lien.api.pagination import journal_list_read
from lien.api.schemas import ERRORS, BodyIn, ErrorOut, Id, IsoDate, NonBlankText, Text
from lien.followup import services
from lien.followup.access import (
    get_followed_person_for_user,
    get_goal_action_for_user,
    get_goal_for_user,
    get_person_for_prescriptions,
    get_prescription_for_user,
)
from lien.followup.enums import (
    FollowupContactChannel,
    FollowupEndReason,
    FollowupStatus,
    GoalActionOwner,
    GoalStatus,
    PrescriptionKind,
)
from lien.followup.models import Followup, Goal, Prescription
from lien.followup.selectors import call_rows_for, team_members, with_last_contact
from lien.followup.workflow import GOALS, followup_actions
from lien.people.models import Person
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["suivi"])
FOUND = {404: ErrorOut, 403: ErrorOut, **ERRORS}
# What a write that starts or resumes the follow-up may also answer: 409 when the workflow refuses.
WRITE = {409: ErrorOut, **FOUND}


class FollowupCallReasonOut(Schema):
    code: str = Field(..., description="reactive_test, orientation_without_outcome, rights_lapsing…")
    label: str
    since: date


class FollowupCallOut(Schema):
    person_id: int
    person_name: str
    phone: str
    referent_id: int | None
    due_on: date | None
    silent_since: date | None
    missed_on: date | None
    reasons: list[FollowupCallReasonOut] = Field(
        default_factory=list, description="Les autres raisons de rappeler, la plus urgente d'abord"
    )


class FollowupCallQuery(Schema):
    team: bool = Field(False, description="Toute l'équipe plutôt que mes personnes")


class GoalActionOut(Schema):
    """A step towards a goal (``GoalAction``), not an action of the goal's lifecycle."""

    id: int
    description: str
    owner: GoalActionOwner
    due_on: date | None
    done_on: date | None


class GoalOut(Schema):
    id: int
    title: str
    status: GoalStatus
    agreed_on: date
    closed_on: date | None
    actions: list[GoalActionOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class PrescriptionOut(Schema):
    id: int
    kind: PrescriptionKind
    label: str
    prescriber: str
    prescribed_on: date | None
    done_on: date | None


class FollowupOut(Schema):
    person_id: int
    status: FollowupStatus | Literal["none"] = Field(..., description="« none » : pas encore suivie")
    started_on: date | None
    ended_on: date | None
    end_reason: FollowupEndReason | Literal[""]
    next_contact_on: date | None
    last_contact_on: date | None
    referent_id: int | None
    goals: list[GoalOut]
    prescriptions: list[PrescriptionOut] | None = Field(
        None, description="Examens et consultations prescrits ; null sans accès aux informations médicales"
    )


class FollowupContactIn(BodyIn):
    on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")
    channel: FollowupContactChannel
    reached: StrictBool = True
    note: Text = Field("", max_length=500)
    next_contact_on: IsoDate | None = Field(None, description="Pas avant le jour du contact")


class FollowupContactOut(Schema):
    id: int
    person_id: int
    on: date
    channel: FollowupContactChannel
    reached: bool
    note: str


class FollowupScheduleIn(BodyIn):
    next_contact_on: IsoDate | None
    referent_id: Id | None = None


class GoalIn(BodyIn):
    title: NonBlankText = Field(..., max_length=200)
    agreed_on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")
    actions: list[Annotated[Text, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="Premières actions (les vides sont ignorées)"
    )


class GoalActionDoneIn(BodyIn):
    done: StrictBool = True
    on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")


class PrescriptionDoneIn(BodyIn):
    done: StrictBool = True
    on: IsoDate | None = Field(None, description="Aujourd'hui au plus tard ; aujourd'hui si absent")


class PrescriptionIn(BodyIn):
    kind: PrescriptionKind
    label: NonBlankText = Field(..., max_length=200)
    prescriber: Text = Field("", max_length=150)
    prescribed_on: IsoDate | None = None


def _summary(user, person: Person) -> dict:
    followup = with_last_contact(Followup.objects.filter(person=person)).first()
    medical = has_perm(user, Perm.MEDICAL_VIEW, person.organisation_id)
    return {
        "person_id": person.pk,
        "status": followup.status if followup else "none",
        "started_on": followup.started_on if followup else None,
        "ended_on": followup.ended_on if followup else None,
        "end_reason": followup.end_reason if followup else "",
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
    response={200: list[FollowupCallOut], **ERRORS},
    summary="Personnes à rappeler, les plus urgentes d'abord",
    description="Test réactif à confirmer, rendez-vous manqué, orientation sans suite, droits échus, "
    "rupture de suivi, contact prévu.",
)
def list_callbacks(request: AuthenticatedHttpRequest, query: Query[FollowupCallQuery]):
    rows = call_rows_for(request.user, today=timezone.localdate(), mine=not query.team)
    journal_list_read(request, Person, [row.followup.person.organisation_id for row in rows])
    return [
        {
            "person_id": row.followup.person_id,
            "person_name": row.followup.person.display_name,
            "phone": row.followup.person.phone,
            "referent_id": row.followup.referent_id,
            "due_on": row.due_on,
            "silent_since": row.silent_since,
            "missed_on": row.missed_on,
            "reasons": [
                {"code": reason.urgency.code, "label": str(reason.urgency.label), "since": reason.since}
                for reason in row.reasons
            ],
        }
        for row in rows
    ]


@router.get(
    "/people/{int:person_id}",
    response={200: FollowupOut, **FOUND},
    summary="Suivi d'une personne : objectifs, actions, prescriptions",
)
def get_followup(request: AuthenticatedHttpRequest, person_id: int):
    person = get_followed_person_for_user(request.user, person_id)
    return _summary(request.user, person)


@router.post(
    "/people/{int:person_id}/contacts",
    response={201: FollowupContactOut, **WRITE},
    summary="Noter un contact (appel, visite, message)",
)
def create_contact(request: AuthenticatedHttpRequest, person_id: int, payload: FollowupContactIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    data = payload.dict()
    data["on"] = data["on"] or timezone.localdate()
    return Status(201, services.contact_record(acting_user=request.user, person=person, **data))


@router.put(
    "/people/{int:person_id}/schedule",
    response={200: FollowupOut, **WRITE},
    summary="Prochain contact et référent·e",
)
def schedule_followup(request: AuthenticatedHttpRequest, person_id: int, payload: FollowupScheduleIn):
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
    response={201: GoalOut, **WRITE},
    summary="Objectif convenu avec la personne (action « agree »)",
)
def create_goal(request: AuthenticatedHttpRequest, person_id: int, payload: GoalIn):
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
    "/actions/{int:action_id}/done",
    response={200: GoalActionOut, **FOUND},
    summary="Cocher (ou décocher) une action d'un objectif",
)
def mark_action(request: AuthenticatedHttpRequest, action_id: int, payload: GoalActionDoneIn):
    action = get_goal_action_for_user(request.user, action_id)
    done_on = (payload.on or timezone.localdate()) if payload.done else None
    return services.goal_action_mark(acting_user=request.user, action=action, done_on=done_on)


@router.post(
    "/people/{int:person_id}/prescriptions",
    response={201: PrescriptionOut, **WRITE},
    summary="Examen ou consultation prescrit (information médicale)",
)
def create_prescription(request: AuthenticatedHttpRequest, person_id: int, payload: PrescriptionIn):
    person = get_person_for_prescriptions(request.user, person_id)
    return Status(201, services.prescription_add(acting_user=request.user, person=person, **payload.dict()))


@router.post(
    "/prescriptions/{int:prescription_id}/done",
    response={200: PrescriptionOut, **FOUND},
    summary="Cocher (ou décocher) un examen fait",
)
def mark_prescription(request: AuthenticatedHttpRequest, prescription_id: int, payload: PrescriptionDoneIn):
    prescription = get_prescription_for_user(request.user, prescription_id)
    done_on = (payload.on or timezone.localdate()) if payload.done else None
    return services.prescription_mark(acting_user=request.user, prescription=prescription, done_on=done_on)


# -- the named actions of workflow.FOLLOWUPS and workflow.GOALS, one route each ----------------

ACTION_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, **ERRORS}


class FollowupAvailableActionOut(Schema):
    name: str
    label: str


class GoalAvailableActionOut(Schema):
    name: str
    label: str


class FollowupStartIn(BodyIn):
    started_on: IsoDate | None = Field(None, description="Aujourd'hui si absent")


class FollowupEndIn(BodyIn):
    reason: FollowupEndReason
    ended_on: IsoDate | None = Field(
        None, description="Entre le début du suivi et aujourd'hui ; aujourd'hui si absent"
    )


class GoalAddStepIn(BodyIn):
    description: NonBlankText = Field(..., max_length=200)
    owner: GoalActionOwner = GoalActionOwner.PERSON
    due_on: IsoDate | None = None


GOAL_CLOSED_ON = "Entre l'accord sur l'objectif et aujourd'hui ; aujourd'hui si absent"


class GoalAchieveIn(BodyIn):
    on: IsoDate | None = Field(None, description=GOAL_CLOSED_ON)


class GoalAbandonIn(BodyIn):
    on: IsoDate | None = Field(None, description=GOAL_CLOSED_ON)


def _followup_of(person: Person) -> Followup:
    followup = Followup.objects.filter(person=person).first()
    if followup is None:
        raise Http404
    followup.person = person
    return followup


def _followup_route(name: str, summary: str, status: int = 200):
    return router.post(
        f"/people/{{int:person_id}}/actions/{name}",
        response={status: FollowupOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"followup_{name}",
    )


def _goal_route(name: str, summary: str):
    return router.post(
        f"/goals/{{int:goal_id}}/actions/{name}",
        response={200: GoalOut, **ACTION_ERRORS},
        summary=summary,
        operation_id=f"goal_{name}",
    )


@router.get(
    "/people/{int:person_id}/actions",
    response={200: list[FollowupAvailableActionOut], **FOUND},
    summary="Actions ouvertes à l'appelant sur le suivi de la personne, maintenant",
)
def list_followup_actions(request: AuthenticatedHttpRequest, person_id: int):
    person = get_followed_person_for_user(request.user, person_id)
    followup = Followup.objects.filter(person=person).first()
    if followup is not None:
        followup.person = person
    return [
        {"name": act.name, "label": str(act.label)}
        for act in followup_actions(request.user, person, followup)
    ]


@_followup_route("start", "Commencer le suivi (le premier contact le fait aussi)", status=201)
def start_followup(request: AuthenticatedHttpRequest, person_id: int, payload: FollowupStartIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    services.followup_start(acting_user=request.user, person=person, on=payload.started_on)
    return Status(201, _summary(request.user, person))


@_followup_route("end", "Terminer le suivi, avec son motif")
def end_followup(request: AuthenticatedHttpRequest, person_id: int, payload: FollowupEndIn):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    services.followup_end(
        acting_user=request.user,
        followup=_followup_of(person),
        reason=payload.reason,
        ended_on=payload.ended_on,
    )
    return _summary(request.user, person)


@_followup_route("resume", "Reprendre un suivi terminé")
def resume_followup(request: AuthenticatedHttpRequest, person_id: int):
    person = get_followed_person_for_user(request.user, person_id, write=True)
    services.followup_resume(acting_user=request.user, followup=_followup_of(person))
    return _summary(request.user, person)


@router.get(
    "/goals/{int:goal_id}/actions",
    response={200: list[GoalAvailableActionOut], **FOUND},
    summary="Actions ouvertes à l'appelant sur cet objectif, maintenant",
)
def list_goal_actions(request: AuthenticatedHttpRequest, goal_id: int):
    goal = get_goal_for_user(request.user, goal_id, write=False)
    return [{"name": act.name, "label": str(act.label)} for act in GOALS.available(request.user, goal)]


@_goal_route("add_step", "Ajouter une action (une étape) à un objectif en cours")
def add_goal_step(request: AuthenticatedHttpRequest, goal_id: int, payload: GoalAddStepIn):
    goal = get_goal_for_user(request.user, goal_id)
    services.goal_action_add(acting_user=request.user, goal=goal, **payload.dict())
    return goal


@_goal_route("achieve", "Objectif atteint")
def achieve_goal(request: AuthenticatedHttpRequest, goal_id: int, payload: GoalAchieveIn):
    goal = get_goal_for_user(request.user, goal_id)
    return services.goal_achieve(acting_user=request.user, goal=goal, on=payload.on)


@_goal_route("abandon", "Objectif abandonné")
def abandon_goal(request: AuthenticatedHttpRequest, goal_id: int, payload: GoalAbandonIn):
    goal = get_goal_for_user(request.user, goal_id)
    return services.goal_abandon(acting_user=request.user, goal=goal, on=payload.on)


@_goal_route("reopen", "Rouvrir un objectif atteint ou abandonné")
def reopen_goal(request: AuthenticatedHttpRequest, goal_id: int):
    goal = get_goal_for_user(request.user, goal_id)
    return services.goal_reopen(acting_user=request.user, goal=goal)
