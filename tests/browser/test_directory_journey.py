"""A mediator finds, on a phone, where to send someone, and prints the sheet; every page of the
directory passes axe (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from tests.browser.conftest import assert_accessible
from tests.directory.factories import ContactFactory, ServiceFactory, StructureFactory
from tests.factories import CommuneFactory, OrganisationFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def mediator(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    CommuneFactory()
    pass_ = StructureFactory(
        organisation=organisation,
        name="PASS de Carcassonne",
        commune_name="Carcassonne",
        code_insee="11069",
        latitude=43.1957,
        longitude=2.3357,
        phone="04 65 71 10 10",
        opening_hours="Mo-Fr 09:00-12:30",
        access_directions="Bus 2, arrêt Hôpital.",
    )
    ServiceFactory(
        structure=pass_,
        name="Consultation sans couverture",
        thematics=["sante--acces-aux-soins"],
        free=True,
        accepts_ame=True,
    )
    ContactFactory(structure=pass_)
    msp = StructureFactory(organisation=organisation, name="Maison de santé de Quillan", located=True)
    ServiceFactory(
        structure=msp, name="Médecin traitant", thematics=["sante--acces-aux-soins"], accepts_c2s=True
    )
    user, _ = user_add(
        email="amina@lien.example",
        organisation=organisation,
        role=Role.COMMUNITY_MEDIATOR,
        full_name="Amina Ould",
        password=PASSWORD,
    )
    return user


def _log_in(page, live_server):
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("amina@lien.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile(r"/compte/connexion/"))


def test_it_finds_services_around_a_commune_and_prints_the_sheet_on_a_phone(
    phone_page, live_server, mediator
):
    _log_in(phone_page, live_server)
    phone_page.goto(live_server.url + "/annuaire/")
    assert_accessible(phone_page)
    phone_page.get_by_label("Besoin").select_option("sante--acces-aux-soins")
    phone_page.get_by_label("Commune :", exact=True).fill("11304")
    phone_page.get_by_label("Autour de la commune").select_option("50")
    phone_page.get_by_role("button", name="Rechercher").click()
    expect(phone_page.get_by_text("2 services trouvés")).to_be_visible()
    results = phone_page.get_by_role("heading", level=2)
    expect(results.first).to_have_text("Médecin traitant")  # nearest first
    assert_accessible(phone_page)
    phone_page.get_by_label("Ajouter « Consultation sans couverture » à la fiche d'orientation").check()
    phone_page.get_by_role("button", name="Préparer la fiche d'orientation").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Où aller")
    expect(phone_page.get_by_text("Du lundi au vendredi : de 9 h à 12 h 30")).to_be_visible()
    assert_accessible(phone_page)


def test_every_page_of_the_directory_is_accessible(desktop_page, live_server, mediator):
    _log_in(desktop_page, live_server)
    desktop_page.goto(live_server.url + "/annuaire/structures/")
    assert_accessible(desktop_page)
    desktop_page.get_by_role("link", name="PASS de Carcassonne").click()
    expect(desktop_page.get_by_text("Sophie Castel", exact=True)).to_be_visible()
    assert_accessible(desktop_page)
    # The import and export page asks for the password again first.
    desktop_page.goto(live_server.url + "/annuaire/echanges/")
    desktop_page.get_by_label("Votre mot de passe").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Confirmer").click()
    expect(desktop_page).to_have_url(live_server.url + "/annuaire/echanges/")
    for path in (
        "/annuaire/structures/nouvelle/",
        "/annuaire/rencontres/",
        "/annuaire/rencontres/nouvelle/",
        "/annuaire/echanges/",
    ):
        desktop_page.goto(live_server.url + path)
        assert_accessible(desktop_page)
    desktop_page.goto(live_server.url + "/annuaire/structures/")
    desktop_page.get_by_role("link", name="PASS de Carcassonne").click()
    desktop_page.get_by_role("link", name="Modifier le service « Consultation sans couverture »").click()
    assert_accessible(desktop_page)
