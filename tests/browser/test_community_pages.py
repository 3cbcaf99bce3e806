"""The community mediation pages pass axe (WCAG 2.1 AA) with real content, on a desktop and a phone."""

from datetime import date

import pytest

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.assessments.services import assessment_create
from lien.outreach.services import contact_record, session_create
from lien.participation.services import meeting_save, relay_save
from lien.participation.services import testimony_save as save_testimony
from lien.people.services import ConsentInput, person_create
from lien.rights.services import procedure_start, rights_reminders_create
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def pages(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    commune = CommuneFactory()
    mediator, _ = user_add(
        email="amina@lien.example",
        organisation=organisation,
        role=Role.COMMUNITY_MEDIATOR,
        full_name="Amina Ould",
        password=PASSWORD,
    )
    consent = ConsentInput(given_on=date(2024, 1, 2), form="oral", advocacy_testimonies=True)
    person = person_create(
        acting_user=mediator,
        organisation=organisation,
        consent=consent,
        first_name="Josette",
        commune=commune,
        vulnerabilities=["geographic_isolation"],
    )
    session = session_create(
        acting_user=mediator,
        organisation=organisation,
        kind="permanence",
        held_on=date(2025, 3, 4),
        place="Mairie",
    )
    contact_record(acting_user=mediator, session=session, person=person, topics=["rights"])
    contact_record(acting_user=mediator, session=session, age_band="25-34", gender="male")
    for day in (date(2025, 1, 4), date(2025, 3, 4)):
        assessment = assessment_create(
            acting_user=mediator,
            person=person,
            assessed_on=day,
            barriers=["mobility", "digital"] if day.month == 1 else ["mobility"],
            epices_answers=[1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
        )
    procedure = procedure_start(acting_user=mediator, person=person, kind="c2s", started_on=date(2025, 1, 4))
    procedure.status, procedure.decision_on, procedure.rights_end = (
        "granted",
        date(2025, 2, 1),
        date(2026, 1, 31),
    )
    procedure.save()
    rights_reminders_create(today=date(2025, 12, 15), notify=False)
    meeting = meeting_save(
        acting_user=mediator,
        organisation=organisation,
        kind="exchange_space",
        held_on=date(2025, 3, 4),
        place="Salle",
        attendance=7,
        troubles=["no_gp"],
    )
    relay_save(
        acting_user=mediator,
        organisation=organisation,
        commune=commune,
        name="Josiane",
        agreed_on=date(2025, 1, 5),
    )
    testimony, _ = save_testimony(
        acting_user=mediator,
        organisation=organisation,
        person=person,
        collected_on=date(2025, 3, 4),
        text="Le Dr Martin ne prend plus personne.",
        advocacy_use=True,
        troubles=["no_gp"],
    )
    return [
        f"/personnes/{person.pk}/",
        f"/personnes/{person.pk}/modifier/",
        f"/personnes/{person.pk}/consentement/",
        f"/personnes/{person.pk}/consentement/retrait/",
        "/sorties/",
        f"/sorties/{session.pk}/",
        "/sorties/nouvelle/",
        f"/evaluations/personne/{person.pk}/",
        f"/evaluations/personne/{person.pk}/nouvelle/",
        f"/evaluations/{assessment.pk}/",
        "/droits/",
        f"/droits/{procedure.pk}/",
        f"/droits/personne/{person.pk}/nouvelle/",
        "/participation/",
        f"/participation/rencontres/{meeting.pk}/",
        "/participation/rencontres/nouvelle/",
        "/participation/relais/",
        "/participation/temoignages/",
        f"/participation/temoignages/{testimony.pk}/",
        f"/participation/temoignages/nouveau/?person={person.pk}",
        "/participation/plaidoyer/",
    ]


def _log_in(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_label("Adresse e-mail").fill("amina@lien.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server.url + "/")
    # The consent withdrawal (an anonymisation) asks for the password again first.
    page.goto(live_server.url + "/compte/confirmation/?next=/")
    assert_accessible(page)
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.parametrize("size", ["desktop_page", "phone_page"])
def test_it_keeps_every_page_accessible(size, request, live_server, pages):
    page = request.getfixturevalue(size)
    _log_in(page, live_server)
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
        if size == "phone_page":
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
