"""Needs assessments: recorded, scored by Lien, compared over time, seen by the mediator only."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lien.assessments.models import Assessment
from lien.assessments.selectors import assessments_compare, person_assessments
from lien.assessments.services import assessment_create, assessment_update
from lien.journal.models import Action, JournalEntry
from tests.mediation import consented_person

pytestmark = pytest.mark.django_db

ROW_1 = [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1]  # 53.84 (the public R example)


@pytest.fixture
def mediator(world):
    return world.users["community_mediator"]


@pytest.fixture
def person(world):
    return consented_person(world)


def _form(**fields) -> dict:
    data = {"assessed_on": "2025-03-04", "barriers": ["mobility", "digital"], "needs": ["find_gp"]}
    data |= {f"epices_{number}": str(answer) for number, answer in enumerate(ROW_1, start=1)}
    return data | fields


def test_it_computes_the_epices_score_of_an_assessment(world, person, mediator, client_for):
    response = client_for(mediator).post(reverse("assessments:create", args=[person.pk]), _form())
    assessment = Assessment.objects.get()
    assert response.url == reverse("assessments:detail", args=[assessment.pk])
    assert (assessment.epices_score, assessment.epices_precarious) == (Decimal("53.84"), True)
    assert assessment.epices_answers == [bool(answer) for answer in ROW_1]
    assert set(assessment.barriers.values_list("barrier", flat=True)) == {"mobility", "digital"}
    assert assessment.organisation == world.organisation
    page = client_for(mediator).get(response.url).content.decode()
    assert "53,84" in page or "53.84" in page
    assert JournalEntry.objects.filter(
        person=person, action=Action.CREATE, object_type="assessments.assessment"
    )


def test_it_refuses_an_epices_questionnaire_answered_in_part(person, mediator, client_for):
    data = _form(epices_5="")
    response = client_for(mediator).post(reverse("assessments:create", args=[person.pk]), data)
    assert response.status_code == 200
    assert "11 questions" in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_records_an_assessment_without_the_questionnaire(person, mediator, client_for):
    data = {"assessed_on": "2025-03-04", "barriers": ["language"], "priority_need": "find_gp"}
    client_for(mediator).post(reverse("assessments:create", args=[person.pk]), data)
    assessment = Assessment.objects.get()
    assert (assessment.epices_score, assessment.epices_precarious, assessment.epices_answers) == (
        None,
        None,
        [],
    )
    assert assessment.priority_need == "find_gp"


def test_it_compares_assessments_over_time(person, mediator):
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=date(2025, 1, 10),
        barriers=["no_coverage", "mobility", "isolation"],
        epices_answers=ROW_1,
    )
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=date(2025, 6, 10),
        barriers=["mobility", "digital"],
        epices_answers=[0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
    )
    comparison = assessments_compare(person_assessments(person))
    assert [column.assessed_on for column in comparison.columns] == [date(2025, 1, 10), date(2025, 6, 10)]
    assert [column.epices_score for column in comparison.columns] == [Decimal("53.84"), Decimal("0.00")]
    assert comparison.lifted == ["Droits : pas de couverture maladie", "Isolement"]
    assert comparison.new == ["Numérique"]
    rows = {row.label: row.marks for row in comparison.barriers}
    assert rows["Mobilité, distance"] == [True, True]
    assert rows["Numérique"] == [False, True]


def test_it_shows_the_comparison_page(person, mediator, client_for):
    for day in (date(2025, 1, 10), date(2025, 6, 10)):
        assessment_create(acting_user=mediator, person=person, assessed_on=day, barriers=["mobility"])
    page = client_for(mediator).get(reverse("assessments:person", args=[person.pk])).content.decode()
    assert "10/01/2025" in page and "10/06/2025" in page
    assert "Comparaison des dernières évaluations" in page


def test_it_updates_an_assessment_and_its_score(person, mediator):
    assessment = assessment_create(acting_user=mediator, person=person, assessed_on=date(2025, 1, 10))
    assessment_update(
        acting_user=mediator,
        assessment=assessment,
        assessed_on=date(2025, 1, 11),
        barriers=["financial"],
        epices_answers=[1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    )
    assessment.refresh_from_db()
    assert (assessment.assessed_on, assessment.epices_score) == (date(2025, 1, 11), Decimal("100.00"))
    assert list(assessment.barriers.values_list("barrier", flat=True)) == ["financial"]


@pytest.mark.parametrize(
    "role", ["volunteer", "assistant", "deputy", "director", "patient_partner", "outsider"]
)
def test_it_keeps_assessments_from_roles_without_medical_access(role, world, person, mediator, client_for):
    assessment = assessment_create(acting_user=mediator, person=person, assessed_on=date(2025, 1, 10))
    client = client_for(world.users[role])
    for url in [
        reverse("assessments:detail", args=[assessment.pk]),
        reverse("assessments:person", args=[person.pk]),
        reverse("assessments:create", args=[person.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    listed = client.get(reverse("assessments:list"))
    # The outsider is a mediator elsewhere: their own list, without this assessment.
    assert listed.status_code == (200 if role == "outsider" else 404)
    if role == "outsider":
        assert list(listed.context["page"].object_list) == []
    assert (
        "Évaluation des besoins"
        not in client.get(reverse("person_detail", args=[person.pk])).content.decode()
    )
    with pytest.raises(PermissionDenied):
        assessment_create(acting_user=world.users[role], person=person, assessed_on=date(2025, 1, 10))
    # A refused access leaves no read in the journal.
    assert not JournalEntry.objects.filter(
        user=world.users[role], object_type="assessments.assessment"
    ).exists()


def test_it_refuses_a_future_date_and_unknown_codes(person, mediator):
    with pytest.raises(ValidationError):
        assessment_create(acting_user=mediator, person=person, assessed_on=date(2099, 1, 1))
    with pytest.raises(ValidationError):
        assessment_create(
            acting_user=mediator, person=person, assessed_on=date(2025, 1, 1), barriers=["moon"]
        )
