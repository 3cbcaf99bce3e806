"""Writes on needs assessments; each is journalled with the person."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.permissions import Perm, has_perm
from lien.assessments.enums import Barrier, Need
from lien.assessments.epices import QUESTIONS, epices_score, is_precarious
from lien.assessments.models import Assessment, AssessmentBarrier, AssessmentNeed
from lien.journal.models import JournalEntry
from lien.people.models import Person


def _codes(name: str, codes: Iterable[str], allowed: list[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValidationError({name: f"Code inconnu : {', '.join(map(str, unknown))}."})
    return codes


def _answers(answers: list | None) -> list[bool | None]:
    """11 answers (True, False or None for a question not asked), or [] when none was asked."""
    answers = list(answers or [])
    if not answers or all(answer is None for answer in answers):
        return []
    if len(answers) != len(QUESTIONS) or any(answer not in (True, False, None) for answer in answers):
        raise ValidationError({"epices_answers": f"{len(QUESTIONS)} réponses oui/non attendues."})
    return [None if answer is None else bool(answer) for answer in answers]


def _apply(
    assessment: Assessment, *, assessed_on, epices_answers, priority_need, priority_words, notes
) -> None:
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "L'évaluation ne peut être datée dans le futur."})
    if priority_need and priority_need not in Need.values:
        raise ValidationError({"priority_need": "Besoin inconnu."})
    assessment.assessed_on = assessed_on
    assessment.epices_answers = _answers(epices_answers)
    assessment.epices_score = epices_score(assessment.epices_answers)
    assessment.epices_precarious = is_precarious(assessment.epices_score)
    assessment.priority_need = priority_need
    assessment.priority_words = priority_words
    assessment.notes = notes


def _set_rows(assessment: Assessment, model, field: str, codes: list[str]) -> None:
    model.objects.filter(assessment=assessment).exclude(**{f"{field}__in": codes}).delete()
    existing = set(model.objects.filter(assessment=assessment).values_list(field, flat=True))
    model.objects.bulk_create(
        [model(assessment=assessment, **{field: code}) for code in codes if code not in existing]
    )


def _check(acting_user: User, person: Person) -> None:
    if not has_perm(acting_user, Perm.ASSESSMENT_CHANGE, person.organisation_id):
        raise PermissionDenied("Votre rôle ne permet pas d'évaluer les besoins de cette personne.")
    if person.is_anonymised:
        raise ValidationError("Cette fiche est anonymisée.")


@transaction.atomic
def assessment_create(
    *,
    acting_user: User,
    person: Person,
    assessed_on: date,
    barriers: Iterable[str] = (),
    needs: Iterable[str] = (),
    epices_answers: list | None = None,
    priority_need: str = "",
    priority_words: str = "",
    notes: str = "",
) -> Assessment:
    """Record an assessment; the EPICES score is computed here when the 11 answers are given."""
    _check(acting_user, person)
    barriers = _codes("barriers", barriers, Barrier.values)
    needs = _codes("needs", needs, Need.values)
    assessment = Assessment(organisation=person.organisation, person=person, created_by=acting_user)
    _apply(
        assessment,
        assessed_on=assessed_on,
        epices_answers=epices_answers,
        priority_need=priority_need,
        priority_words=priority_words,
        notes=notes,
    )
    assessment.full_clean(exclude=["person", "organisation", "created_by"])
    assessment.save()
    _set_rows(assessment, AssessmentBarrier, "barrier", barriers)
    _set_rows(assessment, AssessmentNeed, "need", needs)
    JournalEntry.log_create(user=acting_user, obj=assessment, organisation=person.organisation, person=person)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    acting_user: User,
    assessment: Assessment,
    assessed_on: date,
    barriers: Iterable[str] = (),
    needs: Iterable[str] = (),
    epices_answers: list | None = None,
    priority_need: str = "",
    priority_words: str = "",
    notes: str = "",
) -> Assessment:
    person = assessment.person
    _check(acting_user, person)
    barriers = _codes("barriers", barriers, Barrier.values)
    needs = _codes("needs", needs, Need.values)
    _apply(
        assessment,
        assessed_on=assessed_on,
        epices_answers=epices_answers,
        priority_need=priority_need,
        priority_words=priority_words,
        notes=notes,
    )
    assessment.full_clean(exclude=["person", "organisation", "created_by"])
    assessment.save()
    _set_rows(assessment, AssessmentBarrier, "barrier", barriers)
    _set_rows(assessment, AssessmentNeed, "need", needs)
    JournalEntry.log_update(user=acting_user, obj=assessment, organisation=person.organisation, person=person)
    return assessment
