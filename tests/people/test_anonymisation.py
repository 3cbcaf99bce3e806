"""A consent withdrawal anonymises the file across the apps and keeps what statistics count."""

from datetime import date

import pytest

from lien.assessments.models import Assessment
from lien.assessments.services import assessment_create
from lien.outreach.models import Contact
from lien.outreach.services import contact_record, session_create
from lien.participation.models import Testimony as SavedTestimony
from lien.participation.services import testimony_save as save_testimony
from lien.people.services import consent_withdraw
from lien.rights.models import Procedure, RightsReminder
from lien.rights.services import procedure_start, rights_reminders_create
from tests.mediation import FULL_CONSENT, consented_person

pytestmark = pytest.mark.django_db


def test_it_erases_free_text_keeps_codes_and_deletes_testimonies(world):
    mediator = world.users["community_mediator"]
    person = consented_person(world, first_name="Hélène", birth_year=1971, consent=FULL_CONSENT)
    session = session_create(
        acting_user=mediator,
        organisation=world.organisation,
        kind="permanence",
        held_on=date(2025, 2, 3),
        place="Mairie",
    )
    contact_record(acting_user=mediator, session=session, person=person, topics=["rights"])
    assessment_create(
        acting_user=mediator,
        person=person,
        assessed_on=date(2025, 2, 3),
        barriers=["mobility"],
        epices_answers=[1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
        priority_words="Retrouver mon médecin, le Dr Fabre",
        notes="Vit avec sa sœur Josette",
    )
    procedure = procedure_start(
        acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 2, 3), notes="Appeler sa fille"
    )
    Procedure.objects.filter(pk=procedure.pk).update(
        status="granted", decision_on=date(2025, 3, 1), rights_end=date(2026, 2, 28)
    )
    rights_reminders_create(today=date(2026, 1, 15))
    save_testimony(
        acting_user=mediator,
        organisation=world.organisation,
        person=person,
        collected_on=date(2025, 2, 3),
        text="Trop loin.",
        advocacy_use=True,
    )

    consent_withdraw(acting_user=mediator, person=person, withdrawn_on=date(2025, 6, 1))

    contact = Contact.objects.get()
    assert (contact.person, contact.age_band, list(contact.topics.values_list("topic", flat=True))) == (
        person,
        "45-54",
        ["rights"],
    )
    assessment = Assessment.objects.get()
    assert (assessment.notes, assessment.priority_words) == ("", "")
    assert (str(assessment.epices_score), list(assessment.barriers.values_list("barrier", flat=True))) == (
        "53.84",
        ["mobility"],
    )
    procedure.refresh_from_db()
    assert (procedure.notes, procedure.kind, procedure.status) == ("", "c2s", "granted")
    assert not RightsReminder.objects.filter(done_at__isnull=True).exists()
    assert not SavedTestimony.objects.exists()
