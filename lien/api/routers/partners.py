"""The registry of patient partners: list and read (``partners.view``), add and change a profile,
validate a training (``partners.manage``); the accompaniment of a patient on the mediator's side
(suggestions, proposal, consent signed on screen, choice, withdrawal), the partner's own space
and log, and the coordination's view: the same services and the same rules as the pages.
Certificates, signed conventions and scanned consents are uploaded on the pages only (a multipart
form): the API reads what they say, never the files."""

import json
from datetime import date, datetime
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool, StringConstraints

from lien.accounts.permissions import Perm
from lien.api.helpers import organisation_for
from lien.api.pagination import JournalledPagination
from lien.api.schemas import (
    ERRORS,
    JSON_INTEGER,
    BodyIn,
    EmailOrBlank,
    ErrorOut,
    Id,
    IsoDate,
    NonBlankText,
    Text,
)
from lien.communes.models import Commune
from lien.partners import services
from lien.partners.access import (
    get_accompaniment_for_partner,
    get_accompaniment_for_user,
    get_accompaniment_to_log,
    get_partner_for_user,
    get_training_for_user,
    partner_accompaniments,
    partner_meetings,
)
from lien.partners.coordination import coordinated_organisations, overview
from lien.partners.enums import (
    AccompanimentStatus,
    ConsentMethod,
    DifficultyKind,
    Framework,
    MeetingMode,
    MeetingTheme,
    Pathology,
    TrainingKind,
)
from lien.partners.information import CURRENT_PARTNER_INFORMATION_VERSION, DEFAULT_SCOPE
from lien.partners.models import (
    AVAILABILITY_LENGTH,
    DIFFICULTY_MESSAGE_LENGTH,
    EXPERIENCE_LENGTH,
    MEETING_MAX_MINUTES,
    MEETING_PLACE_LENGTH,
    PatientPartner,
)
from lien.partners.rules import partner_proposable
from lien.partners.suggestions import suggest_partners
from lien.people.access import get_person_with_perm
from lien.people.enums import Language
from lien.web.forms import period_error
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["patients partenaires"])

Departement = Annotated[
    str,
    StringConstraints(pattern=r"^([0-9]{2,3}|2[AB])$"),
    Field(description="Code du département (« 11 », « 2A », « 974 ») ; 404 si Lien ne le connaît pas"),
]


class TrainingOut(Schema):
    id: int
    kind: TrainingKind
    body: str
    completed_on: date
    validated_at: datetime | None


class ConventionOut(Schema):
    id: int
    party: str
    establishment_id: int | None = Field(
        description="Structure signataire dans Lien, dont les patient·es peuvent être accompagné·es"
    )
    starts_on: date
    ends_on: date | None
    framework: Framework


class PartnerCodes(Schema):
    """The codes a partner is matched on, read from the prefetched rows (``for_list``)."""

    pathologies: list[Pathology]
    languages: list[Language]
    departements: list[str]

    @staticmethod
    def resolve_pathologies(obj) -> list[str]:
        return [row.code for row in obj.pathologies.all()]

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [row.code for row in obj.languages.all()]

    @staticmethod
    def resolve_departements(obj) -> list[str]:
        return [row.code for row in obj.departements.all()]


class PartnerOut(PartnerCodes):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    first_name: str
    last_name: str
    phone: str
    email: str
    experience: str
    availability: str
    active: bool
    pathologies: list[Pathology]
    languages: list[Language]
    departements: list[str]
    trainings: list[TrainingOut]
    conventions: list[ConventionOut]
    proposable: bool = Field(..., description="Peut être proposé·e aujourd'hui")
    reasons: list[str] = Field(..., description="Pourquoi pas, en français")

    @staticmethod
    def resolve_trainings(obj) -> list:
        return list(obj.trainings.all())

    @staticmethod
    def resolve_conventions(obj) -> list:
        return list(obj.conventions.all())

    @staticmethod
    def resolve_proposable(obj) -> bool:
        return partner_proposable(obj, timezone.localdate()).proposable

    @staticmethod
    def resolve_reasons(obj) -> list[str]:
        return list(partner_proposable(obj, timezone.localdate()).reasons)


class PartnerFields(BodyIn):
    last_name: Text = Field("", max_length=100)
    phone: Text = Field("", max_length=30)
    email: EmailOrBlank = ""
    experience: Text = Field("", max_length=EXPERIENCE_LENGTH)
    availability: Text = Field("", max_length=AVAILABILITY_LENGTH)
    active: StrictBool = True
    pathologies: list[Pathology] = Field([], max_length=len(Pathology))
    languages: list[Language] = Field([], max_length=len(Language))
    departements: list[Departement] = Field([], max_length=20)


class PartnerIn(PartnerFields):
    organisation: Text = Field(..., max_length=80)
    first_name: NonBlankText = Field(..., max_length=100)


class PartnerPatch(PartnerFields):
    first_name: NonBlankText | None = Field(None, max_length=100, description="null : inchangé")


class PartnerQuery(Schema):
    pathology: Pathology | None = None
    language: Language | None = None
    departement: Departement | None = None
    proposable: bool | None = Field(None, description="Peut être proposé·e aujourd'hui, ou non")


def _scoped(request: AuthenticatedHttpRequest):
    return PatientPartner.objects.visible_to(request.user).for_list()


def _known_departements(codes: list[str]) -> list[str]:
    codes = [code.upper() for code in codes]
    known = set(Commune.objects.filter(departement__in=codes).values_list("departement", flat=True))
    unknown = sorted(set(codes) - known)
    if unknown:
        raise HttpError(404, f"Département inconnu : {', '.join(unknown)}")
    return codes


def _fields(payload: Schema, *, exclude: set[str], unset: bool = False) -> dict:
    data = payload.dict(exclude=exclude, exclude_unset=unset)
    for name in ("pathologies", "languages"):
        if name in data:
            data[name] = [str(code) for code in data[name]]
    if "departements" in data:
        data["departements"] = _known_departements(data["departements"])
    return data


class PartnerAccompanimentOut(Schema):
    """All a patient partner reads of a patient who consented to them and chose them."""

    id: int
    first_name: str
    phone: str
    email: str
    proposed_on: date
    consented_on: date | None
    contacted_on: date | None


@router.get(
    "/accompaniments",
    response={200: list[PartnerAccompanimentOut], **ERRORS},
    summary="Mes accompagnements (patient·e partenaire)",
    description="Les patient·es qui ont consenti et choisi la personne connectée : prénom, moyen de "
    "les joindre, dates. Rien d'autre de leur fiche. Vide pour tout autre compte.",
)
def list_my_accompaniments(request: AuthenticatedHttpRequest):
    return partner_accompaniments(request.user)


class PartnerMeetingOut(Schema):
    id: int
    met_on: date
    duration_minutes: int
    mode: MeetingMode
    place: str
    themes: list[MeetingTheme]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [row.code for row in obj.themes.all()]


class PartnerMeetingIn(BodyIn):
    met_on: IsoDate = Field(..., description="Ni dans le futur, ni avant le choix du ou de la patient·e")
    duration_minutes: Annotated[int, Field(ge=1, le=MEETING_MAX_MINUTES), JSON_INTEGER]
    mode: MeetingMode
    themes: list[MeetingTheme] = Field(..., min_length=1, max_length=len(MeetingTheme))
    place: Text = Field(
        "", max_length=MEETING_PLACE_LENGTH, description="Facultatif ; jamais l'adresse du ou de la patient·e"
    )


class PartnerDifficultyOut(Schema):
    id: int
    signalled_on: date
    kind: DifficultyKind
    message: str
    notified_count: int = Field(description="Médiateur·rices de l'organisation prévenu·es du signalement")


class PartnerDifficultyIn(BodyIn):
    kind: DifficultyKind
    message: Text = Field(
        "",
        max_length=DIFFICULTY_MESSAGE_LENGTH,
        description="Au ou à la médiateur·rice ; aucune information médicale",
    )


_LOG_REFUSALS = "404 pour l'accompagnement d'un·e autre ; 409 s'il n'est plus en cours (fin ou retrait)."


@router.get(
    "/accompaniments/{int:accompaniment_id}/meetings",
    response={200: list[PartnerMeetingOut], 404: ErrorOut, **ERRORS},
    summary="Mes rencontres dans un accompagnement (patient·e partenaire)",
    description="404 pour tout autre compte, et après la fin ou le retrait.",
)
def list_my_meetings(request: AuthenticatedHttpRequest, accompaniment_id: int):
    accompaniment = get_accompaniment_for_partner(request.user, accompaniment_id)
    return partner_meetings(request.user, accompaniment.id)


@router.post(
    "/accompaniments/{int:accompaniment_id}/meetings",
    response={201: PartnerMeetingOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Noter une rencontre (patient·e partenaire)",
    description=_LOG_REFUSALS,
)
def record_meeting(request: AuthenticatedHttpRequest, accompaniment_id: int, payload: PartnerMeetingIn):
    accompaniment = get_accompaniment_to_log(request.user, accompaniment_id)
    meeting = services.partner_meeting_record(
        acting_user=request.user, accompaniment=accompaniment, **payload.dict()
    )
    return HttpStatus(201, meeting)


@router.post(
    "/accompaniments/{int:accompaniment_id}/difficulties",
    response={201: PartnerDifficultyOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Signaler une difficulté à l'équipe de médiation (patient·e partenaire)",
    description=_LOG_REFUSALS,
)
def signal_difficulty(request: AuthenticatedHttpRequest, accompaniment_id: int, payload: PartnerDifficultyIn):
    accompaniment = get_accompaniment_to_log(request.user, accompaniment_id)
    difficulty = services.partner_difficulty_signal(
        acting_user=request.user, accompaniment=accompaniment, **payload.dict()
    )
    return HttpStatus(201, difficulty)


# -- the accompaniment, on the mediator's side (the same services as the pages) ------------------

Strokes = Annotated[
    list[list[Annotated[list[int], Field(min_length=2, max_length=2)]]],
    Field(
        description="La signature dessinée : des traits, chacun une liste de points [x, y] entiers dans "
        "un cadre de 600 × 200",
        max_length=60,
    ),
]


class PartnerSuggestionOut(PartnerCodes):
    id: int
    name: str = Field(..., alias="display_name")


class SuggestionQuery(Schema):
    pathology: Pathology | None = Field(
        None, description="La pathologie vécue recherchée : classe les suggestions, n'est pas enregistrée"
    )


class PartnerProposalOut(Schema):
    """The accompaniment as the mediator who follows the patient reads it."""

    id: int
    person_id: int
    status: AccompanimentStatus
    proposed_on: date
    suggested: list[int]
    partner_id: int | None
    consent_method: str
    consented_on: date | None
    consent_information_version: str
    signed_name: str
    contacted_on: date | None
    ended_on: date | None
    end_reason: str

    @staticmethod
    def resolve_suggested(obj) -> list[int]:
        return sorted(partner.pk for partner in obj.suggested.all())


class PartnerProposalIn(BodyIn):
    suggested: list[Id] = Field(
        default_factory=list, max_length=20, description="Patient·es partenaires suggéré·es (ids)"
    )


class PartnerConsentIn(BodyIn):
    """A consent signed on screen (a scanned paper form is uploaded on the page)."""

    consented_on: IsoDate
    scope: NonBlankText = Field(DEFAULT_SCOPE, max_length=1000)
    information_version: Text = Field(CURRENT_PARTNER_INFORMATION_VERSION, max_length=20)
    signed_name: NonBlankText = Field(..., max_length=200)
    signature: Strokes


class PartnerChoiceIn(BodyIn):
    partner_id: Id
    contacted_on: IsoDate


class PartnerWithdrawalIn(BodyIn):
    on: IsoDate | None = Field(None, description="Par défaut aujourd'hui")


@router.get(
    "/people/{int:person_id}/suggestions",
    response={200: list[PartnerSuggestionOut], 404: ErrorOut, **ERRORS},
    summary="Patient·es partenaires à suggérer à une personne, le meilleur d'abord",
)
def list_suggestions(request: AuthenticatedHttpRequest, person_id: int, query: Query[SuggestionQuery]):
    person = get_person_with_perm(request.user, person_id, Perm.PARTNER_PROPOSE)
    return suggest_partners(person, timezone.localdate(), str(query.pathology or ""))


@router.post(
    "/people/{int:person_id}/accompaniments",
    response={201: PartnerProposalOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Proposer le programme à une personne (le ou la patient·e décide)",
)
def propose(request: AuthenticatedHttpRequest, person_id: int, payload: PartnerProposalIn):
    person = get_person_with_perm(request.user, person_id, Perm.PARTNER_PROPOSE)
    suggested = list(PatientPartner.objects.filter(pk__in=payload.suggested))
    if len(suggested) != len(set(payload.suggested)):
        raise HttpError(
            422, "Choisissez des patient·es partenaires de votre registre ou d'un réseau conventionné."
        )
    accompaniment = services.accompaniment_propose(
        acting_user=request.user, person=person, suggested=suggested
    )
    return HttpStatus(201, accompaniment)


@router.get(
    "/accompaniments/{int:accompaniment_id}",
    response={200: PartnerProposalOut, 404: ErrorOut, **ERRORS},
    summary="Un accompagnement (médiation qui suit le ou la patient·e)",
)
def get_accompaniment(request: AuthenticatedHttpRequest, accompaniment_id: int):
    return get_accompaniment_for_user(request.user, accompaniment_id)


@router.post(
    "/accompaniments/{int:accompaniment_id}/consent",
    response={200: PartnerProposalOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Enregistrer le consentement signé à l'écran (nom complet et signature dessinée)",
)
def record_consent(request: AuthenticatedHttpRequest, accompaniment_id: int, payload: PartnerConsentIn):
    accompaniment = get_accompaniment_for_user(request.user, accompaniment_id, write=True)
    data = payload.dict()
    data["signature"] = json.dumps(data["signature"])
    return services.accompaniment_record_consent(
        acting_user=request.user, accompaniment=accompaniment, method=ConsentMethod.ON_SCREEN, **data
    )


@router.post(
    "/accompaniments/{int:accompaniment_id}/choice",
    response={200: PartnerProposalOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Enregistrer le choix du ou de la patient·e et la prise de contact",
)
def record_choice(request: AuthenticatedHttpRequest, accompaniment_id: int, payload: PartnerChoiceIn):
    accompaniment = get_accompaniment_for_user(request.user, accompaniment_id, write=True)
    partner = (
        PatientPartner.objects.reaching(accompaniment.organisation_id).filter(pk=payload.partner_id).first()
    )
    if partner is None:
        raise HttpError(
            422, "Choisissez un·e patient·e partenaire de votre registre ou d'un réseau conventionné."
        )
    return services.accompaniment_choose_partner(
        acting_user=request.user,
        accompaniment=accompaniment,
        partner=partner,
        contacted_on=payload.contacted_on,
    )


@router.post(
    "/accompaniments/{int:accompaniment_id}/withdraw",
    response={200: PartnerProposalOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Enregistrer le retrait du ou de la patient·e : l'accès du ou de la patient·e partenaire cesse",
)
def withdraw(request: AuthenticatedHttpRequest, accompaniment_id: int, payload: PartnerWithdrawalIn):
    accompaniment = get_accompaniment_for_user(request.user, accompaniment_id, write=True)
    return services.accompaniment_withdraw(
        acting_user=request.user, accompaniment=accompaniment, on=payload.on
    )


@router.get("", response={200: list[PartnerOut], **ERRORS}, summary="Patients partenaires du registre")
@paginate(JournalledPagination, page_size=50, max_page_size=200)
def list_partners(request: AuthenticatedHttpRequest, filters: Query[PartnerQuery]):
    return _scoped(request).matching(
        on=timezone.localdate(),
        pathology=filters.pathology or "",
        language=filters.language or "",
        departement=(filters.departement or "").upper(),
        proposable=filters.proposable,
    )


@router.post(
    "", response={201: PartnerOut, 404: ErrorOut, **ERRORS}, summary="Ajouter un·e patient·e partenaire"
)
def create_partner(request: AuthenticatedHttpRequest, payload: PartnerIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.PARTNERS_MANAGE)
    partner = services.partner_create(
        acting_user=request.user, organisation=organisation, **_fields(payload, exclude={"organisation"})
    )
    return HttpStatus(201, _scoped(request).get(pk=partner.pk))


@router.get(
    "/{int:partner_id}",
    response={200: PartnerOut, 404: ErrorOut, **ERRORS},
    summary="Un·e patient·e partenaire",
)
def get_partner(request: AuthenticatedHttpRequest, partner_id: int):
    partner = get_partner_for_user(request.user, partner_id)
    return _scoped(request).get(pk=partner.pk)


@router.patch(
    "/{int:partner_id}", response={200: PartnerOut, 404: ErrorOut, **ERRORS}, summary="Modifier un profil"
)
def update_partner(request: AuthenticatedHttpRequest, partner_id: int, payload: PartnerPatch):
    partner = get_partner_for_user(request.user, partner_id, write=True)
    fields = _fields(payload, exclude=set(), unset=True)
    if fields.get("first_name") is None:  # a first name is never erased
        fields.pop("first_name", None)
    services.partner_update(acting_user=request.user, partner=partner, **fields)
    return _scoped(request).get(pk=partner.pk)


@router.post(
    "/{int:partner_id}/trainings/{int:training_id}/validate",
    response={200: TrainingOut, 404: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Valider une formation (la coordination, après lecture de l'attestation)",
    description="409 si la formation est déjà validée.",
)
def validate_training(request: AuthenticatedHttpRequest, partner_id: int, training_id: int):
    training = get_training_for_user(request.user, partner_id, training_id, write=True)
    return services.training_validate(acting_user=request.user, training=training)


# -- the coordinator's view ------------------------------------------------------------------------


class CoordinationQuery(Schema):
    start: IsoDate = Field(..., examples=["2026-01-01"])
    end: IsoDate = Field(..., description="Pas avant start, cinq ans après au plus")


class CoordinationFiguresOut(Schema):
    partners_active: int
    partners_proposable: int
    proposals: int
    consents: int
    contacts: int
    ended: int
    withdrawn: int
    meetings: int
    meeting_minutes: int
    difficulties: int
    difficulties_handled: int


class CoordinationTrainingOut(Schema):
    id: int
    partner_id: int
    kind: TrainingKind
    body: str
    completed_on: date


class CoordinationConventionOut(Schema):
    id: int
    partner_id: int
    party: str
    ends_on: date | None


class CoordinationPendingOut(Schema):
    id: int = Field(description="Numéro de l'accompagnement ; aucun nom de patient·e")
    status: str
    proposed_on: date
    days: int


class CoordinationOut(Schema):
    start: date
    end: date
    figures: CoordinationFiguresOut
    trainings_to_validate: list[CoordinationTrainingOut]
    conventions_ending: list[CoordinationConventionOut]
    conventions_ended: list[CoordinationConventionOut]
    pending: list[CoordinationPendingOut]


@router.get(
    "/coordination",
    response={200: CoordinationOut, 404: ErrorOut, **ERRORS},
    summary="Vue de la coordination : formations à valider, conventions, propositions, chiffres",
    description="Les mêmes chiffres que la page de coordination (partners.manage) ; "
    "aucun·e patient·e nommé·e.",
)
def get_coordination(request: AuthenticatedHttpRequest, query: Query[CoordinationQuery]):
    if not coordinated_organisations(request.user):
        raise HttpError(404, "Aucun registre de patient·es partenaires à coordonner.")
    error = period_error(query.start, query.end)
    if error:
        raise HttpError(422, error)
    return overview(request.user, start=query.start, end=query.end, today=timezone.localdate())
