"""The coordinator of an association plans a session of a workshop programme; the mediator, who
follows the patient, registers her with her consent; the coordinator records the attendance and
opens the programme's report. Every page passes axe."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from lien.people.services import ConsentInput, person_create
from lien.workshops import services as workshops
from lien.workshops.models import WorkshopAttendance, WorkshopRegistration
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"
COORDINATOR = "coordination@lien.example"
MEDIATOR = "amina@lien.example"


def login(page, base, email):
    page.goto(base + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


@pytest.fixture
def programme(transactional_db):
    today = timezone.localdate()
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    coordinator, _ = user_add(
        email=COORDINATOR, organisation=organisation, role=Role.COORDINATOR, password=PASSWORD
    )
    mediator, _ = user_add(
        email=MEDIATOR, organisation=organisation, role=Role.COMMUNITY_MEDIATOR, password=PASSWORD
    )
    person_create(
        acting_user=mediator,
        organisation=organisation,
        first_name="Odile",
        last_name="Quintal",
        commune=CommuneFactory(),
        consent=ConsentInput(given_on=today - timedelta(days=60), form="written"),
    )
    return workshops.programme_create(
        acting_user=coordinator,
        organisation=organisation,
        title="Vivre avec son diabète",
        starts_on=today - timedelta(days=30),
    )


def test_the_coordinator_plans_the_mediator_registers_the_coordinator_records_and_reads_the_report(
    programme, live_server, browser, desktop_page
):
    base, page = live_server.url, desktop_page
    yesterday = timezone.localdate() - timedelta(days=1)
    login(page, base, COORDINATOR)

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Ateliers").click()
    assert_accessible(page)
    page.get_by_role("link", name="Vivre avec son diabète").click()
    page.get_by_role("link", name="Ajouter une séance").click()
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Heure").fill("14:00")
    page.get_by_label("Lieu").fill("Maison de santé de Limoux")
    page.get_by_label("Thème").select_option(label="Alimentation")
    page.get_by_label("Places").fill("8")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_text("Séance enregistrée.")).to_be_visible()

    # The coordination does not register: it reads no file.
    expect(page.get_by_role("link", name="Inscrire une personne")).to_have_count(0)
    programme_url = page.url

    # The mediator, in a browser of their own, registers the patient they follow.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        mine = context.new_page()
        login(mine, base, MEDIATOR)
        mine.goto(programme_url)
        mine.get_by_role("link", name="Inscrire une personne").click()
        expect(mine.get_by_role("heading", name="Texte d'information à lire à la personne")).to_be_visible()
        assert_accessible(mine)
        mine.get_by_role("combobox", name=re.compile(r"^Personne")).select_option(label="Odile Quintal")
        mine.get_by_label("La personne a entendu le texte ci-dessus et consent à participer").check()
        week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
        mine.get_by_label("Consentement donné le").fill(week_ago)
        mine.get_by_label("Inscrit·e le").fill(week_ago)
        mine.get_by_role("button", name="Enregistrer l'inscription").click()
        expect(mine.get_by_text("Inscription enregistrée")).to_be_visible()
    finally:
        context.close()
    assert WorkshopRegistration.objects.get().consent_information_version == "etp-2026-01"

    page.reload()
    page.get_by_role("link", name="Présences").click()
    expect(page.get_by_role("heading", name="Feuille de présence")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Odile Quintal présent·e").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    assert WorkshopAttendance.objects.get().status == "present"

    page.get_by_role("link", name="Bilan du programme").click()
    expect(page.get_by_text("1 sur 1 place attendue")).to_be_visible()
    expect(page.get_by_text("100 %")).to_be_visible()
    assert_accessible(page)
    assert page.url.startswith(base + reverse("workshops:report", args=[programme.pk]))
