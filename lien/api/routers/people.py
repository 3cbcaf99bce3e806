from datetime import date, datetime
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from lien.accounts.permissions import Perm, has_perm
from lien.api.helpers import commune_for, organisation_for
from lien.api.pagination import Pagination
from lien.api.schemas import ERRORS, ErrorOut, IsoDate
from lien.people.access import get_person_for_user
from lien.people.consent import CURRENT_INFORMATION_VERSION
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
from lien.people.models import Person
from lien.people.services import ConsentInput, consent_record, consent_withdraw, person_create, person_update

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


class ConsentIn(Schema):
    given_on: IsoDate
    form: ConsentForm
    information_version: str = Field(CURRENT_INFORMATION_VERSION, max_length=20)
    share_with_partners: bool = False
    advocacy_testimonies: bool = False

    def to_input(self) -> ConsentInput:
        return ConsentInput(**self.dict())


class PersonFields(Schema):
    last_name: str = Field("", max_length=100)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    commune: str | None = Field(None, max_length=5, description="Code INSEE")
    gender: Gender | None = None
    languages: list[Language] = Field([], max_length=30)
    interpreter_needed: bool = False
    contact_mode: ContactMode | None = None
    contact_via: str = Field("", max_length=200)
    housing: Housing | None = None
    coverage: Coverage | None = None
    complementary: Complementary | None = None
    has_gp: bool | None = None
    referral_source: ReferralSource | None = None
    referral_detail: str = Field("", max_length=200)
    vulnerabilities: list[VulnerabilityFactor] = Field([], max_length=30)


class PersonIn(PersonFields):
    organisation: str = Field(..., max_length=80, description="Identifiant (slug) de l'organisation")
    first_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    consent: ConsentIn | None = Field(
        None, description="Obligatoire dans une association ou un centre de santé (fiche nominative)"
    )


class PersonPatch(PersonFields):
    first_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] | None
    ) = None


class WithdrawalIn(Schema):
    withdrawn_on: IsoDate | None = None


class PersonQuery(Schema):
    q: str = ""


CODE_FIELDS = ("gender", "contact_mode", "housing", "coverage", "complementary", "referral_source")


def _fields(payload: Schema, *, exclude: set[str], unset: bool = False) -> dict:
    """Service keyword arguments from a payload: codes as strings ("" for none), commune looked up."""
    data = payload.dict(exclude=exclude, exclude_unset=unset)
    for name in CODE_FIELDS:
        if name in data:
            data[name] = data[name] or ""
    if "commune" in data:
        data["commune"] = commune_for(data["commune"])
    return data


def _scoped(request):
    return (
        Person.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("languages", "vulnerabilities", "consents")
    )


def _reloaded(request, person: Person) -> Person:
    return _scoped(request).get(pk=person.pk)


@router.get(
    "", response={200: list[PersonOut], **ERRORS}, summary="Personnes visibles, recherche sans accents"
)
@paginate(Pagination, page_size=25, max_page_size=200)
def list_people(request, filters: Query[PersonQuery]):
    return _scoped(request).search(filters.q[:100])


@router.get(
    "/{int:person_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS}, summary="Fiche d'une personne"
)
def get_person(request, person_id: int):
    return _reloaded(request, get_person_for_user(request.user, person_id))


@router.post("", response={201: PersonOut, 404: ErrorOut, **ERRORS}, summary="Créer une fiche")
def create_person(request, payload: PersonIn):
    organisation = organisation_for(request.user, payload.organisation, Perm.PERSON_CHANGE)
    fields = _fields(payload, exclude={"organisation", "consent"})
    person = person_create(
        acting_user=request.user,
        organisation=organisation,
        consent=payload.consent.to_input() if payload.consent else None,
        **fields,
    )
    return Status(201, _reloaded(request, person))


@router.patch(
    "/{int:person_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS}, summary="Modifier une fiche"
)
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_person_for_user(request.user, person_id, write=True)
    fields = _fields(payload, exclude=set(), unset=True)
    person_update(acting_user=request.user, person=person, **fields)
    return _reloaded(request, person)


@router.post(
    "/{int:person_id}/consents",
    response={201: ConsentOut, 404: ErrorOut, **ERRORS},
    summary="Enregistrer le consentement de la personne",
)
def record_consent(request, person_id: int, payload: ConsentIn):
    person = get_person_for_user(request.user, person_id, write=True)
    if not person.requires_consent:
        raise Http404
    return Status(201, consent_record(acting_user=request.user, person=person, consent=payload.to_input()))


@router.post(
    "/{int:person_id}/consent-withdrawal",
    response={200: PersonOut, 404: ErrorOut, **ERRORS},
    summary="Retrait du consentement : la fiche est anonymisée",
)
def withdraw_consent(request, person_id: int, payload: WithdrawalIn):
    person = get_person_for_user(request.user, person_id, write=True)
    consent_withdraw(acting_user=request.user, person=person, withdrawn_on=payload.withdrawn_on)
    return _reloaded(request, person)
