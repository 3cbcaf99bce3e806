import re

import pytest
from playwright.sync_api import expect

from lien.accounts.enums import Role
from lien.accounts.services import user_add
from tests.browser.conftest import assert_accessible
from tests.factories import CommuneFactory, OrganisationFactory, PersonFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def mediator(transactional_db):
    organisation = OrganisationFactory(slug="mdm-haute-vallee-aude", name="MdM Haute Vallée de l'Aude")
    CommuneFactory()
    PersonFactory(organisation=organisation, first_name="Josette", last_name="Maury")
    user, _ = user_add(
        email="amina@lien.example",
        organisation=organisation,
        role=Role.COMMUNITY_MEDIATOR,
        full_name="Amina Ould",
        password=PASSWORD,
    )
    return user


def _log_in(page, live_server, email, password):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/"))
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_it_takes_a_mediator_from_login_to_home_on_a_phone(phone_page, live_server, mediator):
    _log_in(phone_page, live_server, "amina@lien.example", PASSWORD)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Bonjour Amina")
    expect(phone_page.get_by_text("MdM Haute Vallée de l'Aude")).to_be_visible()
    assert_accessible(phone_page)


def test_it_finds_a_person_and_opens_the_file(desktop_page, live_server, mediator):
    _log_in(desktop_page, live_server, "amina@lien.example", PASSWORD)
    desktop_page.get_by_label("Rechercher une personne").fill("josette maury")
    desktop_page.get_by_role("button", name="Rechercher").click()
    assert_accessible(desktop_page)
    desktop_page.get_by_role("link", name="Josette Maury").click()
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text("Josette Maury")
    assert_accessible(desktop_page)


def test_it_creates_a_person_with_a_commune_suggested_while_typing(desktop_page, live_server, mediator):
    _log_in(desktop_page, live_server, "amina@lien.example", PASSWORD)
    desktop_page.goto(live_server.url + "/personnes/nouvelle/")
    assert_accessible(desktop_page)
    desktop_page.get_by_label("Prénom ou pseudonyme").fill("Lola")
    commune = desktop_page.get_by_label("Commune")
    commune.press_sequentially("quil")
    expect(desktop_page.locator("datalist option")).to_have_count(1)
    commune.fill("Quillan — 11500 (11304)")
    # In an association, no identified file without the person's consent.
    desktop_page.get_by_label("accepte que l'équipe garde une fiche à son nom").check()
    desktop_page.get_by_role("button", name="Enregistrer").click()
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text("Lola")
    expect(desktop_page.get_by_text("Quillan — 11500 (11304)")).to_be_visible()


def test_it_shows_a_clear_message_on_a_wrong_password(desktop_page, live_server, mediator):
    _log_in(desktop_page, live_server, "amina@lien.example", "pas-le-bon-mot-de-passe")
    expect(desktop_page.get_by_role("alert")).to_contain_text("adresse e-mail")
    assert_accessible(desktop_page)
