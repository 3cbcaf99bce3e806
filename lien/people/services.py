"""Writes on people's files; each is journalled."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.permissions import Perm, has_perm
from lien.journal.models import JournalEntry
from lien.lib.nir import normalise as normalise_nir
from lien.lib.text import search_key
from lien.people.anonymity import band_birth_year, commune_is_kept
from lien.people.consent import CURRENT_INFORMATION_VERSION, INFORMATION_VERSIONS
from lien.people.enums import (
    COMMUNITY_KINDS,
    ConsentForm,
    Language,
    VulnerabilityFactor,
)
from lien.people.models import Consent, Person, PersonLanguage, PersonVulnerability
from lien.people.signals import consent_withdrawn, person_anonymised

# The postal address of the letters: all of it goes with a consent withdrawal.
ADDRESS_FIELDS = (
    "civility",
    "address_recipient",
    "address_building",
    "address_street",
    "address_locality",
    "postal_code",
    "town",
    "country",
)
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "birth_year",
    "phone",
    "email",
    "commune",
    "nir",
    *ADDRESS_FIELDS,
    "gender",
    "interpreter_needed",
    "contact_mode",
    "contact_via",
    "housing",
    "coverage",
    "complementary",
    "has_gp",
    "referral_source",
    "referral_detail",
)
ANONYMOUS_NAME = "Personne anonymisée n°{pk}"


@dataclass(frozen=True)
class ConsentInput:
    given_on: date
    form: str
    information_version: str = CURRENT_INFORMATION_VERSION
    share_with_partners: bool = False
    advocacy_testimonies: bool = False


def person_find_similar(
    *, user: User, first_name: str, last_name: str = "", phone: str = "", email: str = "", nir: str = ""
) -> list[Person]:
    """People the user can see who may be the same person: the same e-mail, NIR or phone, or a
    name that looks like theirs (words swapped, a letter off, accents, compound names): see
    ``lien.people.similar``."""
    from lien.people.similar import find_similar

    return find_similar(
        Person.objects.visible_to(user).identified(),
        name=search_key(f"{first_name} {last_name}"),
        phone=phone,
        email=email,
        nir=normalise_nir(nir) if nir else "",
    )


def _check_codes(name: str, codes: Iterable[str], allowed: list[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValidationError({name: f"Code inconnu : {', '.join(map(str, unknown))}."})
    return codes


def _set_codes[M: (PersonLanguage, PersonVulnerability)](
    person: Person, model: type[M], field: str, codes: list[str]
) -> None:
    """Make the rows of ``model`` for ``person`` exactly ``codes``."""
    model.objects.filter(person=person).exclude(**{f"{field}__in": codes}).delete()
    existing = set(model.objects.filter(person=person).values_list(field, flat=True))
    model.objects.bulk_create(
        [model(person=person, **{field: code}) for code in codes if code not in existing]
    )


def _check_vulnerabilities_allowed(acting_user: User, organisation_id: int) -> None:
    # Vulnerability factors (psychoactive use, care rupture…) are health information.
    if not has_perm(acting_user, Perm.MEDICAL_VIEW, organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer les facteurs de vulnérabilité.")


def _validate_consent(consent: ConsentInput) -> None:
    errors: dict[str, str] = {}
    if consent.form not in ConsentForm.values:
        errors["form"] = "Forme du consentement inconnue (oral ou écrit)."
    if consent.information_version not in INFORMATION_VERSIONS:
        errors["information_version"] = "Version du texte d'information inconnue."
    if consent.given_on > timezone.localdate():
        errors["given_on"] = "Le consentement ne peut être daté dans le futur."
    if errors:
        raise ValidationError(errors)


def _consent_create(*, acting_user: User, person: Person, consent: ConsentInput) -> Consent:
    _validate_consent(consent)
    return Consent.objects.create(
        person=person,
        given_on=consent.given_on,
        form=consent.form,
        information_version=consent.information_version,
        share_with_partners=consent.share_with_partners,
        advocacy_testimonies=consent.advocacy_testimonies,
        recorded_by=acting_user,
    )


class SimilarPeopleFound(Exception):
    """A new file whose person may already have one: the caller shows ``people`` and creates
    the file only once the user confirms it is someone else."""

    message = (
        "Des personnes proches existent déjà : ouvrez leur fiche, ou confirmez qu'il s'agit "
        "d'une autre personne."
    )

    def __init__(self, people: list[Person]) -> None:
        super().__init__(self.message)
        self.people = people


def person_create_unless_similar(
    *,
    acting_user: User,
    organisation: Organisation,
    confirm_new: bool,
    consent: ConsentInput | None = None,
    **fields: Any,
) -> Person:
    """Create a file, unless people the user can see may be the same person and the user has
    not confirmed that they are not (``SimilarPeopleFound``): the page and the API alike."""
    if not confirm_new:
        similar = person_find_similar(
            user=acting_user,
            first_name=fields.get("first_name", ""),
            last_name=fields.get("last_name", ""),
            phone=fields.get("phone", ""),
            email=fields.get("email", ""),
            nir=fields.get("nir", ""),
        )
        if similar:
            raise SimilarPeopleFound(similar)
    return person_create(acting_user=acting_user, organisation=organisation, consent=consent, **fields)


@transaction.atomic
def person_create(
    *,
    acting_user: User,
    organisation: Organisation,
    consent: ConsentInput | None = None,
    vulnerabilities: Iterable[str] = (),
    languages: Iterable[str] = (),
    **fields: Any,
) -> Person:
    """Create a file. In a community organisation an identified file needs a recorded consent."""
    if not has_perm(acting_user, Perm.PERSON_CHANGE, organisation.pk):
        raise PermissionDenied("Vous ne pouvez pas créer de fiche dans cette organisation.")
    if consent is None and organisation.kind in COMMUNITY_KINDS:
        raise ValidationError(
            {
                "consent": "Pas de fiche nominative sans consentement recueilli : indiquez sa date, "
                "sa forme et la version du texte d'information, ou enregistrez un contact anonyme."
            }
        )
    vulnerabilities = _check_codes("vulnerabilities", vulnerabilities, VulnerabilityFactor.values)
    languages = _check_codes("languages", languages, Language.values)
    if vulnerabilities:
        _check_vulnerabilities_allowed(acting_user, organisation.pk)
    person = Person(organisation=organisation, created_by=acting_user, **fields)
    person.refresh_search_fields()
    person.full_clean()
    person.save()
    if consent is not None:
        _consent_create(acting_user=acting_user, person=person, consent=consent)
    _set_codes(person, PersonVulnerability, "factor", vulnerabilities)
    _set_codes(person, PersonLanguage, "language", languages)
    JournalEntry.log_create(user=acting_user, obj=person, organisation=organisation, person=person)
    return person


@transaction.atomic
def person_update(*, acting_user: User, person: Person, **fields: Any) -> Person:
    """Apply the given fields (those the user changed) and journal their names.

    ``vulnerabilities`` and ``languages``, when given, replace the person's codes.
    """
    if not has_perm(acting_user, Perm.PERSON_CHANGE, person.organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")
    if person.is_anonymised:
        raise ValidationError("Cette fiche est anonymisée : elle ne peut plus être modifiée.")
    changed = [name for name in EDITABLE_FIELDS if name in fields]
    for name in changed:
        setattr(person, name, fields[name])
    person.refresh_search_fields()
    person.full_clean()
    person.save(update_fields=[*changed, "search_name", "phone_digits", "updated_at"])
    if "vulnerabilities" in fields:
        _check_vulnerabilities_allowed(acting_user, person.organisation_id)
        codes = _check_codes("vulnerabilities", fields["vulnerabilities"], VulnerabilityFactor.values)
        _set_codes(person, PersonVulnerability, "factor", codes)
        changed.append("vulnerabilities")
    if "languages" in fields:
        _set_codes(
            person,
            PersonLanguage,
            "language",
            _check_codes("languages", fields["languages"], Language.values),
        )
        changed.append("languages")
    JournalEntry.log_update(
        user=acting_user,
        obj=person,
        organisation=person.organisation,
        person=person,
        detail=", ".join(changed),
    )
    return person


@transaction.atomic
def consent_record(*, acting_user: User, person: Person, consent: ConsentInput) -> Consent:
    """Record a consent (a first one for an older file, or a renewal with a new information text)."""
    if not has_perm(acting_user, Perm.PERSON_CHANGE, person.organisation_id):
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")
    if person.is_anonymised:
        raise ValidationError("Cette fiche est anonymisée : la personne a retiré son consentement.")
    recorded = _consent_create(acting_user=acting_user, person=person, consent=consent)
    JournalEntry.log_update(
        user=acting_user,
        obj=person,
        organisation=person.organisation,
        person=person,
        detail=f"consentement {recorded.get_form_display().lower()}, texte {consent.information_version}",
    )
    return recorded


@transaction.atomic
def consent_withdraw(*, acting_user: User, person: Person, withdrawn_on: date | None = None) -> Person:
    """The person withdraws their consent: what is under way stops, the file is anonymised
    (``person_anonymise``), what statistics count stays, generalised.

    First ``consent_withdrawn``: the apps close what is open through their named actions (the
    follow-up ends, the appointments to come are cancelled and no reminder leaves). Then the file
    is anonymised. The journal keeps its entries: it is the legal trace of accesses.
    """
    if not has_perm(acting_user, Perm.CONSENT_WITHDRAW, person.organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer le retrait du consentement.")
    if not person.requires_consent:
        raise ValidationError("Le retrait du consentement concerne les fiches de la médiation communautaire.")
    if person.is_anonymised:
        raise ValidationError("Cette fiche est déjà anonymisée.")
    today = timezone.localdate()
    withdrawn_on = withdrawn_on or today
    if withdrawn_on > today:
        raise ValidationError({"withdrawn_on": "Le retrait ne peut être daté dans le futur."})
    for consent in person.consents.filter(withdrawn_on__isnull=True):
        if withdrawn_on < consent.given_on:
            raise ValidationError({"withdrawn_on": "Le retrait ne peut précéder le recueil du consentement."})
        consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, acting_user
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    consent_withdrawn.send(sender=Person, person=person, acting_user=acting_user, withdrawn_on=withdrawn_on)
    return person_anonymise(
        person=person, acting_user=acting_user, reason="retrait du consentement : fiche anonymisée"
    )


@transaction.atomic
def person_anonymise(*, person: Person, acting_user: User | None, reason: str) -> Person:
    """Anonymise a file, journalled with ``reason``: after a consent withdrawal
    (``consent_withdraw``), or when its retention period ran out (``lien/retention``, with no
    acting user). It checks no permission: its callers do, or act for the organisation.

    Names, phone, e-mail, NIR, postal address (civility included) and free text go; the birth year
    is kept only as the middle of its age band, the commune only where it names nobody, else its
    département (``anonymity.py``: the report's figures by age band and département do not move);
    gender, coverage codes, vulnerability factors and the rows that refer to the person (contacts,
    assessments, procedures, saisines) stay, under a pseudonym. Other apps erase their free text
    through ``person_anonymised`` (sent with ``acting_user``, possibly None).
    """
    if person.is_anonymised:
        raise ValidationError("Cette fiche est déjà anonymisée.")
    person.first_name = ANONYMOUS_NAME.format(pk=person.pk)
    person.last_name = person.phone = person.email = person.nir = ""
    person.contact_via = person.referral_detail = ""
    for name in ADDRESS_FIELDS:
        setattr(person, name, "")
    person.birth_year = band_birth_year(person.birth_year, timezone.localdate())
    if person.commune is not None:
        person.departement = person.commune.departement
        if not commune_is_kept(organisation_id=person.organisation_id, commune_id=person.commune.pk):
            person.commune = None
    person.anonymised_at = timezone.now()
    person.refresh_search_fields()
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "phone",
            "email",
            "nir",
            "contact_via",
            "referral_detail",
            *ADDRESS_FIELDS,
            "birth_year",
            "commune",
            "departement",
            "anonymised_at",
            "search_name",
            "phone_digits",
            "updated_at",
        ]
    )
    person_anonymised.send(sender=Person, person=person, acting_user=acting_user)
    JournalEntry.log_update(
        user=acting_user, obj=person, organisation=person.organisation, person=person, detail=reason
    )
    return person
