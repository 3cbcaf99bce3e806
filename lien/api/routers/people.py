from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from lien.accounts.permissions import Perm, has_perm
from lien.api.helpers import commune_for, organisation_for
from lien.api.pagination import JournalledPagination
from lien.api.schemas import (
    ERRORS,
    JSON_INTEGER,
    BodyIn,
    EmailOrBlank,
    ErrorOut,
    InseeCode,
    IsoDate,
    NonBlankText,
    Text,
)
from lien.people.access import get_person_for_user, get_person_with_perm
from lien.people.consent import CURRENT_INFORMATION_VERSION, INFORMATION_VERSIONS
from lien.people.enums import (
    Complementary,
    ConsentForm,
    ContactMode,
    Coverage,
    Gender,
    Housing,
    Language,
    ReferralSource,
    VulnerabilityFactor,
)
from lien.people.models import ADDRESS_LINE_LENGTH, FRANCE, Person, PersonCivility
from lien.people.services import (
    ConsentInput,
    SimilarPeopleFound,
    consent_record,
    consent_withdraw,
    person_create_unless_similar,
    person_update,
)
from lien.people.subject_access import person_data_export
from lien.web.http import AuthenticatedHttpRequest

router = Router(tags=["personnes"])


class ConsentOut(Schema):
    id: int
    given_on: date
    form: str
    information_version: str
    share_with_partners: bool
    advocacy_testimonies: bool
    withdrawn_on: date | None


class PersonOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    first_name: str
    last_name: str
    birth_year: int | None
    phone: str
    email: str
    commune: str | None = Field(None, alias="commune_id")
    civility: str
    address_recipient: str
    address_building: str
    address_street: str
    address_locality: str
    postal_code: str
    town: str
    country: str
    gender: str
    languages: list[str]
    interpreter_needed: bool
    contact_mode: str
    contact_via: str
    housing: str
    coverage: str
    complementary: str
    has_gp: bool | None
    referral_source: str
    referral_detail: str
    vulnerabilities: list[str] | None = Field(
        None, description="Facteurs de vulnérabilité : null sans droit aux informations médicales"
    )
    consent: ConsentOut | None = None
    anonymised: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [row.language for row in obj.languages.all()]

    @staticmethod
    def resolve_vulnerabilities(obj, context) -> list[str] | None:
        request = context["request"]
        if not has_perm(request.user, Perm.MEDICAL_VIEW, obj.organisation_id):
            return None
        return [row.factor for row in obj.vulnerabilities.all()]

    @staticmethod
    def resolve_consent(obj):
        current = [consent for consent in obj.consents.all() if consent.withdrawn_on is None]
        return max(current, key=lambda consent: (consent.given_on, consent.pk)) if current else None

    @staticmethod
    def resolve_anonymised(obj) -> bool:
        return obj.anonymised_at is not None


class ConsentIn(BodyIn):
    given_on: IsoDate = Field(..., description="Aujourd'hui au plus tard")
    form: ConsentForm
    information_version: Literal[*INFORMATION_VERSIONS] = Field(  # type: ignore[valid-type]
        CURRENT_INFORMATION_VERSION, description="Version du texte d'information lu à la personne"
    )
    share_with_partners: StrictBool = False
    advocacy_testimonies: StrictBool = False

    def to_input(self) -> ConsentInput:
        return ConsentInput(**self.dict())


class PersonFields(BodyIn):
    last_name: Text = Field("", max_length=100)
    birth_year: Annotated[int, Field(ge=1900, le=2100), JSON_INTEGER] | None = None
    phone: Text = Field("", max_length=30)
    email: EmailOrBlank = ""
    commune: InseeCode | None = None
    # The postal address of the letters; in France the town is the commune, whose postal codes
    # the postal code must belong to.
    civility: PersonCivility | None = None
    address_recipient: Text = Field(
        "", max_length=ADDRESS_LINE_LENGTH, description="Chez…, appartement, étage"
    )
    address_building: Text = Field(
        "", max_length=ADDRESS_LINE_LENGTH, description="Entrée, bâtiment, résidence"
    )
    address_street: Text = Field("", max_length=ADDRESS_LINE_LENGTH, description="Numéro et voie")
    address_locality: Text = Field(
        "", max_length=ADDRESS_LINE_LENGTH, description="Lieu-dit ou boîte postale"
    )
    postal_code: Text = Field("", max_length=10, description="En France : un code postal de la commune")
    town: Text = Field("", max_length=ADDRESS_LINE_LENGTH, description="Ville, pour une adresse à l'étranger")
    country: Text = Field(FRANCE, max_length=ADDRESS_LINE_LENGTH, description="Vide ou France : en France")
    gender: Gender | None = None
    languages: list[Language] = Field([], max_length=30)
    interpreter_needed: StrictBool = False
    contact_mode: ContactMode | None = None
    contact_via: Text = Field("", max_length=200)
    housing: Housing | None = None
    coverage: Coverage | None = None
    complementary: Complementary | None = None
    has_gp: StrictBool | None = None
    referral_source: ReferralSource | None = None
    referral_detail: Text = Field("", max_length=200)
    vulnerabilities: list[VulnerabilityFactor] = Field([], max_length=30)


class PersonIn(PersonFields):
    organisation: Text = Field(..., max_length=80, description="Identifiant (slug) de l'organisation")
    first_name: NonBlankText = Field(..., max_length=100)
    consent: ConsentIn | None = Field(
        None, description="Obligatoire dans une association ou un centre de santé (fiche nominative)"
    )
    confirm_new: StrictBool = Field(
        False,
        description="Sans lui, une fiche dont la personne ressemble à une fiche existante (nom, "
        "téléphone, e-mail) n'est pas créée : la réponse 409 les nomme ; true crée la fiche.",
    )


class SimilarPersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_year: int | None
    commune: str | None = Field(None, alias="commune_id")


class SimilarPeopleOut(Schema):
    detail: str
    similar: list[SimilarPersonOut]


class PersonPatch(PersonFields):
    first_name: NonBlankText | None = Field(None, max_length=100, description="null : inchangé")


class WithdrawalIn(BodyIn):
    withdrawn_on: IsoDate | None = Field(
        None, description="Aujourd'hui par défaut ; au plus tard aujourd'hui, pas avant le consentement"
    )


class PersonQuery(Schema):
    q: Text = Field("", description="Les 100 premiers caractères comptent")


CODE_FIELDS = (
    "civility",
    "gender",
    "contact_mode",
    "housing",
    "coverage",
    "complementary",
    "referral_source",
)


def _fields(payload: Schema, *, exclude: set[str], unset: bool = False) -> dict:
    """Service keyword arguments from a payload: codes as strings ("" for none), commune looked up."""
    data = payload.dict(exclude=exclude, exclude_unset=unset)
    for name in CODE_FIELDS:
        if name in data:
            data[name] = data[name] or ""
    if "commune" in data:
        data["commune"] = commune_for(data["commune"])
    return data


def _scoped(request: AuthenticatedHttpRequest):
    return (
        Person.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("languages", "vulnerabilities", "consents")
    )


def _reloaded(request: AuthenticatedHttpRequest, person: Person) -> Person:
    return _scoped(request).get(pk=person.pk)


@router.get(
    "", response={200: list[PersonOut], **ERRORS}, summary="Personnes visibles, recherche sans accents"
)
@paginate(JournalledPagination, page_size=25, max_page_size=200)
def list_people(request: AuthenticatedHttpRequest, filters: Query[PersonQuery]):
    return _scoped(request).search(filters.q[:100])


@router.get(
    "/{int:person_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS}, summary="Fiche d'une personne"
)
def get_person(request: AuthenticatedHttpRequest, person_id: int):
    return _reloaded(request, get_person_for_user(request.user, person_id))


@router.post(
    "",
    response={201: PersonOut, 404: ErrorOut, 409: SimilarPeopleOut, **ERRORS},
    summary="Créer une fiche",
    description="Les personnes proches que l'utilisateur peut voir (nom à une lettre près, mots "
    "inversés, même téléphone ou e-mail) sont proposées d'abord, comme sur la page : 409 et leur "
    "liste, tant que `confirm_new` ne dit pas qu'il s'agit d'une autre personne.",
)
def create_person(request: AuthenticatedHttpRequest, payload: PersonIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.PERSON_CHANGE)
    fields = _fields(payload, exclude={"organisation", "consent", "confirm_new"})
    try:
        person = person_create_unless_similar(
            acting_user=request.user,
            organisation=organisation,
            confirm_new=payload.confirm_new,
            consent=payload.consent.to_input() if payload.consent else None,
            **fields,
        )
    except SimilarPeopleFound as found:
        return Status(409, {"detail": found.message, "similar": found.people})
    return Status(201, _reloaded(request, person))


@router.patch(
    "/{int:person_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS}, summary="Modifier une fiche"
)
def update_person(request: AuthenticatedHttpRequest, person_id: int, payload: PersonPatch):
    person = get_person_for_user(request.user, person_id, write=True)
    fields = _fields(payload, exclude=set(), unset=True)
    if fields.get("first_name") is None:  # a first name is never erased
        fields.pop("first_name", None)
    person_update(acting_user=request.user, person=person, **fields)
    return _reloaded(request, person)


@router.post(
    "/{int:person_id}/consents",
    response={201: ConsentOut, 404: ErrorOut, **ERRORS},
    summary="Enregistrer le consentement de la personne",
)
def record_consent(request: AuthenticatedHttpRequest, person_id: int, payload: ConsentIn):
    person = get_person_for_user(request.user, person_id, write=True)
    if not person.requires_consent:
        raise Http404
    return Status(201, consent_record(acting_user=request.user, person=person, consent=payload.to_input()))


@router.post(
    "/{int:person_id}/consent-withdrawal",
    response={200: PersonOut, 404: ErrorOut, **ERRORS},
    summary="Retrait du consentement : la fiche est anonymisée",
)
def withdraw_consent(request: AuthenticatedHttpRequest, person_id: int, payload: WithdrawalIn):
    person = get_person_with_perm(request.user, person_id, Perm.CONSENT_WITHDRAW)
    consent_withdraw(acting_user=request.user, person=person, withdrawn_on=payload.withdrawn_on)
    return _reloaded(request, person)


class PersonDataSectionOut(Schema):
    model: str = Field(description="Le modèle (`app.modele`)")
    name: str = Field(description="Son nom en clair")
    fields: dict[str, str] = Field(description="Nom de chaque champ → son libellé")
    rows: list[dict[str, Any]]


class PersonDataAccessOut(Schema):
    at: str
    action: str


class PersonDataOut(Schema):
    generated_at: str
    organisation: str
    person: PersonDataSectionOut
    records: list[PersonDataSectionOut]
    accesses: list[PersonDataAccessOut] = Field(
        description="Lectures et modifications du dossier, sans leur auteur"
    )


@router.get(
    "/{int:person_id}/data",
    response={200: PersonDataOut, 404: ErrorOut, **ERRORS},
    summary="Droit d'accès : tout ce que Lien garde sur la personne",
    description="La fiche, chaque sorte d'enregistrement qui la concerne (trouvée par les liens vers la "
    "personne, pas par une liste écrite à la main) et les dates de consultation du dossier. Le même "
    "contenu que le PDF de la page ; chaque export est inscrit au journal.",
)
def get_person_data(request: AuthenticatedHttpRequest, person_id: int):
    person = get_person_with_perm(request.user, person_id, Perm.PERSON_DATA_EXPORT)
    return person_data_export(acting_user=request.user, person=person, kind="API")
